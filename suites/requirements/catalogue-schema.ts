import { isPolicyId, type PolicyId } from '../../harness/policies/policy-catalogue.ts';
import { isEvidenceTag, type EvidenceTag } from '../../harness/reference/evidence-tags.ts';
import { isReferenceAnchor, STATEMENT_RULES, TEST_PLAN_ROWS } from '../../harness/reference/reference-anchors.ts';
import { CAPABILITY_IDS, isCapability, type Capability } from './capabilities.ts';
import { COLLECTION_ASSERTIONS, COVERAGE_TARGETS, DERIVED_CHECKS, isUnknownNumberedRow } from './coverage-targets.ts';

export const REQUIREMENT_LEVELS = Object.freeze(['MUST', 'SHOULD'] as const);
export type RequirementLevel = (typeof REQUIREMENT_LEVELS)[number];

/** Flows in the order reports and the requirements page list them. */
export const FLOWS = Object.freeze([
  'bank-sync',
  'onboarding',
  'posting',
  'reauthorisation',
  'multi-account-linking',
  'offboarding',
  'security',
  'resilience',
  'spec-conformance',
] as const);
export type Flow = (typeof FLOWS)[number];

/** The id prefix each flow's requirements carry (`ONB-01` belongs to onboarding). */
/** How the docs and every report name each flow. */
export const FLOW_TITLES: Readonly<Record<Flow, string>> = Object.freeze({
  'bank-sync': 'Bank sync',
  onboarding: 'Onboarding',
  posting: 'Posting statements',
  reauthorisation: 'Re-authorisation',
  'multi-account-linking': 'Multi-account linking',
  offboarding: 'Offboarding',
  security: 'Security',
  resilience: 'Resilience',
  'spec-conformance': 'Spec conformance',
});


export const FLOW_ID_PREFIX: Readonly<Record<Flow, string>> = Object.freeze({
  'bank-sync': 'SYNC',
  onboarding: 'ONB',
  posting: 'STMT',
  reauthorisation: 'REAUTH',
  'multi-account-linking': 'MAL',
  offboarding: 'OFF',
  security: 'SEC',
  resilience: 'RES',
  'spec-conformance': 'SPEC',
});

/**
 * Where a requirement comes from. Each origin but `spec` obliges an anchor into the matching part of the
 * reference, so a reviewer can find the row it was taken from:
 * - `test-plan`      an official test-plan row (§13.1, anchor `T-ONB-*`);
 * - `collection`     an assertion of the Sage Bruno collection (§13.3, anchor `§13.3.<row>`);
 * - `statement-rule` a statement/transaction rule (§10, anchor `R*`);
 * - `derived-rule`   a check derived from documented rules (§13.4, anchor `§13.4.<bullet>`);
 * - `spec`           documented endpoint or flow behaviour, or the kit's API documents built from it;
 * - `policy`         nothing documents it: the kit's own policy decides (must name the policy, level SHOULD).
 */
export const ORIGINS = Object.freeze(['test-plan', 'collection', 'statement-rule', 'derived-rule', 'spec', 'policy'] as const);
export type Origin = (typeof ORIGINS)[number];

export interface Requirement {
  readonly id: string;
  readonly level: RequirementLevel;
  readonly flow: Flow;
  /** Short and stable: the test title. No ids, ports or dates. */
  readonly title: string;
  /** One normative sentence about what the candidate connector must do. */
  readonly statement: string;
  readonly evidence: readonly EvidenceTag[];
  /** Reference anchors: R*, D*, T-ONB-*, Q* or sections such as §13.4.7. */
  readonly anchors: readonly string[];
  readonly origin: Origin;
  /** Absent: the requirement applies to every candidate. */
  readonly capability?: Capability;
  /** The policies whose values the verdict depends on. */
  readonly policies: readonly PolicyId[];
  /** One sentence: which recorded evidence (traffic log exchanges, simulator state) decides the verdict. */
  readonly observable: string;
  /** One sentence telling a provider how to fix a failure. */
  readonly hint: string;
}

export interface NotCoveredEntry {
  readonly anchor: string;
  readonly why: string;
}

export interface RequirementSet {
  readonly version: string;
  readonly requirements: readonly Requirement[];
  /** Coverage targets (and other anchors) deliberately without a requirement, each with its reason. */
  readonly notCovered: readonly NotCoveredEntry[];
}

