import type { SpecSet } from '../../specs/loader/index.ts';
import type { Policies } from '../policies/index.ts';
import { candidateEnvironment } from './provider-credentials.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator } from './simulator.ts';

export interface SandboxOptions {
  /** Stable local ports so a connector under development can keep its configuration; 0 lets the OS choose. */
  readonly sageIdPort?: number;
  readonly providerPort?: number;
  readonly consumerPort?: number;
  /** Where the URLs and credentials are printed: the provider's own terminal. Default process.stdout. */
  readonly out?: { write(text: string): unknown };
  /** The connector's base URL, for the demo bank's callbackURLs (the connector may re-register them by bank sync). */
  readonly connectorUrl?: string;
  /** Keep the demo bank's id across runs. */
  readonly demoBankId?: string;
  readonly policies?: Policies;
  /** The specs every exchange is validated against; the bundled ones by default. */
  readonly specs?: SpecSet | 'bundled' | 'none';
  readonly trafficFile?: string;
  readonly eventsFile?: string;
  /** Stop on SIGINT/SIGTERM (Ctrl-C); the CLI may handle signals itself instead. */
  readonly stopOnSignals?: boolean;
}

export interface SandboxDemo {
  readonly organisationId: string;
  readonly companyId: string;
  readonly bankId: string;
}

export interface SandboxHandle {
  readonly simulator: BankingServiceSimulator;
  readonly demo: SandboxDemo;
  close(): Promise<void>;
}

export const SANDBOX_DEFAULT_PORTS = Object.freeze({ sageId: 4010, providerApi: 4011, consumerApi: 4012 });
const DEFAULT_CONNECTOR_URL = 'http://127.0.0.1:8080';

/**
 * The offline sandbox: the simulated Sage ID and Banking Service on stable local ports with a demo organisation,
 * company and bank, for a provider to point a connector under development at. This is the one place the run's
 * credentials are printed, to the terminal of the provider who started it.
 */
export async function runSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const out = options.out ?? process.stdout;
  const connectorUrl = (options.connectorUrl ?? DEFAULT_CONNECTOR_URL).replace(/\/+$/, '');
  const simulator = await startBankingServiceSimulator({
    ports: {
      sageId: options.sageIdPort ?? SANDBOX_DEFAULT_PORTS.sageId,
      providerApi: options.providerPort ?? SANDBOX_DEFAULT_PORTS.providerApi,
      consumerApi: options.consumerPort ?? SANDBOX_DEFAULT_PORTS.consumerApi,
    },
    ...(options.policies ? { policies: options.policies } : {}),
    ...(options.specs ? { specs: options.specs } : {}),
    ...(options.trafficFile ? { trafficFile: options.trafficFile } : {}),
    ...(options.eventsFile ? { eventsFile: options.eventsFile } : {}),
  });
  const bank = simulator.registerBank({
    name: 'Sandbox Demo Bank',
    countryCode: 'GB',
    url: 'https://demo-bank.example',
    externalRef: 'sandbox-demo-aggregator',
    callbackURLs: {
      notification: `${connectorUrl}/notification`,
      availableAccounts: `${connectorUrl}/availableaccounts`,
      auth: `${connectorUrl}/auth`,
      reAuth: `${connectorUrl}/authrefresh`,
    },
    ...(options.demoBankId ? { principalId: options.demoBankId } : {}),
  });
  const demo = { ...simulator.seedOrganisation('Sandbox Demo Company'), bankId: bank.principalId };
  const organisationKey = simulator.state.organisations().find((organisation) => organisation.organisationId === demo.organisationId)?.signingKey ?? '';

  const environment = candidateEnvironment(simulator.credentials);
  out.write(
    [
      'Simulated Sage Banking Service sandbox',
      `  Sage ID        ${simulator.sageIdUrl}  (token ${simulator.credentials.tokenUrl}, keys ${simulator.credentials.jwksUrl})`,
      `  Provider API   ${simulator.providerApiUrl}/v1/...`,
      `  Consumer API   ${simulator.consumerApiUrl}`,
      '',
      'Connector environment (fresh secrets for this run; they are shown only here):',
      ...Object.entries(environment).map(([name, value]) => `  ${name}=${value}`),
      `  CONNECTOR_PUBLIC_URL=${connectorUrl}`,
      '',
      'Demo data:',
      `  bank          ${bank.principalId}  (externalRef ${bank.externalRef}, callbacks at ${connectorUrl}/...)`,
      `  organisation  ${demo.organisationId}`,
      `  company       ${demo.companyId}`,
      '',
      'Product (to drive flows through the Consumer API):',
      `  x-application             ${simulator.product.applicationId}`,
      `  application signing key   ${simulator.product.signingKey}`,
      `  organisation signing key  ${organisationKey}`,
      '',
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await simulator.close();
    })();
    return stopping;
  };
  const onSignal = () => {
    void stop();
  };
  if (options.stopOnSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { simulator, demo, close: stop };
}
