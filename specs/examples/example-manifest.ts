import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NAMES, type ApiName } from '../loader/index.ts';
import { isEvidenceTag, type EvidenceTag } from '../../harness/reference/evidence-tags.ts';
import { isReferenceAnchor } from '../../harness/reference/reference-anchors.ts';

/** The folder holding every documented payload, as `<api>/<operationId>/<name>.json`, and the manifest. */
export const EXAMPLES_FOLDER = fileURLToPath(new URL('.', import.meta.url));
export const MANIFEST_FILE = 'examples.json';

export const MUTATION_KINDS = Object.freeze(['missing-required', 'wrong-enum', 'wrong-type', 'wrong-format'] as const);
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** The JSON Schema keyword a validator must report for each mutation kind. */
export const KEYWORD_OF_MUTATION: Readonly<Record<MutationKind, string>> = Object.freeze({
  'missing-required': 'required',
  'wrong-enum': 'enum',
  'wrong-type': 'type',
  'wrong-format': 'format',
});

export interface ExampleMutation {
  readonly kind: MutationKind;
  /** RFC 6901 pointer into the example; for missing-required, the property removed. */
  readonly pointer: string;
  /** The replacement for wrong-enum, wrong-type and wrong-format; absent for missing-required. */
  readonly value?: unknown;
}

export interface ExampleEntry {
  /** Relative to the examples folder, with forward slashes. */
  readonly file: string;
  readonly api: ApiName;
  readonly operationId: string;
  readonly part: 'request' | 'response';
  /** Responses only. */
  readonly status?: number;
  /** Requests only: how the example is sent (path relative to the API base). */
  readonly method?: string;
  readonly path?: string;
  /** Requests only; application/json unless said. */
  readonly contentType: string;
  readonly evidence: readonly EvidenceTag[];
  /** Where in the reference the example is printed or described, e.g. `§6.3`. */
  readonly section: string;
  /** What the kit's schema does with the example as documented. */
  readonly expect: 'accepted' | 'rejected';
  /** Why a documented example is accepted despite a disagreement, or rejected. Required when rejected. */
  readonly why?: string;
  /** Rejected examples: the only body pointers a finding may name. */
  readonly rejectedAt: readonly string[];
  readonly mutations: readonly ExampleMutation[];
}

export class ExampleManifestError extends Error {
  override readonly name = 'ExampleManifestError';
}

const ENTRY_KEYS = new Set([
  'file', 'api', 'operationId', 'part', 'status', 'method', 'path', 'contentType', 'evidence', 'section', 'expect',
  'why', 'rejectedAt', 'mutations',
]);
const MUTATION_KEYS = new Set(['kind', 'pointer', 'value']);
const CONTENT_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded']);
const POINTER = /^(\/([^~/]|~[01])*)+$/;

/**
 * Checks the manifest strictly — unknown keys, duplicates, unknown evidence tags, impossible combinations — and
 * returns it frozen. Every problem is listed, one line each, because a silently skipped entry would let an
 * example go untested.
 */
export function parseExampleManifest(raw: unknown): readonly ExampleEntry[] {
  if (!Array.isArray(raw)) throw new ExampleManifestError(`${MANIFEST_FILE}: must be an array of entries`);
  const problems: string[] = [];
  const entries: ExampleEntry[] = [];
  const files = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const where = `${MANIFEST_FILE}[${index}]`;
    const entry = parseEntry(item, where, problems);
    if (entry === undefined) return;
    if (files.has(entry.file)) problems.push(`${where}.file: ${entry.file} is listed twice`);
    files.add(entry.file);
    entries.push(entry);
  });
  if (problems.length > 0) throw new ExampleManifestError(problems.join('\n'));
  return Object.freeze(entries);
}

