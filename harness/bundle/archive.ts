import { gunzipSync, gzipSync } from 'node:zlib';
import { readTar, TarError, writeTar, type TarEntry } from './tar.ts';

/** A bundle never needs more than this once decompressed; a larger one is refused rather than read into memory. */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

const compareNames = (left: TarEntry, right: TarEntry): number => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0);

/**
 * The bundle's bytes: a ustar archive of the members sorted by name (byte order of the UTF-8 names, which for the
 * ASCII names the kit writes is code-unit order), gzip'ed. Node's gzip header carries no time and no file name, so
 * the same members always give the same file.
 */
export function packArchive(entries: readonly TarEntry[]): Buffer {
  return gzipSync(writeTar([...entries].sort(compareNames)), { level: 9 });
}

/** The members of a .tar.gz; a damaged, truncated or oversized archive is a TarError saying which. */
export function unpackArchive(bytes: Buffer, maxUnpackedBytes: number = MAX_UNPACKED_BYTES): TarEntry[] {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new TarError('not a gzip file (a bundle is a .tar.gz)');
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: maxUnpackedBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new TarError(`the archive unpacks to more than ${maxUnpackedBytes} bytes`);
    throw new TarError(`the gzip data is damaged (${(error as Error).message})`);
  }
  return readTar(tar);
}
