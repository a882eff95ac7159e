import { writeFile } from 'node:fs/promises';
import type { Verdict } from '../../suites/checks/verdict.ts';
import type { PactInteractionResult } from '../../contracts/verification/interaction-result.ts';
import type { WebhookContractOutcome } from '../run/pact-phase.ts';
import type { CertificationSummary } from './certification-summary.ts';

/** Characters XML 1.0 cannot hold at all (most control characters): dropped rather than produce a file no parser reads. */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export const xmlText = (text: string): string =>
  text.replace(INVALID_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const xmlAttribute = (text: string): string =>
  xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r?\n/g, '&#10;');

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

type Outcome =
  | { readonly kind: 'passed'; readonly note?: string }
  | { readonly kind: 'failure' | 'error' | 'skipped'; readonly type: string; readonly message: string; readonly detail: string };

/**
 * What a CI's JUnit view shows for a verdict. It matches the exit code: a failure the baseline accepts is shown
 * skipped (it does not fail the run), and a baselined requirement that now passes is a failure (the stale
 * baseline fails the run).
 */
function outcomeOf(verdict: Verdict, accepted: ReadonlyMap<string, string>, stale: ReadonlyMap<string, string>): Outcome {
  const detail = [
    verdict.sentence,
    `How to fix: ${verdict.hint}`,
    `Evidence: ${verdict.evidence.map((tag) => `[${tag}]`).join(' ')}`,
    ...(verdict.exchanges.length > 0 ? [`Exchanges: ${verdict.exchanges.join(', ')}`] : []),
    ...(Object.keys(verdict.policies).length > 0 ? [`Policies: ${Object.entries(verdict.policies).map(([id, value]) => `${id}=${String(value)}`).join(', ')}`] : []),
  ].join('\n');
  const staleReason = stale.get(verdict.requirementId);
  if (staleReason !== undefined) {
    return {
      kind: 'failure', type: 'stale-baseline', detail,
      message: `Stale baseline entry: ${verdict.requirementId} now passes; remove it from the baseline (reason given: ${staleReason}).`,
    };
  }
  switch (verdict.status) {
    case 'pass':
      return { kind: 'passed' };
    case 'warn':
      return { kind: 'passed', note: `warn (SHOULD not met): ${verdict.sentence}\nHow to fix: ${verdict.hint}` };
    case 'not-applicable':
      return { kind: 'skipped', type: 'not-applicable', message: verdict.sentence, detail };
    case 'error':
      return { kind: 'error', type: 'kit-error', message: verdict.sentence, detail };
    case 'fail': {
      const reason = accepted.get(verdict.requirementId);
      if (reason !== undefined) return { kind: 'skipped', type: 'baselined', message: `Known failure (baseline: ${reason}): ${verdict.sentence}`, detail };
      return { kind: 'failure', type: 'fail', message: verdict.sentence, detail };
    }
  }
}

function testcase(classname: string, name: string, outcome: Outcome): string[] {
  const open = `    <testcase classname="${xmlAttribute(classname)}" name="${xmlAttribute(name)}" time="0.000"`;
  if (outcome.kind === 'passed') {
    return outcome.note === undefined ? [`${open}/>`] : [`${open}>`, `      <system-out>${xmlText(outcome.note)}</system-out>`, '    </testcase>'];
  }
  const element = outcome.kind;
  if (element === 'skipped') return [`${open}>`, `      <skipped message="${xmlAttribute(outcome.message)}"/>`, '    </testcase>'];
  return [
    `${open}>`,
    `      <${element} message="${xmlAttribute(outcome.message)}" type="${xmlAttribute(outcome.type)}">${xmlText(outcome.detail)}</${element}>`,
    '    </testcase>',
  ];
}

/** The JUnit suite (and Allure parent suite) of the webhook contract's interactions. */
export const CONTRACT_SUITE = 'webhook-contract';