export class RequirementSetError extends Error {
  override readonly name = 'RequirementSetError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

export const REQUIREMENT_SET_VERSION = /^\d+\.\d+$/;

const SET_KEYS = ['version', 'requirements', 'notCovered'] as const;
const REQUIRED_REQUIREMENT_KEYS = [
  'id',
  'level',
  'flow',
  'title',
  'statement',
  'evidence',
  'anchors',
  'origin',
  'policies',
  'observable',
  'hint',
] as const;
const OPTIONAL_REQUIREMENT_KEYS = ['capability'] as const;
const NOT_COVERED_KEYS = ['anchor', 'why'] as const;

const ID = /^([A-Z]+)-(\d{2})$/;
const PREFIX_FLOW = new Map<string, Flow>(FLOWS.map((flow) => [FLOW_ID_PREFIX[flow], flow]));
const TITLE_MAX = 72;
/** Titles name tests for years: an id, a port or a date in one goes stale or duplicates the id column. */
const TITLE_FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/\b[A-Z]{2,}-\d+\b/, 'a requirement id'],
  [/:\d{2,5}\b|\bport\b/i, 'a port'],
  [/\b\d{4}-\d{2}(-\d{2})?\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/, 'a date'],
];
/** A full stop followed by a capitalised word: a second sentence. */
const SECOND_SENTENCE = /[.!?]\s+[A-Z]/;

type Problems = string[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? `"${value}"` : typeof value;

function checkKeys(
  where: string,
  record: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[],
  problems: Problems,
): void {
  const known = new Set([...required, ...optional]);
  for (const key of Object.keys(record)) {
    if (!known.has(key)) problems.push(`${where}.${key}: unknown key (allowed: ${[...known].join(', ')})`);
  }
  for (const key of required) {
    if (!Object.hasOwn(record, key)) problems.push(`${where}.${key}: missing`);
  }
}

// A value of `undefined` is an absent key (JSON has no undefined), which checkKeys already reported as missing.
function stringField(where: string, value: unknown, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${where}: must be a string, got ${describe(value)}`);
    return undefined;
  }
  if (value.trim() === '') {
    problems.push(`${where}: must not be empty`);
    return undefined;
  }
  return value;
}

function enumField<T extends string>(where: string, value: unknown, allowed: readonly T[], problems: Problems): T | undefined {
  const text = stringField(where, value, problems);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    problems.push(`${where}: unknown value "${text}" (allowed: ${allowed.join(', ')})`);
    return undefined;
  }
  return text as T;
}

function sentenceField(where: string, value: unknown, problems: Problems): string | undefined {
  const text = stringField(where, value, problems);
  if (text === undefined) return undefined;
  if (/[\r\n]/.test(text)) problems.push(`${where}: must be one line`);
  else if (!text.endsWith('.')) problems.push(`${where}: must be one sentence ending with a full stop`);
  else if (SECOND_SENTENCE.test(text)) problems.push(`${where}: must be one sentence, found a second one`);
  return text;
}

function stringList(
  where: string,
  value: unknown,
  problems: Problems,
  isKnown: (entry: string) => boolean,
  unknownMessage: (entry: string) => string,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${where}: must be an array of strings, got ${describe(value)}`);
    return [];
  }
  const seen = new Set<string>();
  const accepted: string[] = [];
  value.forEach((entry: unknown, index) => {
    if (typeof entry !== 'string') {
      problems.push(`${where}[${index}]: must be a string, got ${describe(entry)}`);
      return;
    }
    if (seen.has(entry)) {
      problems.push(`${where}[${index}]: duplicate "${entry}"`);
      return;
    }
    seen.add(entry);
    if (!isKnown(entry)) {
      problems.push(`${where}[${index}]: ${unknownMessage(entry)}`);
      return;
    }
    accepted.push(entry);
  });
  return accepted;
}

const isKnownAnchor = (anchor: string): boolean => isReferenceAnchor(anchor) && !isUnknownNumberedRow(anchor);

/** Which anchors each origin obliges, so "statement-rule" cannot be claimed without naming the rule. */
const ORIGIN_ANCHOR: Partial<Record<Origin, { readonly anchors: ReadonlySet<string>; readonly what: string }>> = {
  'test-plan': { anchors: new Set(TEST_PLAN_ROWS), what: 'a test-plan row (T-ONB-*)' },
  collection: { anchors: new Set(COLLECTION_ASSERTIONS.map((row) => row.anchor)), what: 'a collection assertion (§13.3.<row>)' },
  'statement-rule': { anchors: new Set(STATEMENT_RULES), what: 'a statement rule (R*)' },
  'derived-rule': { anchors: new Set(DERIVED_CHECKS.map((check) => check.anchor)), what: 'a derived check (§13.4.<bullet>)' },
};

