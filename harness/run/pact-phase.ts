import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { AuthDriver } from '../auth-driver/index.ts';
import type { BankingServiceSimulator } from '../banking-service/simulator.ts';
import type { TestUser } from '../config/index.ts';
import { KIT_ROOT } from '../report/kit-version.ts';
import { WEBHOOK_PACT_FILE } from '../../contracts/pact-environment.ts';
import type { PactInteractionResult } from '../../contracts/verification/interaction-result.ts';
import type { Evidence } from '../../suites/checks/evidence.ts';

/**
 * verified: every interaction passed · failed: at least one did not (the candidate breaks the contract) · error:
 * the kit could not verify (the candidate is not blamed) · skipped: not part of this run, or impossible because the
 * candidate registered no bank (its bank-sync verdicts say so) · interrupted: Ctrl-C during the phase.
 */
export type WebhookContractStatus = 'verified' | 'failed' | 'error' | 'skipped' | 'interrupted';

/** Where the judged evidence ends: the pact phase's own exchanges, events and steps come after these counts. */
export interface EvidenceCut {
  readonly traffic: number;
  readonly events: number;
  readonly steps: number;
}

/**
 * The webhook contract (Banking Service → connector) verified against the candidate inside `certify`, reported per
 * interaction. JSON-safe: summary.json's `contracts` (docs/summary.schema.json).
 */
export interface WebhookContractOutcome {
  readonly status: WebhookContractStatus;
  /** One sentence: why the status is what it is. */
  readonly reason: string;
  /** The pact verified: its file relative to the kit, its pacticipants, and the SHA-256 of its bytes. */
  readonly pact: { readonly file: string; readonly consumer: string; readonly provider: string; readonly specification: string; readonly digest: string } | null;
  readonly ms: number;
  /** The flows' evidence ends here; what the phase caused is in evidence/*.jsonl after it, never judged. */
  readonly evidenceCut: EvidenceCut | null;
  readonly interactions: readonly PactInteractionResult[];
}

/** Whether runCertification verifies the webhook contract after the flows, and if not, why (for the reports). */
export type PactPhaseRequest =
  | {
      readonly run: true;
      readonly pactFile?: string;
      readonly stepTimeoutMs?: number;
      readonly requestTimeoutMs?: number;
      /** Where Pact's verifier's own output (its report, redacted) is kept: certify's evidence/pact-verifier.log. */
      readonly verifierLog?: string;
    }
  | { readonly run: false; readonly reason: string };

export function skippedContract(reason: string): WebhookContractOutcome {
  return { status: 'skipped', reason, pact: null, ms: 0, evidenceCut: null, interactions: [] };
}

/**
 * The evidence the checks judge: the flows' records only. Checks are pure functions of traffic, events and steps;
 * the pact phase's provider states add onboardings, notifications and the candidate's answers after the flows,
 * and none of that may change a requirement verdict.
 */
export function evidenceBefore(evidence: Evidence, cut: EvidenceCut | null): Evidence {
  if (cut === null) return evidence;
  return {
    traffic: evidence.traffic.filter((record) => record.seq <= cut.traffic),
    events: evidence.events.filter((event) => event.seq <= cut.events),
    steps: evidence.steps.slice(0, cut.steps),
    facts: evidence.facts,
  };
}