function parseEntry(item: unknown, where: string, problems: string[]): ExampleEntry | undefined {
  if (!isRecord(item)) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  const before = problems.length;
  for (const key of Object.keys(item)) if (!ENTRY_KEYS.has(key)) problems.push(`${where}.${key}: unknown key`);
  const { file, api, operationId, part, status, method, path, contentType, evidence, section, expect, why, rejectedAt, mutations } = item;
  if (typeof file !== 'string' || !/^[a-z-]+\/[A-Za-z]+\/[a-z0-9-]+\.json$/.test(file)) {
    problems.push(`${where}.file: must be <api>/<operationId>/<name>.json`);
  } else if (file.split('/')[0] !== api || file.split('/')[1] !== operationId) {
    problems.push(`${where}.file: ${file} is not under ${String(api)}/${String(operationId)}/`);
  }
  if (!API_NAMES.includes(api as ApiName)) problems.push(`${where}.api: must be one of ${API_NAMES.join(', ')}`);
  if (typeof operationId !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(operationId)) problems.push(`${where}.operationId: must be camelCase`);
  if (part === 'request') {
    if (status !== undefined) problems.push(`${where}.status: only responses have a status`);
    if (typeof method !== 'string' || !/^[A-Z]+$/.test(method)) problems.push(`${where}.method: a request needs an upper-case method`);
    if (typeof path !== 'string' || !path.startsWith('/')) problems.push(`${where}.path: a request needs a path starting with /`);
    if (contentType !== undefined && !CONTENT_TYPES.has(contentType as string)) {
      problems.push(`${where}.contentType: must be one of ${[...CONTENT_TYPES].join(', ')}`);
    }
  } else if (part === 'response') {
    if (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599) problems.push(`${where}.status: a response needs an HTTP status`);
    for (const key of ['method', 'path', 'contentType'] as const) {
      if (item[key] !== undefined) problems.push(`${where}.${key}: only requests have one`);
    }
  } else {
    problems.push(`${where}.part: must be request or response`);
  }
  if (!Array.isArray(evidence) || evidence.length === 0) {
    problems.push(`${where}.evidence: must list at least one evidence tag`);
  } else {
    for (const tag of evidence) if (typeof tag !== 'string' || !isEvidenceTag(tag)) problems.push(`${where}.evidence: unknown evidence tag ${String(tag)}`);
  }
  if (typeof section !== 'string' || !section.startsWith('§') || !isReferenceAnchor(section)) problems.push(`${where}.section: must be a reference section such as §6.3`);
  if (expect !== undefined && expect !== 'accepted' && expect !== 'rejected') problems.push(`${where}.expect: must be accepted or rejected`);
  if (why !== undefined && (typeof why !== 'string' || why.trim() === '')) problems.push(`${where}.why: must be a sentence`);
  const rejected = expect === 'rejected';
  if (rejected) {
    if (why === undefined) problems.push(`${where}.why: a rejected example must say why`);
    if (!Array.isArray(rejectedAt) || rejectedAt.length === 0 || !rejectedAt.every((pointer) => typeof pointer === 'string' && POINTER.test(pointer))) {
      problems.push(`${where}.rejectedAt: a rejected example must list the pointers it is rejected at`);
    }
  } else if (rejectedAt !== undefined) {
    problems.push(`${where}.rejectedAt: only rejected examples have one`);
  }
  if (!Array.isArray(mutations)) {
    problems.push(`${where}.mutations: must be an array`);
  } else {
    // An already invalid example would hide a mutation's finding from a validator that stops at the first error.
    if (rejected && mutations.length > 0) problems.push(`${where}.mutations: a rejected example carries no mutations`);
    if (!rejected && mutations.length === 0) problems.push(`${where}.mutations: an accepted example needs mutations`);
    mutations.forEach((mutation: unknown, index) => checkMutation(mutation, `${where}.mutations[${index}]`, problems));
    const seen = new Set(mutations.map((mutation: unknown) => JSON.stringify(mutation)));
    if (seen.size !== mutations.length) problems.push(`${where}.mutations: a mutation is listed twice`);
  }
  if (problems.length > before) return undefined;
  return Object.freeze({
    file: file as string,
    api: api as ApiName,
    operationId: operationId as string,
    part: part as ExampleEntry['part'],
    ...(status === undefined ? {} : { status: status as number }),
    ...(method === undefined ? {} : { method: method as string }),
    ...(path === undefined ? {} : { path: path as string }),
    contentType: (contentType as string | undefined) ?? 'application/json',
    evidence: Object.freeze([...(evidence as EvidenceTag[])]),
    section: section as string,
    expect: rejected ? 'rejected' : 'accepted',
    ...(why === undefined ? {} : { why: why as string }),
    rejectedAt: Object.freeze([...((rejectedAt as string[] | undefined) ?? [])]),
    mutations: Object.freeze((mutations as ExampleMutation[]).map((mutation) => Object.freeze({ ...mutation }))),
  });
}