function parseRequirement(raw: unknown, index: number, problems: Problems): Requirement | undefined {
  if (!isRecord(raw)) {
    problems.push(`requirements[${index}]: must be an object, got ${describe(raw)}`);
    return undefined;
  }
  const label = typeof raw['id'] === 'string' && raw['id'] !== '' ? raw['id'] : 'no id';
  const where = `requirements[${index}] (${label})`;
  const before = problems.length;
  checkKeys(where, raw, REQUIRED_REQUIREMENT_KEYS, OPTIONAL_REQUIREMENT_KEYS, problems);

  const id = stringField(`${where}.id`, raw['id'], problems);
  const level = enumField(`${where}.level`, raw['level'], REQUIREMENT_LEVELS, problems);
  const flow = enumField(`${where}.flow`, raw['flow'], FLOWS, problems);
  const origin = enumField(`${where}.origin`, raw['origin'], ORIGINS, problems);

  if (id !== undefined) {
    const match = ID.exec(id);
    const prefix = match?.[1];
    if (match === null || prefix === undefined) {
      problems.push(`${where}.id: "${id}" must look like ONB-01 (prefix, dash, two digits)`);
    } else if (!PREFIX_FLOW.has(prefix)) {
      problems.push(`${where}.id: unknown prefix "${prefix}" (allowed: ${[...PREFIX_FLOW.keys()].join(', ')})`);
    } else if (flow !== undefined && PREFIX_FLOW.get(prefix) !== flow) {
      problems.push(`${where}.id: prefix "${prefix}" belongs to flow "${PREFIX_FLOW.get(prefix)}", not "${flow}" (use ${FLOW_ID_PREFIX[flow]}-NN)`);
    }
  }

  const title = stringField(`${where}.title`, raw['title'], problems);
  if (title !== undefined) {
    if (title.length > TITLE_MAX) problems.push(`${where}.title: longer than ${TITLE_MAX} characters`);
    if (/[\r\n]/.test(title) || title.endsWith('.')) problems.push(`${where}.title: must be one line without a closing full stop`);
    for (const [pattern, what] of TITLE_FORBIDDEN) {
      if (pattern.test(title)) problems.push(`${where}.title: contains ${what}; titles must stay stable`);
    }
  }
  const statement = sentenceField(`${where}.statement`, raw['statement'], problems);
  const observable = sentenceField(`${where}.observable`, raw['observable'], problems);
  const hint = sentenceField(`${where}.hint`, raw['hint'], problems);

  const evidence = stringList(`${where}.evidence`, raw['evidence'], problems, isEvidenceTag, (tag) =>
    `unknown evidence tag "${tag}" (see harness/reference/evidence-tags.ts)`,
  ) as EvidenceTag[];
  if (Array.isArray(raw['evidence']) && raw['evidence'].length === 0) {
    problems.push(`${where}.evidence: must cite at least one evidence tag`);
  }
  const anchors = stringList(`${where}.anchors`, raw['anchors'], problems, isKnownAnchor, (anchor) =>
    `unknown reference anchor "${anchor}" (R1-R20, D1-D16, T-ONB-1..5, Q1-Q28, §13.3.1-12, §13.4.1-10 or a section such as §9.1)`,
  );
  const policies = stringList(`${where}.policies`, raw['policies'], problems, isPolicyId, (policy) =>
    `unknown policy id "${policy}" (see harness/policies/policy-catalogue.ts)`,
  ) as PolicyId[];

  let capability: Capability | undefined;
  if (Object.hasOwn(raw, 'capability')) {
    const value = stringField(`${where}.capability`, raw['capability'], problems);
    if (value !== undefined) {
      if (isCapability(value)) capability = value;
      else problems.push(`${where}.capability: unknown capability "${value}" (allowed: ${CAPABILITY_IDS.join(', ')})`);
    }
  }

  if (origin !== undefined) {
    const obliged = ORIGIN_ANCHOR[origin];
    if (obliged !== undefined && Array.isArray(raw['anchors']) && !anchors.some((anchor) => obliged.anchors.has(anchor))) {
      problems.push(`${where}.anchors: origin "${origin}" must cite ${obliged.what}`);
    }
    if (origin === 'policy') {
      if (Array.isArray(raw['policies']) && raw['policies'].length === 0) {
        problems.push(`${where}.policies: origin "policy" must name the policy it rests on`);
      }
      if (level === 'MUST') problems.push(`${where}.level: origin "policy" rests on no source and must be SHOULD`);
    }
  }

  if (problems.length > before) return undefined;
  return {
    id: id as string,
    level: level as RequirementLevel,
    flow: flow as Flow,
    title: title as string,
    statement: statement as string,
    evidence,
    anchors,
    origin: origin as Origin,
    ...(capability === undefined ? {} : { capability }),
    policies,
    observable: observable as string,
    hint: hint as string,
  };
}

