import type { BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { buildCandidateEnvironment, createProcessLauncher, type RunningCandidate } from '../../harness/candidate/index.ts';
import { findFreePort } from '../../harness/docker/free-port.ts';
import { buildReferenceBundle, type ReferenceBundle } from '../../harness/run/reference-connector.ts';

export interface ReferenceCandidate {
  readonly url: string;
  readonly bankId: string;
  logs(): string;
  stop(): Promise<void>;
}

/** The reference connector's published test user with several accounts (examples/reference-connector/README.md). */
export const REFERENCE_TEST_USER = Object.freeze({ username: 'alice', password: 'alice-test-password', otp: '111111' });

/**
 * The bundled reference connector as a black-box process against the given simulator, as certify starts it in
 * process mode; resolves once it has registered its bank. `faults` are its fault switches.
 */
export async function startReferenceCandidate(simulator: BankingServiceSimulator, options: { readonly faults?: readonly string[]; readonly timeoutMs?: number } = {}): Promise<ReferenceCandidate> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const bundle: ReferenceBundle = await buildReferenceBundle();
  let candidate: RunningCandidate | undefined;
  try {
    const port = await findFreePort();
    const { credentials } = simulator;
    const after = simulator.events.lastSeq;
    const environment = buildCandidateEnvironment({
      endpoints: {
        port,
        bankingServiceUrl: simulator.providerApiUrl,
        sageIdUrl: simulator.sageIdUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        audience: credentials.audience,
        apiKey: credentials.apiKey,
        connectorPublicUrl: `http://127.0.0.1:${port}`,
        notificationHeaderName: credentials.notificationHeaderName,
        notificationHeaderValue: credentials.notificationHeaderValue,
      },
      extra: { LOG_LEVEL: 'warn', ...(options.faults && options.faults.length > 0 ? { FAULTS: options.faults.join(',') } : {}) },
    });
    candidate = await createProcessLauncher({ command: [process.execPath, bundle.file], environment, port, readiness: { path: '/', timeoutMs }, redactor: simulator.redactor }).start();
    const registered = await simulator.events.waitForType('bank.registered', (event) => event.clientId === credentials.clientId, {
      timeoutMs,
      description: 'the reference connector registering its bank',
      after,
    });
    const running = candidate;
    return {
      url: running.baseUrl,
      bankId: registered.bankId,
      logs: () => running.logs(),
      stop: async () => {
        await running.stop();
        await bundle.dispose();
      },
    };
  } catch (error) {
    await candidate?.stop();
    await bundle.dispose();
    throw error;
  }
}
