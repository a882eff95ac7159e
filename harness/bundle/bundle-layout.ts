/**
 * Member names of a submission bundle (docs/bundle-format.md). The writer and the reviewer both spell them from
 * here, so a renamed member cannot pass for a missing one.
 */
export const BUNDLE_FORMAT = 'bsck-submission-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** The file name certify gives the bundle in its output folder. */
export const BUNDLE_FILE_NAME = 'submission.bsck.tar.gz';

export const MEMBERS = Object.freeze({
  manifest: 'manifest.json',
  signature: 'signature.json',
  verdicts: 'verdicts.json',
  traffic: 'evidence/traffic.jsonl',
  events: 'evidence/events.jsonl',
  steps: 'evidence/steps.jsonl',
  facts: 'evidence/facts.json',
  recordDigests: 'evidence/record-digests.json',
  candidateLog: 'evidence/candidate.log',
  summaryJson: 'reports/summary.json',
  summaryMd: 'reports/summary.md',
  junitXml: 'reports/junit.xml',
});

/** Folders whose every file is a member, below these prefixes. */
export const MEMBER_FOLDERS = Object.freeze({
  allureReport: 'reports/allure-report/',
  screenshots: 'evidence/screenshots/',
});

/** The JSONL evidence members, each with one record digest per line in evidence/record-digests.json. */
export const JSONL_EVIDENCE: readonly string[] = Object.freeze([MEMBERS.traffic, MEMBERS.events, MEMBERS.steps]);

/** What every bundle the kit writes holds besides the manifest: without one of them a review cannot re-compute. */
export const REQUIRED_MEMBERS: readonly string[] = Object.freeze([
  MEMBERS.verdicts, MEMBERS.traffic, MEMBERS.events, MEMBERS.steps, MEMBERS.facts, MEMBERS.recordDigests,
]);

/** Members that may be present: the reports (a report that could not be written is left out) and the candidate's output. */
export const OPTIONAL_MEMBERS: readonly string[] = Object.freeze([MEMBERS.candidateLog, MEMBERS.summaryJson, MEMBERS.summaryMd, MEMBERS.junitXml]);

/** True for a name the kit could have written as a listed member (not the manifest or the signature). */
export function isKnownMemberName(name: string): boolean {
  if (REQUIRED_MEMBERS.includes(name) || OPTIONAL_MEMBERS.includes(name)) return true;
  return Object.values(MEMBER_FOLDERS).some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
}
