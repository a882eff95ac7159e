import { readFile } from 'node:fs/promises';
import { sendRequest } from '../../harness/http/index.ts';

/** Where to publish: a Pact Broker (or PactFlow) base URL and an API token. The token is a secret: never logged. */
export interface BrokerSettings {
  readonly url: string;
  readonly token: string;
}

/** The candidate's version as the broker records it: a version number (e.g. a git sha), its branch, a build link. */
export interface PacticipantVersion {
  readonly version: string;
  readonly branch?: string;
  readonly buildUrl?: string;
  readonly tags?: readonly string[];
}

/** Refused before anything is sent (missing version, mixed consumers) or refused by the broker. One line; no token in it. */
export class BrokerPublishingError extends Error {
  override readonly name = 'BrokerPublishingError';
}

/** A consumer version selector as the broker and Pact's verifier know it. */
export interface ConsumerVersionSelector {
  readonly mainBranch?: boolean;
  readonly branch?: string;
  readonly deployedOrReleased?: boolean;
  readonly latest?: boolean;
  readonly consumer?: string;
  readonly matchingBranch?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the broker from explicit values or, failing those, PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN (the names
 * Pact's own tools use). Neither: undefined (nothing is published). Only one of the two: an error.
 */
export function brokerSettingsFrom(input: { readonly url?: string; readonly token?: string } = {}, env: Readonly<Record<string, string | undefined>> = process.env): BrokerSettings | undefined {
  const url = (input.url ?? env['PACT_BROKER_BASE_URL'] ?? '').trim();
  const token = (input.token ?? env['PACT_BROKER_TOKEN'] ?? '').trim();
  if (url === '' && token === '') return undefined;
  if (url === '') throw new BrokerPublishingError('a broker token was given without a broker URL: set --broker-url or PACT_BROKER_BASE_URL');
  if (token === '') throw new BrokerPublishingError(`no token for the broker ${url}: set --broker-token or PACT_BROKER_TOKEN`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BrokerPublishingError(`the broker URL ${url} is not a URL: give the broker's base URL, e.g. https://acme.pactflow.io`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new BrokerPublishingError(`the broker URL ${url} must be http or https`);
  return { url: url.replace(/\/+$/, ''), token };
}

function requireVersion(version: PacticipantVersion | undefined, what: string): PacticipantVersion {
  const number = version?.version.trim() ?? '';
  if (number === '') throw new BrokerPublishingError(`refusing to publish ${what} without a version: pass the candidate's version (e.g. its git commit sha) and branch`);
  if (version?.branch !== undefined && version.branch.trim() === '') throw new BrokerPublishingError(`the branch for ${what} is empty: pass the candidate's branch name or leave it out`);
  return { ...version, version: number } as PacticipantVersion;
}

/** The body of the broker's "publish contracts" API (POST /contracts/publish, Pact Broker 2.86+ and PactFlow). */
export interface PublishContractsBody {
  readonly pacticipantName: string;
  readonly pacticipantVersionNumber: string;
  readonly branch?: string;
  readonly tags?: readonly string[];
  readonly buildUrl?: string;
  readonly contracts: readonly {
    readonly consumerName: string;
    readonly providerName: string;
    readonly specification: 'pact';
    readonly contentType: 'application/json';
    readonly content: string;
  }[];
}

export interface PublishContractsRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: PublishContractsBody;
}

/**
 * Builds the publish request for pact files written by one consumer. `providerName` renames the provider in the
 * published content: the kit's webhook pact names its provider "connector", while a provider's broker knows its
 * connector by its own pacticipant name.
 */
export async function buildPublishContractsRequest(input: {
  readonly broker: BrokerSettings;
  readonly version: PacticipantVersion | undefined;
  readonly pactFiles: readonly string[];
  readonly providerName?: string;
}): Promise<PublishContractsRequest> {
  const version = requireVersion(input.version, 'pacts');
  if (input.pactFiles.length === 0) throw new BrokerPublishingError('no pact files to publish');
  const contracts: PublishContractsBody['contracts'][number][] = [];
  for (const file of input.pactFiles) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new BrokerPublishingError(`${file} cannot be published: ${(error as Error).message.split('\n')[0]}`);
    }
    const consumer = isRecord(json) && isRecord(json['consumer']) ? json['consumer']['name'] : undefined;
    const provider = isRecord(json) && isRecord(json['provider']) ? json['provider']['name'] : undefined;
    if (!isRecord(json) || typeof consumer !== 'string' || typeof provider !== 'string') throw new BrokerPublishingError(`${file} is not a pact file (consumer.name or provider.name missing)`);
    const providerName = input.providerName ?? provider;
    const content = input.providerName === undefined ? json : { ...json, provider: { ...(json['provider'] as Record<string, unknown>), name: providerName } };
    contracts.push({ consumerName: consumer, providerName, specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(content)).toString('base64') });
  }
  const consumers = [...new Set(contracts.map((contract) => contract.consumerName))];
  if (consumers.length > 1) throw new BrokerPublishingError(`one publication is for one consumer; these files have ${consumers.join(', ')}: publish them separately`);
  return {
    url: `${input.broker.url}/contracts/publish`,
    headers: { authorization: `Bearer ${input.broker.token}`, 'content-type': 'application/json', accept: 'application/hal+json, application/json' },
    body: {
      pacticipantName: consumers[0] ?? '',
      pacticipantVersionNumber: version.version,
      ...(version.branch ? { branch: version.branch } : {}),
      ...(version.tags && version.tags.length > 0 ? { tags: [...version.tags] } : {}),
      ...(version.buildUrl ? { buildUrl: version.buildUrl } : {}),
      contracts,
    },
  };
}

