import { createHash } from 'node:crypto';

/** `sha256:<hex>`: the spelling the kit uses for every digest (requirement sets, specs, members, the config). */
export function sha256Of(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * JSON with object keys sorted at every level and no whitespace: the same value always gives the same bytes, so
 * a digest of it (the config's) can be re-computed by a reviewer from the manifest alone.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Length of a record digest: 64 bits locate a changed line among a run's records; the member digest proves it. */
const RECORD_DIGEST_HEX = 16;

/** The lines of a JSONL member, without the empty one after the last newline. */
export function jsonlLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** One short digest per line of a JSONL member, so a review can say which record changed, not only that one did. */
export function recordDigests(jsonl: string): string[] {
  return jsonlLines(jsonl).map((line) => createHash('sha256').update(line).digest('hex').slice(0, RECORD_DIGEST_HEX));
}
