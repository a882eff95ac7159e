import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../bundle/tar.ts';
import type { KnownSecret } from './run-secrets.ts';
import { secretNeedles, type SecretNeedle, type Spelling } from './secret-spellings.ts';

/** A secret found in the output: where, which secret (by label, never by value), spelt how, and how often. */
export interface SecretHit {
  /** Relative to the scanned folder; `bundle.tar.gz!reports/summary.json` for a member of an archive. */
  readonly file: string;
  readonly label: string;
  readonly spelling: Spelling | 'file name';
  /** Byte offset of the first occurrence (in the decompressed member for an archive). */
  readonly offset: number;
  readonly occurrences: number;
}

export interface ScanOptions {
  /** Largest decompressed size of a .gz file scanned inside; default 1 GiB. */
  readonly maxUnpackedBytes?: number;
}

const DEFAULT_MAX_UNPACKED = 1024 * 1024 * 1024;

function isWordBoundary(bytes: Buffer, at: number, word: RegExp): boolean {
  const byte = bytes[at];
  return byte === undefined || !word.test(String.fromCharCode(byte));
}

/**
 * Needles indexed by their first four bytes, so one pass over a buffer finds every candidate position for all of
 * them at once (a full certification scans tens of megabytes for hundreds of spellings). Every secret spelling is
 * at least four bytes long: the run's secrets are (MIN_SCANNED_SECRET_LENGTH) and encoding only lengthens them.
 */
const slotOf = (key: number): number => Math.imul(key, 0x9e3779b1) >>> 16;

class NeedleIndex {
  private readonly byPrefix = new Map<number, SecretNeedle[]>();
  /** A one-byte-per-slot filter over hashed prefixes: most positions are ruled out without a Map lookup. */
  private readonly filter = new Uint8Array(1 << 16);

  constructor(readonly needles: readonly SecretNeedle[]) {
    for (const needle of needles) {
      if (needle.bytes.length < 4) throw new Error(`a secret spelling shorter than 4 bytes cannot be scanned for (${needle.label})`);
      const key = needle.bytes.readUInt32BE(0);
      this.filter[slotOf(key)] = 1;
      const list = this.byPrefix.get(key);
      if (list) list.push(needle);
      else this.byPrefix.set(key, [needle]);
    }
  }

  /** One hit per (needle, place) with its first offset and the count of occurrences. */
  scan(place: string, bytes: Buffer): SecretHit[] {
    const found = new Map<SecretNeedle, { first: number; occurrences: number }>();
    let key = 0;
    for (let index = 0; index < bytes.length; index += 1) {
      key = ((key << 8) | (bytes[index] as number)) >>> 0;
      if (index < 3 || this.filter[slotOf(key)] === 0) continue;
      const candidates = this.byPrefix.get(key);
      if (candidates === undefined) continue;
      const at = index - 3;
      for (const needle of candidates) {
        const end = at + needle.bytes.length;
        if (end > bytes.length || bytes.compare(needle.bytes, 4, needle.bytes.length, at + 4, end) !== 0) continue;
        if (needle.wholeWord && !(isWordBoundary(bytes, at - 1, needle.wordCharacters) && isWordBoundary(bytes, end, needle.wordCharacters))) continue;
        const entry = found.get(needle);
        if (entry) entry.occurrences += 1;
        else found.set(needle, { first: at, occurrences: 1 });
      }
    }
    return this.needles.flatMap((needle) => {
      const entry = found.get(needle);
      return entry ? [{ file: place, label: needle.label, spelling: needle.spelling, offset: entry.first, occurrences: entry.occurrences }] : [];
    });
  }
}

const isGzip = (bytes: Buffer): boolean => bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
const isUstar = (bytes: Buffer): boolean => bytes.length >= 512 && bytes.subarray(257, 262).toString('latin1') === 'ustar';

/**
 * Scans one file's bytes, and what it holds: a gzip file is scanned again decompressed, a tar archive (the
 * bundle) member by member, so a secret cannot hide behind the bundle's compression.
 */
export function scanBytes(place: string, bytes: Buffer, secrets: readonly KnownSecret[] | NeedleIndex, options: ScanOptions = {}): SecretHit[] {
  const needles = secrets instanceof NeedleIndex ? secrets : new NeedleIndex(secretNeedles(secrets));
  const hits = needles.scan(place, bytes);
  let inner: Buffer | undefined;
  if (isGzip(bytes)) {
    try {
      inner = gunzipSync(bytes, { maxOutputLength: options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED });
    } catch {
      inner = undefined;
    }
  }
  const archive = inner ?? (isUstar(bytes) ? bytes : undefined);
  if (archive && isUstar(archive)) {
    try {
      for (const member of readTar(archive)) {
        hits.push(...scanNames(`${place}!${member.name}`, member.name, needles));
        hits.push(...scanBytes(`${place}!${member.name}`, member.data, needles, options));
      }
      return hits;
    } catch {
      // Not an archive the kit wrote: scanned below as one decompressed stream instead.
    }
  }
  if (inner) hits.push(...needles.scan(`${place}!(decompressed)`, inner));
  return hits;
}

function scanNames(place: string, name: string, needles: NeedleIndex): SecretHit[] {
  return needles.scan(place, Buffer.from(name, 'utf8')).map((hit) => ({ ...hit, spelling: 'file name' as const }));
}

async function filesBelow(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      // A link is scanned as what it points to would be, only if that is inside: never follow it out of the folder.
      else if (entry.isFile()) files.push(path);
    }
  };
  const stats = await lstat(root).catch(() => undefined);
  if (stats?.isDirectory()) await walk(root);
  else if (stats?.isFile()) files.push(root);
  return files.sort();
}

/**
 * The final scan (design §8): every byte of every file below `dir` (a file is scanned on its own), bundles
 * decompressed and opened, for every spelling of every known secret of the run. Returns where each one was found,
 * by label; an empty list is the only acceptable outcome for a run.
 */
export async function scanForSecrets(dir: string, secrets: readonly KnownSecret[], options: ScanOptions = {}): Promise<SecretHit[]> {
  const needles = new NeedleIndex(secretNeedles(secrets));
  if (needles.needles.length === 0) return [];
  const hits: SecretHit[] = [];
  for (const file of await filesBelow(dir)) {
    const place = relative(dir, file).split(sep).join('/') || file;
    hits.push(...scanNames(place, place, needles));
    hits.push(...scanBytes(place, await readFile(file), needles, options));
  }
  return hits;
}

/** One line per hit for a console or an error, naming the file and the secret's label: never the value. */
export function describeSecretHit(hit: SecretHit): string {
  const where = hit.spelling === 'file name' ? 'in its name' : `at byte ${hit.offset}${hit.occurrences > 1 ? ` (${hit.occurrences} times)` : ''}, ${hit.spelling}`;
  return `${hit.file} holds the run's ${hit.label} ${where}`;
}
