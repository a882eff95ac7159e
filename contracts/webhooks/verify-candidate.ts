import type { AuthDriver } from '../../harness/auth-driver/index.ts';
import type { BrokerVerifierOptions } from '../broker/index.ts';
import type { Bank, BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { BANKING_SERVICE_CLIENT_ID } from '../../harness/banking-service/notifier/index.ts';
import type { TestUser } from '../../harness/config/index.ts';
import { startSageId, type SageId } from '../../harness/sage-id/index.ts';
import { WEBHOOK_PACT_FILE } from '../pact-environment.ts';
import { buildVerificationReport, type PactVerificationReport } from '../verification/interaction-result.ts';
import { requirementIdsOfKitInteraction } from '../verification/interaction-requirements.ts';
import { readPactDocument } from '../verification/pact-file.ts';
import { runPactVerification, type ProviderRequest, type RequestFilter } from '../verification/run-verification.ts';
import { CandidateStates, type NotificationSigning } from './candidate-states.ts';

export interface CandidateVerificationOptions {
  /** Where the kit reaches the candidate (CONNECTOR_PUBLIC_URL of the run), without a trailing slash. */
  readonly candidateUrl: string;
  /** The run's simulated Banking Service, the one the candidate is configured against and registered its bank with. */
  readonly simulator: BankingServiceSimulator;
  /** Signs in on the candidate's /auth page while provider states are set up (config auth driver and its multi-account user). */
  readonly auth: { readonly driver: AuthDriver; readonly user: TestUser };
  /** The candidate's bank; by default the newest bank the run's provider registered. */
  readonly bankId?: string;
  /** Default: the kit's published webhook pact, contracts/pacts/banking-service-connector.json. */
  readonly pactFile?: string;
  /** Per provider-state step (an onboarding through the candidate). Default 15 s. */
  readonly stepTimeoutMs?: number;
  /** Per request the verifier sends to the candidate. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Verify the webhook pact as published to the provider's Pact Broker and publish the results with the
   * candidate's version and branch (contracts/broker: brokerVerifierOptions). Interactions are still reported by
   * the descriptions of `pactFile`.
   */
  readonly broker?: BrokerVerifierOptions;
  /** Aborted when the run is interrupted: Pact's verifier process is killed, and nothing more reaches the candidate. */
  readonly signal?: AbortSignal;
  /** Keeps the verifier's own output (Pact's report, redacted) in this file, e.g. the run's evidence/pact-verifier.log. */
  readonly logFile?: string;
}

/** The kit cannot start the verification (no registered bank, an unreadable pact): one line, the kit's problem or the config's. */
export class CandidateVerificationError extends Error {
  override readonly name = 'CandidateVerificationError';
}

type Callback = 'notification' | 'auth' | 'reAuth' | 'availableAccounts';

/** The documented endpoint names the pact uses [INT] [REQ], and the callback each is registered as [SYNC]. */
const DOCUMENTED_PATHS: Readonly<Record<string, Callback>> = Object.freeze({
  '/notification': 'notification',
  '/auth': 'auth',
  '/authrefresh': 'reAuth',
  '/availableaccounts': 'availableAccounts',
});

/** Calls Banking Service signs with its Sage ID token and the provider header [SEC] (policy available-accounts-auth). */
const SIGNED: ReadonlySet<Callback> = new Set(['notification', 'availableAccounts']);

function candidateBank(simulator: BankingServiceSimulator, bankId: string | undefined): Bank {
  if (bankId !== undefined) {
    const bank = simulator.state.bank(bankId);
    if (!bank) throw new CandidateVerificationError(`bank ${bankId} is not registered with the simulated Banking Service`);
    return bank;
  }
  const owned = simulator.state.banks().filter((bank) => bank.ownerClientId === simulator.credentials.clientId);
  const bank = owned.at(-1);
  if (!bank) throw new CandidateVerificationError('the candidate has registered no bank with the simulated Banking Service: run bank sync first, or pass bankId');
  return bank;
}

/**
 * The connector's endpoints are wherever it registered them (callbackURLs), not necessarily at the documented
 * names the pact uses: each request goes to the registered path, with the registered URL's own query kept.
 */
function routeToRegisteredCallback(request: ProviderRequest, bank: Bank): Callback | undefined {
  const url = new URL(request.url, 'http://verifier.invalid');
  const callback = DOCUMENTED_PATHS[url.pathname];
  const registered = callback ? bank.callbackURLs[callback] : undefined;
  if (!callback || !registered) return callback;
  const target = new URL(registered);
  for (const [name, value] of url.searchParams) target.searchParams.append(name, value);
  request.url = `${target.pathname}${target.search}`;
  return callback;
}

/**
 * Verifies a running candidate against the kit's webhook pact (Banking Service → connector) with Pact's verifier.
 * Provider states are set up by driving the simulator (the candidate needs no state endpoint); every signed request
 * gets a fresh Sage ID token and the agreed provider header, as Banking Service's own calls do. One result per
 * interaction, with Pact's mismatch text.
 */
export async function verifyCandidateAgainstPacts(options: CandidateVerificationOptions): Promise<PactVerificationReport> {
  const { simulator } = options;
  const document = await readPactDocument(options.pactFile ?? WEBHOOK_PACT_FILE);
  const bank = candidateBank(simulator, options.bankId);
  const states = new CandidateStates({ simulator, bankId: bank.principalId, auth: options.auth, timeoutMs: options.stepTimeoutMs ?? 15_000 });
  let foreign: SageId | undefined;
  try {
    foreign = await startSageId();
    const foreignIssuer = foreign;
    const { credentials } = simulator;
    const tokenFor = (signing: NotificationSigning) =>
      (signing === 'foreign-token' ? foreignIssuer : simulator.sageId).issueToken({ clientId: BANKING_SERVICE_CLIENT_ID, audience: credentials.clientId, lifetimeSeconds: 600 });
    const requestFilter: RequestFilter = async (request) => {
      const callback = routeToRegisteredCallback(request, bank);
      if (callback && SIGNED.has(callback)) {
        request.headers['authorization'] = `Bearer ${await tokenFor(states.signing)}`;
        request.headers[credentials.notificationHeaderName] =
          states.signing === 'wrong-provider-header' ? 'a-value-the-connector-never-agreed' : credentials.notificationHeaderValue;
      }
    };
    const handlers = states.handlers();
    const redact = (text: string) => simulator.redactor.redactText(text);
    const run = await runPactVerification({
      document,
      providerBaseUrl: options.candidateUrl.replace(/\/+$/, ''),
      stateHandlers: handlers,
      requestFilter,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      beforeEachInteraction: async () => {
        states.signing = 'agreed';
      },
      redact,
      ...(options.logFile ? { logFile: options.logFile } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.broker ? { broker: options.broker } : {}),
    });
    return buildVerificationReport(run, {
      redact,
      requirementIdsFor: (interaction) => requirementIdsOfKitInteraction(interaction.description) ?? [],
      notesFor: (interaction) =>
        interaction.providerStates.filter((state) => !(state.name in handlers)).map((state) => `provider state "${state.name}" is not one the kit can set up for a connector`),
    });
  } finally {
    await foreign?.close();
  }
}
