import { startBankingServiceSimulator, type BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import type { Policies } from '../../harness/policies/index.ts';
import { startCallbackSink, startSimulatorGateway, type CallbackSink, type SimulatorGateway } from '../simulator-support/index.ts';
import { buildVerificationReport, type PactVerificationReport } from '../verification/interaction-result.ts';
import { requirementIdsOfKitInteraction, requirementIdsOfProviderApiRequest } from '../verification/interaction-requirements.ts';
import { readPactDocument } from '../verification/pact-file.ts';
import { runPactVerification } from '../verification/run-verification.ts';
import { KNOWN_BANKING_SERVICE_STATES } from './provider-api-states.ts';
import { explainRefusal } from './refusal-explanation.ts';
import { simulatorRequestFilter } from './simulator-request-filter.ts';
import { SimulatorStates } from './simulator-states.ts';

export interface SimulatorVerificationOptions {
  /** A pact whose consumer is a connector (its Provider API client) and whose provider is Banking Service. */
  readonly pactFile: string;
  /** Verify against this running simulator; by default a fresh one is started and stopped. */
  readonly simulator?: BankingServiceSimulator;
  /** Policies of the fresh simulator (default: each policy's default). */
  readonly policies?: Policies;
  /** Per provider-state step. Default 10 s. */
  readonly stepTimeoutMs?: number;
  /** Per request the verifier sends. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

/**
 * Verifies a connector → Banking Service pact against the simulated Banking Service with Pact's verifier: the
 * kit's own pact (the reference connector and the simulator must agree) or a provider's pact from its own consumer
 * tests (`bsck verify-pact`). Provider states seed the simulator; each interaction is reported on its own, and
 * where the simulator refused a request the report gives its documented rule, evidence and message.
 */
export async function verifyPactAgainstSimulator(options: SimulatorVerificationOptions): Promise<PactVerificationReport> {
  const document = await readPactDocument(options.pactFile);
  let ownSimulator: BankingServiceSimulator | undefined;
  let sink: CallbackSink | undefined;
  let gateway: SimulatorGateway | undefined;
  try {
    // Throttling is the resilience suite's subject, not the contract's: a fresh simulator does not throttle.
    const simulator = options.simulator ?? (ownSimulator = await startBankingServiceSimulator({ rateLimit: false, ...(options.policies ? { policies: options.policies } : {}) }));
    sink = await startCallbackSink();
    gateway = await startSimulatorGateway(simulator, { timeoutMs: options.requestTimeoutMs ?? 10_000 });
    const states = new SimulatorStates(simulator, sink, options.stepTimeoutMs ?? 10_000);
    const redact = (text: string) => simulator.redactor.redactText(text);
    const run = await runPactVerification({
      document,
      providerBaseUrl: gateway.url,
      stateHandlers: states.handlers(),
      requestFilter: simulatorRequestFilter(simulator, () => states.seeded),
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      beforeEachInteraction: async () => {
        states.seeded = {};
      },
      // A verifier that dies is quoted in the error: its last line goes through the run's redactor too.
      redact,
    });
    const exchanges = gateway.exchanges;
    return buildVerificationReport(run, {
      redact,
      requirementIdsFor: (interaction) => requirementIdsOfKitInteraction(interaction.description) ?? requirementIdsOfProviderApiRequest(interaction.method, interaction.path),
      explanationsFor: (interaction) => {
        const position = run.executionOrder.indexOf(interaction.description);
        const exchange = position === -1 ? undefined : exchanges.find((candidate) => candidate.tag === String(position + 1));
        return exchange && exchange.method === interaction.method ? explainRefusal(exchange) : [];
      },
      notesFor: (interaction) =>
        interaction.providerStates
          .filter((state) => !KNOWN_BANKING_SERVICE_STATES.includes(state.name))
          .map((state) => `provider state "${state.name}" is not one the kit can set up; known states: ${KNOWN_BANKING_SERVICE_STATES.map((known) => `"${known}"`).join(', ')}`),
    });
  } finally {
    await gateway?.close();
    await sink?.close();
    await ownSimulator?.close();
  }
}