function parseNotCovered(raw: unknown, problems: Problems): NotCoveredEntry[] {
  if (!Array.isArray(raw)) {
    problems.push(`notCovered: must be an array of {anchor, why}, got ${describe(raw)}`);
    return [];
  }
  const entries: NotCoveredEntry[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: unknown, index) => {
    if (!isRecord(entry)) {
      problems.push(`notCovered[${index}]: must be an object, got ${describe(entry)}`);
      return;
    }
    const where = `notCovered[${index}]${typeof entry['anchor'] === 'string' ? ` (${entry['anchor']})` : ''}`;
    const before = problems.length;
    checkKeys(where, entry, NOT_COVERED_KEYS, [], problems);
    const anchor = stringField(`${where}.anchor`, entry['anchor'], problems);
    const why = sentenceField(`${where}.why`, entry['why'], problems);
    if (anchor !== undefined) {
      if (!isKnownAnchor(anchor)) problems.push(`${where}.anchor: unknown reference anchor "${anchor}"`);
      else if (seen.has(anchor)) problems.push(`${where}.anchor: "${anchor}" is listed twice`);
      seen.add(anchor);
    }
    if (problems.length === before) entries.push({ anchor: anchor as string, why: why as string });
  });
  return entries;
}

function checkSetWide(requirements: readonly Requirement[], notCovered: readonly NotCoveredEntry[], problems: Problems): void {
  const firstIndexOfId = new Map<string, number>();
  const firstIdOfTitle = new Map<string, string>();
  requirements.forEach((requirement, index) => {
    const earlier = firstIndexOfId.get(requirement.id);
    if (earlier !== undefined) {
      problems.push(`requirements[${index}] (${requirement.id}).id: duplicate id, first used by requirements[${earlier}]`);
    } else firstIndexOfId.set(requirement.id, index);
    const sameTitle = firstIdOfTitle.get(requirement.title.toLowerCase());
    if (sameTitle !== undefined && sameTitle !== requirement.id) {
      problems.push(`requirements[${index}] (${requirement.id}).title: same title as ${sameTitle}; test titles must be unique`);
    } else firstIdOfTitle.set(requirement.title.toLowerCase(), requirement.id);
  });

  const coveredBy = new Map<string, string[]>();
  for (const requirement of requirements) {
    for (const anchor of requirement.anchors) coveredBy.set(anchor, [...(coveredBy.get(anchor) ?? []), requirement.id]);
  }
  const explained = new Set(notCovered.map((entry) => entry.anchor));
  for (const entry of notCovered) {
    const ids = coveredBy.get(entry.anchor);
    if (ids !== undefined) {
      problems.push(`notCovered (${entry.anchor}): listed as not covered but cited by ${ids.join(', ')}; remove one of the two`);
    }
  }
  for (const target of COVERAGE_TARGETS) {
    if (!coveredBy.has(target) && !explained.has(target)) {
      problems.push(`coverage (${target}): no requirement cites it in anchors and notCovered does not explain it`);
    }
  }
}

/**
 * Validates a parsed requirement set strictly and returns it typed. Every problem is collected and thrown
 * together, one line each naming the requirement and the field, so a broken set is fixed in one pass.
 * The result is not frozen; `loadRequirementSet` freezes what it returns.
 */
export function parseRequirementSet(raw: unknown, source = 'requirement set'): RequirementSet {
  const problems: Problems = [];
  if (!isRecord(raw)) throw new RequirementSetError([`${source}: must be a JSON object, got ${describe(raw)}`]);
  checkKeys('set', raw, SET_KEYS, [], problems);

  const version = stringField('version', raw['version'], problems);
  if (version !== undefined && !REQUIREMENT_SET_VERSION.test(version)) {
    problems.push(`version: "${version}" must look like 1.0 (major.minor)`);
  }
  const requirements: Requirement[] = [];
  if (!Array.isArray(raw['requirements'])) {
    if (Object.hasOwn(raw, 'requirements')) problems.push(`requirements: must be an array, got ${describe(raw['requirements'])}`);
  } else {
    raw['requirements'].forEach((entry: unknown, index) => {
      const requirement = parseRequirement(entry, index, problems);
      if (requirement !== undefined) requirements.push(requirement);
    });
  }
  const notCovered = Object.hasOwn(raw, 'notCovered') ? parseNotCovered(raw['notCovered'], problems) : [];
  // Set-wide checks on a set with broken entries would mostly repeat those problems as missing coverage.
  if (problems.length === 0) checkSetWide(requirements, notCovered, problems);

  if (problems.length > 0) throw new RequirementSetError(problems.map((problem) => `${source}: ${problem}`));
  return { version: version as string, requirements, notCovered };
}