/** What a CI's JUnit view shows for one interaction: Pact's mismatch text is the failure message, verbatim. */
function interactionOutcome(interaction: PactInteractionResult): Outcome {
  const detail = [
    interaction.sentence,
    ...interaction.mismatches.map((mismatch) => `Mismatch: ${mismatch}`),
    ...interaction.explanations.map((explanation) => `Why: ${explanation}`),
    ...interaction.stateProblems.map((problem) => `Provider state not set up: ${problem}`),
    ...interaction.notes.map((note) => `Note: ${note}`),
    `Provider states: ${interaction.providerStates.join('; ') || 'none'}`,
    `Requirements evidenced: ${interaction.requirementIds.join(', ') || 'none'}`,
  ].join('\n');
  switch (interaction.status) {
    case 'passed':
      return { kind: 'passed' };
    case 'not-run':
      return { kind: 'skipped', type: 'not-run', message: interaction.sentence, detail };
    case 'failed':
      return { kind: 'failure', type: 'pact-mismatch', message: interaction.mismatches.join('\n') || interaction.sentence, detail };
  }
}

/**
 * The contract's testsuite: one testcase per interaction (classname webhook-contract, name = the interaction's
 * description); a phase the kit could not run is one errored testcase. None when the phase was skipped.
 */
function contractCases(contracts: WebhookContractOutcome | undefined): { name: string; outcome: Outcome }[] {
  if (!contracts) return [];
  if (contracts.status === 'error') return [{ name: 'webhook contract', outcome: { kind: 'error', type: 'kit-error', message: contracts.reason, detail: contracts.reason } }];
  return contracts.interactions.map((interaction) => ({ name: interaction.description, outcome: interactionOutcome(interaction) }));
}

/** junit.xml: one testsuite per flow, one testcase per requirement (classname = flow, name = id + title), then the webhook contract's. */
export function renderJunitXml(summary: CertificationSummary): string {
  const accepted = new Map(summary.baseline.accepted.map((entry) => [entry.requirement, entry.reason]));
  const stale = new Map(summary.baseline.stale.map((entry) => [entry.requirement, entry.reason]));
  const flows = [...new Set(summary.verdicts.map((verdict) => verdict.flow))];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const contract = contractCases(summary.contracts);
  const groups = [
    ...flows.map((flow) => ({
      name: flow,
      ms: summary.timings.flowsMs[flow] ?? 0,
      cases: summary.verdicts.filter((verdict) => verdict.flow === flow).map((verdict) => ({ name: `${verdict.requirementId} ${verdict.title}`, outcome: outcomeOf(verdict, accepted, stale) })),
    })),
    ...(contract.length > 0 ? [{ name: CONTRACT_SUITE, ms: summary.contracts.ms, cases: contract }] : []),
  ];
  const suites = groups.map(({ name: suite, ms, cases }) => {
    const count = (kind: Outcome['kind']) => cases.filter((entry) => entry.outcome.kind === kind).length;
    const tally = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
    totals.tests += tally.tests;
    totals.failures += tally.failures;
    totals.errors += tally.errors;
    totals.skipped += tally.skipped;
    return [
      `  <testsuite name="${xmlAttribute(suite)}" tests="${tally.tests}" failures="${tally.failures}" errors="${tally.errors}" skipped="${tally.skipped}" ` +
        `time="${seconds(ms)}" timestamp="${xmlAttribute(summary.startedAt)}">`,
      '    <properties>',
      `      <property name="requirement-set" value="${xmlAttribute(`${summary.requirementSet.version} ${summary.requirementSet.digest}`)}"/>`,
      `      <property name="candidate" value="${xmlAttribute(summary.candidate.label)}"/>`,
      `      <property name="kit" value="${xmlAttribute(`${summary.kit.name} ${summary.kit.version}`)}"/>`,
      '    </properties>',
      ...cases.flatMap((entry) => testcase(suite, entry.name, entry.outcome)),
      '  </testsuite>',
    ];
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Banking Service conformance" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(summary.timings.totalMs)}">`,
    ...suites.flat(),
    '</testsuites>',
    '',
  ].join('\n');
}

export async function writeJunitXml(file: string, summary: CertificationSummary): Promise<void> {
  await writeFile(file, renderJunitXml(summary));
}
