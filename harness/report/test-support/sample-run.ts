import type { PactInteractionResult } from '../../../contracts/verification/interaction-result.ts';
import { resolvePolicies } from '../../policies/index.ts';
import type { WebhookContractOutcome } from '../../run/pact-phase.ts';
import type { ExchangeRecord } from '../../traffic/index.ts';
import type { Verdict, VerdictStatus } from '../../../suites/checks/verdict.ts';
import { loadRequirementSet, type Requirement } from '../../../suites/requirements/index.ts';
import { buildSummary, type CertificationSummary, type SummaryInput } from '../certification-summary.ts';

/**
 * Hand-built runs for the report writers' tests: real requirements of the current set, verdicts of every status,
 * and traffic records shaped like the traffic log's, so the writers are tested without driving a candidate.
 */

const set = loadRequirementSet();
export const SAMPLE_REQUIREMENTS: readonly Requirement[] = set.requirements;

export const requirement = (id: string): Requirement => {
  const found = set.requirements.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no requirement ${id} in set ${set.version}`);
  return found;
};

export function sampleVerdict(id: string, status: VerdictStatus, sentence = `${status} sentence for ${id}.`, exchanges: readonly string[] = []): Verdict {
  const r = requirement(id);
  const policies = resolvePolicies();
  return {
    requirementId: r.id,
    level: r.level,
    flow: r.flow,
    title: r.title,
    status,
    sentence,
    exchanges,
    events: [],
    evidence: r.evidence,
    policies: Object.fromEntries(r.policies.map((policy) => [policy, policies[policy]])),
    hint: r.hint,
  };
}

export function sampleExchange(seq: number, overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    seq,
    id: `x-${String(seq).padStart(6, '0')}`,
    from: 'candidate',
    to: 'banking-service',
    api: 'provider-api',
    operationId: 'postStatements',
    startedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 3,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:40123/v1/statements',
      headers: { authorization: 'Bearer [REDACTED:bearer#abcd1234]', 'content-type': 'application/json' },
      body: { data: [{ uniqueId: 'uid-0001' }] },
      bodyText: undefined,
      bodyBytes: 40,
    },
    response: { status: 400, headers: { 'content-type': 'application/json' }, body: { errors: ['duplicate uniqueId'] }, bodyText: undefined, bodyBytes: 30 },
    failure: undefined,
    findings: [],
    annotations: {},
    ...overrides,
  };
}

/** One verdict of each status across three flows, one MUST failure baselined and one SHOULD failure as warn. */
export function sampleVerdicts(): Verdict[] {
  return [
    sampleVerdict('SYNC-01', 'pass', 'The bank was registered by x-000001.', ['x-000001']),
    sampleVerdict('ONB-01', 'fail', 'The PATCH x-000002 carried no bankAccounts & the account stayed <pending>.', ['x-000002']),
    sampleVerdict('ONB-02', 'fail', 'A known failure.'),
    sampleVerdict('STMT-01', 'error', 'The kit has no check for STMT-01.'),
    sampleVerdict('MAL-01', 'not-applicable', 'Not applicable: the candidate does not declare capability "multi-account-linking".'),
    sampleVerdict(warnId(), 'warn', 'A SHOULD that was not met.'),
  ];
}

function warnId(): string {
  const should = set.requirements.find((candidate) => candidate.level === 'SHOULD' && candidate.flow === 'posting');
  if (!should) throw new Error('the set has no SHOULD posting requirement');
  return should.id;
}

export function sampleSummaryInput(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    run: {
      verdicts: sampleVerdicts(),
      candidate: { label: 'reference connector (process)', description: '/usr/bin/node /tmp/x/reference-connector.mjs', imageId: undefined, readyAfterMs: 191.4, logs: '{"msg":"listening"}' },
      timings: { startupMs: 2000.4, simulatorStartMs: 1800.2, candidateStartMs: 200.1, flowsMs: { 'bank-sync': 10.6, onboarding: 420.2 }, stopMs: 20, judgeMs: 1.2, totalMs: 2500.7 },
      incomplete: false,
    },
    requirementSet: { version: set.version, digest: set.digest },
    candidateKind: 'reference',
    capabilities: ['bank-sync'],
    policies: resolvePolicies({ 'statement-batch-limit': 1000 }),
    baseline: { source: '/tmp/baseline.yaml', knownFailures: [{ requirement: 'ONB-02', reason: 'fixed in release 4 <soon>' }] },
    selection: { only: [], flows: ['bank-sync', 'onboarding', 'posting'] },
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:03.000Z',
    ...overrides,
  };
}

export const sampleSummary = (overrides: Partial<SummaryInput> = {}): CertificationSummary => buildSummary(sampleSummaryInput(overrides));

/** An interaction result as the pact phase reports it (contracts/verification/interaction-result.ts). */
export function sampleInteraction(description: string, requirementIds: readonly string[], mismatches: readonly string[] = []): PactInteractionResult {
  const status = mismatches.length === 0 ? 'passed' : 'failed';
  return {
    id: `pact:banking-service->connector:${description}`,
    consumer: 'banking-service',
    provider: 'connector',
    description,
    providerStates: ['the connector has registered its bank'],
    status,
    mismatches,
    explanations: [],
    stateProblems: [],
    notes: [],
    requirementIds,
    sentence: status === 'passed' ? `"${description}": the provider answered as the contract says.` : `"${description}" failed: ${mismatches[0]}.`,
  };
}

/**
 * A pact phase with two interactions, the second failing with Pact's own mismatch text when `failing`; its
 * descriptions and requirement ids are the kit's (contracts/verification/interaction-requirements.ts).
 */
export function sampleContracts(options: { readonly failing?: boolean } = {}): WebhookContractOutcome {
  const interactions = [
    sampleInteraction('a bank account created notification', ['ONB-13', 'SPEC-01']),
    sampleInteraction("the accounts under a linked account's authorisation", ['SPEC-03', 'MAL-01'], options.failing ? ['$ -> Expected an array with at least 1 item(s) but got [] & <none>'] : []),
  ];
  return {
    status: options.failing ? 'failed' : 'verified',
    reason: options.failing ? '1 interaction of the webhook contract failed: "the accounts under a linked account\'s authorisation".' : 'The candidate verified all 2 interactions of the webhook contract.',
    pact: { file: 'contracts/pacts/banking-service-connector.json', consumer: 'banking-service', provider: 'connector', specification: '4.0', digest: `sha256:${'a'.repeat(64)}` },
    ms: 8123,
    evidenceCut: { traffic: 12, events: 7, steps: 3 },
    interactions,
  };
}
