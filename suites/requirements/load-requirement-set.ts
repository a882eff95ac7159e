import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRequirementSet, REQUIREMENT_SET_VERSION, RequirementSetError, type RequirementSet } from './catalogue-schema.ts';

/** The frozen set this release of the kit certifies against. Growing the suite adds a new set; it never edits one. */
export const CURRENT_REQUIREMENT_SET = '1.0';

export const BUNDLED_SETS_FOLDER = fileURLToPath(new URL('./sets/', import.meta.url));

export interface RequirementSetOptions {
  /** Folder holding `<version>.json` files; default the bundled `suites/requirements/sets/`. */
  readonly folder?: string;
}

export interface LoadedRequirementSet extends RequirementSet {
  /** `sha256:<hex>` of the file bytes as read, recorded in the submission bundle. */
  readonly digest: string;
  /** Absolute path of the file it was read from. */
  readonly file: string;
}

const SET_FILE = /^(\d+\.\d+)\.json$/;

const compareVersions = (left: string, right: string): number => {
  const [leftMajor = 0, leftMinor = 0] = left.split('.').map(Number);
  const [rightMajor = 0, rightMinor = 0] = right.split('.').map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
};

const digestOf = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * The versions of every set file in the folder, oldest first. A file that is not `<major>.<minor>.json` is an
 * error: a misnamed set would otherwise be invisible to `review` and to `loadRequirementSet`.
 */
export function listKnownRequirementSets(options: RequirementSetOptions = {}): readonly string[] {
  const folder = options.folder ?? BUNDLED_SETS_FOLDER;
  if (!existsSync(folder)) throw new RequirementSetError([`${folder}: requirement set folder not found`]);
  const versions: string[] = [];
  const problems: string[] = [];
  for (const name of readdirSync(folder)) {
    const match = SET_FILE.exec(name);
    if (match?.[1] === undefined) problems.push(`${join(folder, name)}: not a requirement set file name; rename it to <major>.<minor>.json or remove it`);
    else versions.push(match[1]);
  }
  if (problems.length > 0) throw new RequirementSetError(problems);
  return Object.freeze(versions.sort(compareVersions));
}

function setFile(version: string, options: RequirementSetOptions): string {
  if (!REQUIREMENT_SET_VERSION.test(version)) {
    throw new RequirementSetError([`requirement set version "${version}" must look like 1.0 (major.minor)`]);
  }
  const folder = options.folder ?? BUNDLED_SETS_FOLDER;
  const file = join(folder, `${version}.json`);
  if (!existsSync(file)) {
    const known = existsSync(folder) ? listKnownRequirementSets(options) : [];
    throw new RequirementSetError([
      `${file}: requirement set "${version}" not found; known sets: ${known.length > 0 ? known.join(', ') : 'none'}`,
    ]);
  }
  return file;
}

/** `sha256:<hex>` of a set file's bytes, without validating it. */
export function requirementSetDigest(version: string = CURRENT_REQUIREMENT_SET, options: RequirementSetOptions = {}): string {
  return digestOf(readFileSync(setFile(version, options)));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads, validates and freezes one requirement set. Any problem — bad JSON, a version that does not match the
 * file name, or anything `parseRequirementSet` refuses — throws a `RequirementSetError` with one line per
 * problem, each starting with the file path.
 */
export function loadRequirementSet(
  version: string = CURRENT_REQUIREMENT_SET,
  options: RequirementSetOptions = {},
): LoadedRequirementSet {
  const file = setFile(version, options);
  const bytes = readFileSync(file);
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new RequirementSetError([`${file}: not valid JSON (${(error as Error).message}); fix the syntax`]);
  }
  const set = parseRequirementSet(raw, file);
  if (set.version !== version) {
    throw new RequirementSetError([`${file}: version "${set.version}" does not match the file name; expected "${version}"`]);
  }
  return deepFreeze({ ...set, digest: digestOf(bytes), file });
}
