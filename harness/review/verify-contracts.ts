import type { BundleManifest } from '../bundle/manifest.ts';
import type { CertificationSummary } from '../report/certification-summary.ts';
import { CONTRACT_SUITE } from '../report/junit-xml.ts';
import type { WebhookContractOutcome } from '../run/pact-phase.ts';
import { kitContract, type KitContract } from './kit-contract.ts';
import { shown, type Findings } from './review-finding.ts';

type CaseStatus = 'passed' | 'failed' | 'not-run' | 'error';

const unescapeXml = (text: string): string =>
  text.replace(/&#10;/g, '\n').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The webhook contract's testcases in junit.xml as the kit writes it (harness/report/junit-xml.ts), by name. */
export function contractCasesOf(junitXml: string): Map<string, CaseStatus> {
  const cases = new Map<string, CaseStatus>();
  const pattern = new RegExp(`<testcase classname="${CONTRACT_SUITE}" name="([^"]*)" time="[^"]*"(/>|>([\\s\\S]*?)</testcase>)`, 'g');
  for (const match of junitXml.matchAll(pattern)) {
    const body = match[3] ?? '';
    const status: CaseStatus = body.includes('<failure') ? 'failed' : body.includes('<error') ? 'error' : body.includes('<skipped') ? 'not-run' : 'passed';
    cases.set(unescapeXml(match[1] ?? ''), status);
  }
  return cases;
}

/** Contradictions between the recorded results and this kit's pact, between the results themselves, and with the decision. */
function inconsistencies(contracts: WebhookContractOutcome, summary: CertificationSummary, kit: KitContract, otherKit: boolean, findings: Findings): string[] {
  const problems: string[] = [];
  if (contracts.pact && contracts.pact.digest !== kit.digest) {
    const message = `the webhook pact verified (${contracts.pact.file}, ${contracts.pact.digest}) is not this kit's published pact (${kit.digest})`;
    if (otherKit) findings.warning('contracts', `${message}: the bundle is from another kit release`);
    else problems.push(message);
  }
  if (!otherKit && (contracts.status === 'verified' || contracts.status === 'failed')) {
    const recorded = new Set(contracts.interactions.map((interaction) => interaction.description));
    const missing = kit.interactions.filter((interaction) => !recorded.has(interaction.description)).map((interaction) => interaction.description);
    const known = new Map(kit.interactions.map((interaction) => [interaction.description, interaction]));
    const unknown = [...recorded].filter((description) => !known.has(description));
    if (missing.length > 0) problems.push(`no result for ${missing.map((description) => shown(description)).join(', ')}, an interaction of the pact`);
    if (unknown.length > 0) problems.push(`a result for ${unknown.map((description) => shown(description)).join(', ')}, which the pact does not have`);
    for (const interaction of contracts.interactions) {
      const expected = known.get(interaction.description);
      if (expected && (expected.id !== interaction.id || JSON.stringify(expected.requirementIds) !== JSON.stringify(interaction.requirementIds))) {
        problems.push(`${shown(interaction.description)} carries id ${shown(interaction.id)} and requirements ${shown(interaction.requirementIds)}; the kit gives ${shown(expected.id)} and ${shown(expected.requirementIds)}`);
      }
    }
  }
  for (const interaction of contracts.interactions) {
    if (interaction.status === 'passed' && (interaction.mismatches.length > 0 || interaction.stateProblems.length > 0)) problems.push(`${shown(interaction.description)} is recorded passed with mismatches`);
    if (interaction.status === 'failed' && interaction.mismatches.length === 0 && interaction.stateProblems.length === 0) problems.push(`${shown(interaction.description)} is recorded failed without a mismatch`);
  }
  const anyFailed = contracts.interactions.some((interaction) => interaction.status === 'failed');
  if ((contracts.status === 'verified' && anyFailed) || (contracts.status === 'failed' && !anyFailed)) {
    problems.push(`the contract is recorded ${contracts.status} but ${anyFailed ? 'an interaction failed' : 'no interaction failed'}`);
  }
  // The verdicts' side of the decision is checked by re-computation; here only what the contract adds to it.
  if (summary.decision === 'conformant' && (anyFailed || contracts.status === 'error')) {
    problems.push(`reports/summary.json decides "conformant" although the webhook contract ${anyFailed ? 'has a failed interaction' : 'could not be verified'}`);
  }
  return problems;
}

/**
 * The webhook contract's per-interaction results (reports/summary.json `contracts`). They come from a live
 * verification against the candidate, so unlike the verdicts they cannot be re-computed from the evidence: they are
 * covered by the member digests and the signature, held against this kit's published pact (digest, interactions,
 * requirement ids), against themselves and the recorded decision, and against junit.xml, which restates each one.
 * Returns the results the decision may rest on (undefined when there are none to rest on).
 */
export function verifyContracts(manifest: BundleManifest, summary: CertificationSummary | undefined, junitXml: Buffer | undefined, otherKit: boolean, findings: Findings): WebhookContractOutcome | undefined {
  if (summary === undefined) {
    findings.incomplete('contracts', 'the webhook contract results cannot be read: the bundle has no readable reports/summary.json');
    return undefined;
  }
  const contracts = summary.contracts as WebhookContractOutcome | undefined;
  if (contracts === undefined || !Array.isArray(contracts.interactions)) {
    findings.incomplete('contracts', 'the webhook contract was not verified: reports/summary.json records no contract results');
    return undefined;
  }
  const problems = inconsistencies(contracts, summary, kitContract(), otherKit, findings);
  if (junitXml === undefined) {
    findings.warning('contracts', 'the bundle has no reports/junit.xml: the contract results could not be cross-checked against it');
  } else if (contracts.interactions.length > 0) {
    const cases = contractCasesOf(junitXml.toString('utf8'));
    for (const interaction of contracts.interactions) {
      const reported = cases.get(interaction.description);
      if (reported !== interaction.status) problems.push(`${shown(interaction.description)}: reports/summary.json says ${interaction.status}, reports/junit.xml says ${reported ?? 'nothing'}`);
      cases.delete(interaction.description);
    }
    for (const name of cases.keys()) problems.push(`${shown(name)} is a contract testcase in reports/junit.xml but has no result in reports/summary.json`);
  }
  for (const problem of problems) findings.tampered('contracts', problem);
  if (problems.length > 0) return contracts;

  switch (contracts.status) {
    case 'verified':
      findings.ok('contracts', `the webhook contract's ${contracts.interactions.length} interaction results agree with this kit's pact and with reports/junit.xml (covered by the member digests; they cannot be re-computed offline)`);
      break;
    case 'failed':
      findings.ok('contracts', `the webhook contract's results agree with this kit's pact and with reports/junit.xml; ${contracts.interactions.filter((interaction) => interaction.status === 'failed').length} failed`);
      break;
    case 'error':
      findings.incomplete('contracts', `the kit could not verify the webhook contract: ${contracts.reason}`);
      break;
    default: {
      const only = manifest.selection.only.length > 0 ? ` (--only ${manifest.selection.only.join(', ')})` : '';
      findings.incomplete('contracts', `the webhook contract was not verified${only}: ${contracts.reason}`);
    }
  }
  return contracts;
}
