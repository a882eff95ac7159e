import { SHORT_SECRET_LENGTH } from '../secrets/secret-spellings.ts';
import type { BankingServiceConfig, BankingServicePorts, PinnedProviderConfig } from './config-types.ts';
import { environmentVariableOf } from './templates.ts';

/** What a run's simulated Banking Service is pinned to, with every `{{env.NAME}}` read. Empty when nothing is pinned. */
export interface PinnedBankingService {
  readonly ports: BankingServicePorts;
  /** The values themselves: the three secrets among them must never be written anywhere. */
  readonly provider: PinnedProviderConfig;
  /** The environment variable each value was read from: what the bundle records in place of a secret. */
  readonly environmentNames: Readonly<Partial<Record<ProviderField, string>>>;
}

export type ProviderField = keyof PinnedProviderConfig;
export type PortName = keyof BankingServicePorts;

const PROVIDER_FIELDS: readonly ProviderField[] = ['clientId', 'clientSecret', 'audience', 'apiKey', 'notificationHeaderName', 'notificationHeaderValue'];
export const PINNED_SECRET_FIELDS: readonly ProviderField[] = Object.freeze(['clientSecret', 'apiKey', 'notificationHeaderValue']);
const PORT_NAMES: readonly PortName[] = ['sageId', 'providerApi', 'consumerApi'];

/**
 * What a candidate configured before the run needs pinned: the two URLs it calls and the credentials it presents.
 * The Consumer API is the kit's own side and may stay on a port the system chooses; the notification header name
 * has a default [SEC].
 */
const URL_CANDIDATE_PORTS: readonly PortName[] = ['sageId', 'providerApi'];
const URL_CANDIDATE_PROVIDER: readonly ProviderField[] = ['clientId', 'audience', 'clientSecret', 'apiKey', 'notificationHeaderValue'];

const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface PinInput {
  readonly config: BankingServiceConfig | undefined;
  /** The candidate's URL when it is a url candidate: it was configured before the run, so everything must be pinned. */
  readonly candidateUrl: string | undefined;
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly at: (field: string, message: string) => void;
}

/** Checks and resolves the bankingService section; each problem is one `at` line naming the field. */
export function resolvePinnedBankingService(input: PinInput): PinnedBankingService {
  const { config, at } = input;
  const provider: Partial<Record<ProviderField, string>> = {};
  const environmentNames: Partial<Record<ProviderField, string>> = {};

  for (const field of PROVIDER_FIELDS) {
    const written = config?.provider?.[field];
    if (written === undefined) continue;
    const name = `bankingService.provider.${field}`;
    const variable = environmentVariableOf(written);
    const secret = PINNED_SECRET_FIELDS.includes(field);
    if (variable === undefined) {
      // The literal is not repeated: it may be the very secret that must not be in the file.
      if (secret) at(name, `a secret cannot be written in the config: write "{{env.NAME}}" and set NAME in the environment bsck runs in`);
      else if (written.includes('{{')) at(name, 'the only template allowed here is "{{env.NAME}}"');
      else provider[field] = written;
      continue;
    }
    const value = input.environment[variable];
    if (value === undefined || value === '') {
      at(name, `environment variable ${variable} is not set: export it before running bsck`);
      continue;
    }
    if (secret && value.length < SHORT_SECRET_LENGTH) {
      at(name, `environment variable ${variable} holds fewer than ${SHORT_SECRET_LENGTH} characters: too short for the kit to find it reliably when it scans its output; use a longer secret`);
      continue;
    }
    provider[field] = value;
    environmentNames[field] = variable;
  }
  if (provider.notificationHeaderName !== undefined && !HTTP_TOKEN.test(provider.notificationHeaderName)) {
    at('bankingService.provider.notificationHeaderName', 'is not a valid HTTP header name');
  }

  const ports: Partial<Record<PortName, number>> = {};
  const portOwners = new Map<number, PortName>();
  for (const portName of PORT_NAMES) {
    const port = config?.ports?.[portName];
    if (port === undefined) continue;
    const owner = portOwners.get(port);
    if (owner !== undefined) at(`bankingService.ports.${portName}`, `${port} is also ports.${owner}: give each its own port`);
    else portOwners.set(port, portName);
    ports[portName] = port;
  }
  const candidatePort = loopbackPortOf(input.candidateUrl);
  const clash = candidatePort === undefined ? undefined : portOwners.get(candidatePort);
  if (clash !== undefined) at(`bankingService.ports.${clash}`, `${candidatePort} is the candidate URL's port: the connector listens there`);

  if (input.candidateUrl !== undefined) {
    if (config === undefined) {
      at(
        'bankingService',
        `is required for a url candidate: it was started before the run, so pin what it was configured with: ports (${URL_CANDIDATE_PORTS.join(', ')}) and provider (${URL_CANDIDATE_PROVIDER.join(', ')}; secrets as "{{env.NAME}}")`,
      );
    } else {
      for (const portName of URL_CANDIDATE_PORTS) {
        if (config.ports?.[portName] === undefined) at(`bankingService.ports.${portName}`, 'is required for a url candidate: the connector was configured with it before the run');
      }
      for (const field of URL_CANDIDATE_PROVIDER) {
        if (config.provider?.[field] === undefined) at(`bankingService.provider.${field}`, 'is required for a url candidate: the connector was configured with it before the run');
      }
    }
  }
  return Object.freeze({ ports: Object.freeze(ports), provider: Object.freeze(provider), environmentNames: Object.freeze(environmentNames) });
}

function loopbackPortOf(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (!LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
    return Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  } catch {
    return undefined;
  }
}