/** Publishes the pact files; resolves with the broker's notices, throws a BrokerPublishingError on a refusal. */
export async function publishContracts(input: Parameters<typeof buildPublishContractsRequest>[0], options: { readonly timeoutMs?: number } = {}): Promise<{ readonly status: number; readonly notices: readonly string[] }> {
  const request = await buildPublishContractsRequest(input);
  const exchange = await sendRequest({ method: 'POST', url: request.url, headers: request.headers, body: request.body, timeoutMs: options.timeoutMs ?? 30_000 });
  if (!exchange.response) throw new BrokerPublishingError(`the broker ${input.broker.url} did not answer: ${exchange.failure?.message ?? 'no response'}`);
  let body: unknown;
  try {
    body = JSON.parse(exchange.response.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  const notices = isRecord(body) && Array.isArray(body['notices']) ? body['notices'].flatMap((notice) => (isRecord(notice) && typeof notice['text'] === 'string' ? [notice['text']] : [])) : [];
  const status = exchange.response.status;
  if (status < 200 || status > 299) {
    const reason = notices[0] ?? (isRecord(body) && typeof body['error'] === 'string' ? body['error'] : `HTTP ${status}`);
    throw new BrokerPublishingError(`the broker refused the pacts (HTTP ${status}): ${reason}`);
  }
  return { status, notices };
}

/** The verifier options that fetch pacts from the broker and publish the verification results with the candidate's version. */
export interface BrokerVerifierOptions {
  readonly pactBrokerUrl: string;
  readonly pactBrokerToken: string;
  readonly provider: string;
  readonly consumerVersionSelectors: readonly ConsumerVersionSelector[];
  readonly publishVerificationResult: true;
  readonly providerVersion: string;
  readonly providerVersionBranch?: string;
  readonly providerVersionTags?: readonly string[];
  readonly buildUrl?: string;
  readonly enablePending: boolean;
}

/**
 * Options for Pact's verifier to take the consumer pacts from the broker and publish each verification result
 * against the candidate's version and branch. By default it verifies the consumers' main branch and deployed or
 * released versions (the selectors Pact recommends).
 */
export function brokerVerifierOptions(input: {
  readonly broker: BrokerSettings;
  readonly provider: string;
  readonly version: PacticipantVersion | undefined;
  readonly consumerVersionSelectors?: readonly ConsumerVersionSelector[];
  readonly enablePending?: boolean;
}): BrokerVerifierOptions {
  const version = requireVersion(input.version, 'verification results');
  if (input.provider.trim() === '') throw new BrokerPublishingError('the provider name for the broker is empty: give the candidate\'s pacticipant name');
  return {
    pactBrokerUrl: input.broker.url,
    pactBrokerToken: input.broker.token,
    provider: input.provider,
    consumerVersionSelectors: input.consumerVersionSelectors ?? [{ mainBranch: true }, { deployedOrReleased: true }],
    publishVerificationResult: true,
    providerVersion: version.version,
    ...(version.branch ? { providerVersionBranch: version.branch } : {}),
    ...(version.tags && version.tags.length > 0 ? { providerVersionTags: [...version.tags] } : {}),
    ...(version.buildUrl ? { buildUrl: version.buildUrl } : {}),
    enablePending: input.enablePending ?? true,
  };
}
