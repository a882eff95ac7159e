/**
 * A small ustar (POSIX.1-1988) writer and reader, enough for the submission bundle: regular files only, written
 * deterministically (fixed mtime, uid, gid, mode, empty owner names, members in the order given) so the same
 * members give the same bytes. The reader is strict: a bundle is evidence, and an archive it cannot account for
 * byte by byte is refused with the reason, never half-read.
 */

export interface TarEntry {
  /** A relative path with `/` separators: no leading `/`, no `.` or `..` segments, no backslashes. */
  readonly name: string;
  readonly data: Buffer;
}

export class TarError extends Error {
  override readonly name = 'TarError';
}

const BLOCK = 512;
/** Every member's modification time: the epoch, so the archive does not depend on when it was written. */
export const TAR_MTIME = 0;
export const TAR_MODE = 0o644;
const NAME_LENGTH = 100;
const PREFIX_LENGTH = 155;
/** 11 octal digits: the largest size a plain ustar header can state. */
const MAX_SIZE = 0o77777777777;

/** Why a member name is not acceptable, or undefined. Names come from the writer's own layout or from a bundle under review. */
export function memberNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.startsWith('/')) return 'is absolute';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.includes('\0')) return 'contains a NUL byte';
  if (name.endsWith('/')) return 'names a folder';
  if (name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return 'has an empty, "." or ".." segment';
  return undefined;
}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new TarError(`"${value}" does not fit in a ${length}-byte tar header field`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  // length - 1 digits, zero-padded, then NUL: what GNU tar and bsdtar write.
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/** Splits a long name into ustar's prefix and name fields at a `/`, or throws when no split fits. */
function splitName(name: string): { prefix: string; name: string } {
  if (Buffer.byteLength(name) <= NAME_LENGTH) return { prefix: '', name };
  for (let at = name.indexOf('/'); at >= 0; at = name.indexOf('/', at + 1)) {
    const prefix = name.slice(0, at);
    const rest = name.slice(at + 1);
    if (Buffer.byteLength(prefix) <= PREFIX_LENGTH && Buffer.byteLength(rest) <= NAME_LENGTH) return { prefix, name: rest };
  }
  throw new TarError(`member name "${name}" is too long for a ustar archive (at most 155 + 100 bytes, split at a "/")`);
}

function checksumOf(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) sum += index >= 148 && index < 156 ? 0x20 : (header[index] ?? 0);
  return sum;
}

function headerFor(entry: TarEntry): Buffer {
  const problem = memberNameProblem(entry.name);
  if (problem) throw new TarError(`member name "${entry.name}" ${problem}`);
  if (entry.data.length > MAX_SIZE) throw new TarError(`member ${entry.name} is larger than a ustar archive can hold`);
  const header = Buffer.alloc(BLOCK);
  const { prefix, name } = splitName(entry.name);
  writeString(header, 0, NAME_LENGTH, name);
  writeOctal(header, 100, 8, TAR_MODE);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, entry.data.length);
  writeOctal(header, 136, 12, TAR_MTIME);
  header[156] = 0x30; // '0': a regular file
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  writeOctal(header, 329, 8, 0);
  writeOctal(header, 337, 8, 0);
  writeString(header, 345, PREFIX_LENGTH, prefix);
  // The checksum field: six octal digits, NUL, space (POSIX).
  header.write(`${checksumOf(header).toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** One ustar archive of the entries, in the order given, ended by two zero blocks. Duplicate names are refused. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (seen.has(entry.name)) throw new TarError(`member ${entry.name} is given twice`);
    seen.add(entry.name);
    parts.push(headerFor(entry), entry.data, padding(entry.data.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function readOctal(header: Buffer, offset: number, length: number, what: string, at: number): number {
  const text = header.subarray(offset, offset + length).toString('ascii').replace(/[\0 ]+$/, '').replace(/^[ ]+/, '');
  if (!/^[0-7]*$/.test(text)) throw new TarError(`the tar header at byte ${at} has a malformed ${what} field`);
  return text === '' ? 0 : Number.parseInt(text, 8);
}

const isZeroBlock = (block: Buffer): boolean => block.every((byte) => byte === 0);

/**
 * Reads every member of a ustar archive. Refuses what the writer never produces and a reviewer could be misled
 * by: a bad checksum, a truncated member, a link, a device, a pax or GNU extension header, an unsafe or duplicate
 * name. Folder entries (other tools add them when re-packing) are skipped.
 */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  const seen = new Set<string>();
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (isZeroBlock(header)) {
      // Anything but zeros after the end marker would be bytes no reader shows a reviewer.
      if (!isZeroBlock(archive.subarray(offset))) throw new TarError(`the archive has data after its end-of-archive block (byte ${offset})`);
      return entries;
    }
    const stated = readOctal(header, 148, 8, 'checksum', offset);
    if (stated !== checksumOf(header)) throw new TarError(`the tar header at byte ${offset} has a wrong checksum: the archive is damaged`);
    const magic = header.subarray(257, 262).toString('ascii');
    if (magic !== 'ustar') throw new TarError(`the tar header at byte ${offset} is not a ustar header`);
    const prefix = readString(header, 345, PREFIX_LENGTH);
    const base = readString(header, 0, NAME_LENGTH);
    const name = prefix === '' ? base : `${prefix}/${base}`;
    const size = readOctal(header, 124, 12, 'size', offset);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw new TarError(`member ${name} is cut short: the archive ends inside it`);
    offset = dataEnd + ((BLOCK - (size % BLOCK)) % BLOCK);
    if (type === '5') continue;
    if (type !== '0' && type !== '\0') throw new TarError(`member ${name} has tar type "${type}"; a bundle holds regular files only`);
    const problem = memberNameProblem(name);
    if (problem) throw new TarError(`member name "${name}" ${problem}`);
    if (seen.has(name)) throw new TarError(`member ${name} appears twice in the archive`);
    seen.add(name);
    entries.push({ name, data: Buffer.from(archive.subarray(dataStart, dataEnd)) });
  }
  throw new TarError('the archive ends without its end-of-archive blocks: it is truncated');
}