function checkMutation(mutation: unknown, where: string, problems: string[]): void {
  if (!isRecord(mutation)) {
    problems.push(`${where}: must be an object`);
    return;
  }
  for (const key of Object.keys(mutation)) if (!MUTATION_KEYS.has(key)) problems.push(`${where}.${key}: unknown key`);
  if (!MUTATION_KINDS.includes(mutation['kind'] as MutationKind)) problems.push(`${where}.kind: must be one of ${MUTATION_KINDS.join(', ')}`);
  if (typeof mutation['pointer'] !== 'string' || !POINTER.test(mutation['pointer'])) problems.push(`${where}.pointer: must be a non-empty RFC 6901 pointer`);
  const hasValue = Object.hasOwn(mutation, 'value');
  if (mutation['kind'] === 'missing-required' && hasValue) problems.push(`${where}.value: missing-required removes the property, it takes no value`);
  if (mutation['kind'] !== 'missing-required' && !hasValue) problems.push(`${where}.value: ${String(mutation['kind'])} needs the replacement value`);
}

/** Reads and checks the manifest of a folder (default: this one). */
export function loadExampleManifest(folder: string = EXAMPLES_FOLDER): readonly ExampleEntry[] {
  const text = readFileSync(join(folder, MANIFEST_FILE), 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ExampleManifestError(`${MANIFEST_FILE}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseExampleManifest(raw);
}

/** The parsed JSON of an example file. */
export function readExample(entry: Pick<ExampleEntry, 'file'>, folder: string = EXAMPLES_FOLDER): unknown {
  return JSON.parse(readFileSync(join(folder, ...entry.file.split('/')), 'utf8'));
}

/** Every `.json` file under the folder except the manifest, relative, with forward slashes, sorted. */
export function listExampleFiles(folder: string = EXAMPLES_FOLDER): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((file) => file !== MANIFEST_FILE)
    .sort();
}

/**
 * A copy of the document with the mutation applied. The pointer must name an existing property (an object
 * member, or an array element for the wrong-* kinds), so a typo in the manifest is an error, not a mutation
 * that silently tests nothing.
 */
export function applyMutation(document: unknown, mutation: ExampleMutation): unknown {
  const copy = structuredClone(document);
  const tokens = mutation.pointer.split('/').slice(1).map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop() as string;
  let parent: unknown = copy;
  for (const token of tokens) parent = childOf(parent, token, mutation.pointer);
  childOf(parent, last, mutation.pointer);
  const container = parent as Record<string, unknown>;
  if (mutation.kind === 'missing-required') {
    if (Array.isArray(container)) throw new ExampleManifestError(`${mutation.pointer}: missing-required must name an object property, not an array element`);
    delete container[last];
  } else {
    if (JSON.stringify(container[last]) === JSON.stringify(mutation.value)) {
      throw new ExampleManifestError(`${mutation.pointer}: the ${mutation.kind} value equals the example's own`);
    }
    container[last] = structuredClone(mutation.value);
  }
  return copy;
}

function childOf(node: unknown, token: string, pointer: string): unknown {
  if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(token) && Number(token) < node.length) return node[Number(token)];
  if (isRecord(node) && !Array.isArray(node) && Object.hasOwn(node, token)) return node[token];
  throw new ExampleManifestError(`${pointer}: the example has nothing at "${token}"`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