export interface PactPhaseInput {
  readonly simulator: BankingServiceSimulator;
  /** CONNECTOR_PUBLIC_URL of the run. */
  readonly candidateUrl: string;
  readonly authDriver: AuthDriver;
  /** The config's test user; undefined for the redirect driver, which signs in as nobody. */
  readonly user: TestUser | undefined;
  /** How many steps the flows recorded. */
  readonly steps: number;
  readonly progress: (line: string) => void;
  /** Resolves on Ctrl-C: the phase stops waiting at once (the run then stops the candidate and the simulator). */
  readonly aborted: Promise<void>;
  readonly request: Extract<PactPhaseRequest, { run: true }>;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

async function describePact(file: string): Promise<{ pact: NonNullable<WebhookContractOutcome['pact']>; count: number }> {
  const bytes = await readFile(file);
  const document = JSON.parse(bytes.toString('utf8')) as { consumer?: { name?: string }; provider?: { name?: string }; metadata?: { pactSpecification?: { version?: string } }; interactions?: unknown[] };
  const shown = relative(KIT_ROOT, file);
  return {
    pact: {
      file: shown.startsWith('..') ? file : shown,
      consumer: document.consumer?.name ?? '',
      provider: document.provider?.name ?? '',
      specification: document.metadata?.pactSpecification?.version ?? '',
      digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    },
    count: document.interactions?.length ?? 0,
  };
}

/**
 * Verifies the running candidate against the kit's webhook pact with Pact's verifier, while the flows' candidate
 * and simulator still run (contracts/webhooks/verify-candidate.ts). The verifier runs in a child process: this
 * process never loads Pact's native core, and the verifier's report goes to the request's `verifierLog`, never to
 * the console. Never throws: a failure of the kit is an `error` outcome.
 */
export async function runPactPhase(input: PactPhaseInput): Promise<WebhookContractOutcome> {
  const started = performance.now();
  const { simulator, progress } = input;
  const evidenceCut: EvidenceCut = { traffic: simulator.traffic.all().length, events: simulator.events.lastSeq, steps: input.steps };
  const file = input.request.pactFile ?? WEBHOOK_PACT_FILE;
  const outcome = (status: WebhookContractStatus, reason: string, rest: Partial<WebhookContractOutcome> = {}): WebhookContractOutcome => ({
    status, reason, pact: null, evidenceCut, interactions: [], ...rest, ms: Math.round(performance.now() - started),
  });

  let described: Awaited<ReturnType<typeof describePact>>;
  try {
    described = await describePact(file);
  } catch (error) {
    return outcome('error', `The kit could not read the webhook pact ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const { pact } = described;
  const registered = simulator.state.banks().some((bank) => bank.ownerClientId === simulator.credentials.clientId);
  if (!registered) {
    return outcome('skipped', 'The webhook contract was not verified: the candidate registered no bank, which every provider state needs (see the bank-sync verdicts).', { pact });
  }

  progress(`pact: verifying the candidate against the webhook contract ${pact.file} (${plural(described.count, 'interaction')})`);
  let interrupted = false;
  const abandon = new AbortController();
  const stop = input.aborted.then(() => {
    interrupted = true;
    abandon.abort();
  });
  try {
    const { verifyCandidateAgainstPacts } = await import('../../contracts/webhooks/verify-candidate.ts');
    const verifying = verifyCandidateAgainstPacts({
      candidateUrl: input.candidateUrl,
      simulator,
      auth: { driver: input.authDriver, user: input.user ?? { username: '', password: '' } },
      pactFile: file,
      signal: abandon.signal,
      ...(input.request.verifierLog ? { logFile: input.request.verifierLog } : {}),
      ...(input.request.stepTimeoutMs !== undefined ? { stepTimeoutMs: input.request.stepTimeoutMs } : {}),
      ...(input.request.requestTimeoutMs !== undefined ? { requestTimeoutMs: input.request.requestTimeoutMs } : {}),
    });
    // On an interruption the verifier's process is killed (abandon); the phase does not wait for that to be reported.
    verifying.catch(() => {});
    const report = await Promise.race([verifying, stop.then(() => undefined)]);
    if (interrupted || report === undefined) return outcome('interrupted', 'The run was interrupted while the webhook contract was being verified.', { pact });
    for (const interaction of report.interactions) {
      progress(`  pact: ${interaction.status === 'passed' ? '✓' : '✗'} ${interaction.description}${interaction.status === 'passed' ? '' : ` — ${interaction.mismatches[0] ?? interaction.sentence}`}`);
    }
    const failed = report.interactions.filter((interaction) => interaction.status === 'failed');
    const status: WebhookContractStatus = failed.length === 0 ? 'verified' : 'failed';
    const reason = status === 'verified'
      ? `The candidate verified all ${plural(report.interactions.length, 'interaction')} of the webhook contract.`
      : `${plural(failed.length, 'interaction')} of the webhook contract failed: ${failed.map((interaction) => `"${interaction.description}"`).join(', ')}.`;
    const done = outcome(status, reason, { pact, interactions: report.interactions });
    progress(`pact: ${status} in ${done.ms} ms`);
    return done;
  } catch (error) {
    if (interrupted) return outcome('interrupted', 'The run was interrupted while the webhook contract was being verified.', { pact });
    const message = simulator.redactor.redactText((error as Error).message.split('\n')[0] ?? String(error));
    progress(`pact: the kit could not verify the webhook contract: ${message}`);
    return outcome('error', `The kit could not verify the webhook contract (the candidate is not blamed): ${message}`, { pact });
  }
}
