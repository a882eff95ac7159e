import { isKnownMemberName, JSONL_EVIDENCE, MEMBERS, REQUIRED_MEMBERS } from '../bundle/bundle-layout.ts';
import { jsonlLines, recordDigests, sha256Of } from '../bundle/digests.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import type { Findings } from './review-finding.ts';

/** Members the manifest cannot list: itself, and the signature over it. */
const UNLISTED = new Set<string>([MEMBERS.manifest, MEMBERS.signature]);

/** Names of members whose bytes are exactly what the manifest says: the only ones later checks may trust. */
export type IntactMembers = ReadonlySet<string>;

function recordLabel(line: string | undefined): string {
  if (line === undefined) return '';
  try {
    const record = JSON.parse(line) as { id?: unknown; seq?: unknown; step?: unknown; type?: unknown };
    if (typeof record.id === 'string') return ` (${record.id})`;
    if (typeof record.step === 'string') return ` (step ${String(record.step)})`;
    if (typeof record.seq === 'number') return ` (seq ${record.seq}${typeof record.type === 'string' ? `, ${record.type}` : ''})`;
  } catch {
    // A line that is no longer JSON is reported by line number alone.
  }
  return '';
}

/**
 * Where a JSONL evidence member changed, record by record, from the digests the writer stored per line; empty
 * when the stored digests are not trustworthy themselves.
 */
function changedRecords(name: string, bytes: Buffer, stored: Readonly<Record<string, unknown>> | undefined): string[] {
  const before = stored?.[name];
  if (!Array.isArray(before)) return [];
  const lines = jsonlLines(bytes.toString('utf8'));
  const now = recordDigests(bytes.toString('utf8'));
  const changes: string[] = [];
  const common = Math.min(before.length, now.length);
  for (let index = 0; index < common; index += 1) {
    if (before[index] !== now[index]) changes.push(`line ${index + 1}${recordLabel(lines[index])} changed`);
  }
  if (now.length > before.length) changes.push(`${now.length - before.length} line(s) added after line ${before.length}`);
  if (now.length < before.length) changes.push(`${before.length - now.length} line(s) removed (the bundle had ${before.length})`);
  return changes;
}

/**
 * Every listed member is present with the SHA-256 and size the manifest gives; nothing is present that the manifest
 * does not list; every member a review needs is listed. A changed JSONL evidence member is located to the record.
 */
export function verifyMembers(manifest: BundleManifest, members: ReadonlyMap<string, Buffer>, findings: Findings): IntactMembers {
  const intact = new Set<string>();
  const listed = new Map<string, BundleManifest['members'][number]>();
  for (const entry of manifest.members) {
    if (listed.has(entry.name)) findings.tampered('members', `the manifest lists ${entry.name} twice`);
    listed.set(entry.name, entry);
  }

  let recordDigestsStored: Record<string, unknown> | undefined;
  const digestsMember = members.get(MEMBERS.recordDigests);
  const digestsEntry = listed.get(MEMBERS.recordDigests);
  if (digestsMember && digestsEntry && sha256Of(digestsMember) === digestsEntry.sha256) {
    try {
      recordDigestsStored = JSON.parse(digestsMember.toString('utf8')) as Record<string, unknown>;
    } catch {
      recordDigestsStored = undefined;
    }
  }

  for (const [name, entry] of listed) {
    if (UNLISTED.has(name)) {
      findings.tampered('members', `the manifest lists ${name}, which is never a listed member`);
      continue;
    }
    if (!isKnownMemberName(name)) findings.tampered('members', `the manifest lists ${name}, which is not a member the kit writes`);
    const bytes = members.get(name);
    if (bytes === undefined) {
      findings.tampered('members', `${name} is listed in the manifest but missing from the bundle`);
      continue;
    }
    const actual = sha256Of(bytes);
    if (actual !== entry.sha256) {
      const size = bytes.length === entry.bytes ? `same size, ${bytes.length} bytes` : `${bytes.length} bytes, the manifest says ${entry.bytes}`;
      const records = JSONL_EVIDENCE.includes(name) ? changedRecords(name, bytes, recordDigestsStored) : [];
      findings.tampered('members', `${name} changed after the bundle was written: SHA-256 ${actual.slice(0, 19)}… is not the manifest's ${entry.sha256.slice(0, 19)}… (${size})${records.length > 0 ? `; ${records.slice(0, 5).join('; ')}${records.length > 5 ? `; and ${records.length - 5} more` : ''}` : ''}`);
      continue;
    }
    if (bytes.length !== entry.bytes) {
      findings.tampered('members', `${name} is ${bytes.length} bytes; the manifest says ${entry.bytes}`);
      continue;
    }
    intact.add(name);
  }

  for (const name of [...members.keys()].sort()) {
    if (!UNLISTED.has(name) && !listed.has(name)) findings.tampered('members', `${name} is in the bundle but not in the manifest: it was added after the bundle was written`);
  }
  for (const name of REQUIRED_MEMBERS) {
    // Present but unlisted is reported above as added; listed but absent as missing.
    if (!listed.has(name) && !members.has(name)) findings.tampered('members', `${name} is missing, and the manifest does not list it: every bundle the kit writes has it`);
  }
  if (!findings.has('tampered', 'members')) {
    findings.ok('members', `all ${listed.size} members listed in the manifest are present with their SHA-256, and no other member is`);
  }
  return intact;
}
