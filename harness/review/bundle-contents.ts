import { jsonlLines } from '../bundle/digests.ts';
import { MEMBERS } from '../bundle/bundle-layout.ts';
import type { CertificationSummary } from '../report/certification-summary.ts';
import type { Evidence, RunFacts } from '../../suites/checks/evidence.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import type { FindingArea, Findings } from './review-finding.ts';

/** What the review reads from the members, parsed; undefined where a member is missing or does not parse. */
export interface BundleContents {
  readonly verdicts: readonly Verdict[] | undefined;
  readonly evidence: Evidence | undefined;
  readonly summary: CertificationSummary | undefined;
}

function parseJson(name: string, bytes: Buffer | undefined, findings: Findings, area: FindingArea = 'evidence'): unknown {
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    findings.tampered(area, `${name} is not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

function parseJsonl(name: string, bytes: Buffer | undefined, findings: Findings): unknown[] | undefined {
  if (bytes === undefined) return undefined;
  const records: unknown[] = [];
  const lines = jsonlLines(bytes.toString('utf8'));
  for (const [index, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line) as unknown);
    } catch {
      findings.tampered('evidence', `${name} line ${index + 1} is not a JSON record`);
      return undefined;
    }
  }
  return records;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function verdictsOf(value: unknown, findings: Findings): Verdict[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    findings.tampered('evidence', `${MEMBERS.verdicts} is not a list of verdicts`);
    return undefined;
  }
  const broken = value.findIndex((verdict) => !isObject(verdict) || typeof verdict['requirementId'] !== 'string' || typeof verdict['status'] !== 'string');
  if (broken >= 0) {
    findings.tampered('evidence', `${MEMBERS.verdicts} entry ${broken + 1} is not a verdict (no requirementId or status)`);
    return undefined;
  }
  return value as Verdict[];
}

function factsOf(value: unknown, findings: Findings): RunFacts | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value) || !Array.isArray(value['capabilities']) || !isObject(value['policies'])) {
    findings.tampered('evidence', `${MEMBERS.facts} is not the run's facts (capabilities, policies, …)`);
    return undefined;
  }
  return value as unknown as RunFacts;
}

/**
 * Parses verdicts.json, the evidence (traffic, events, steps, facts) and reports/summary.json. Evidence is parsed
 * even from a member whose digest no longer matches: re-computing from it shows what the change would decide.
 */
export function readContents(members: ReadonlyMap<string, Buffer>, findings: Findings): BundleContents {
  const verdicts = verdictsOf(parseJson(MEMBERS.verdicts, members.get(MEMBERS.verdicts), findings), findings);
  const traffic = parseJsonl(MEMBERS.traffic, members.get(MEMBERS.traffic), findings);
  const events = parseJsonl(MEMBERS.events, members.get(MEMBERS.events), findings);
  const steps = parseJsonl(MEMBERS.steps, members.get(MEMBERS.steps), findings);
  const facts = factsOf(parseJson(MEMBERS.facts, members.get(MEMBERS.facts), findings), findings);
  const evidence = traffic && events && steps && facts ? ({ traffic, events, steps, facts } as unknown as Evidence) : undefined;
  const summaryValue = parseJson(MEMBERS.summaryJson, members.get(MEMBERS.summaryJson), findings, 'reports');
  const summary = isObject(summaryValue) ? (summaryValue as unknown as CertificationSummary) : undefined;
  return { verdicts, evidence, summary };
}
