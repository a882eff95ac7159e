import { randomBytes, randomUUID } from 'node:crypto';

/** What a candidate connector needs to talk to the simulated Banking Service (design §4). Every field but the URLs and ids is a secret. */
export interface ProviderCredentials {
  readonly sageIdUrl: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly providerApiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
  readonly apiKey: string;
  readonly notificationHeaderName: string;
  readonly notificationHeaderValue: string;
}

export interface ProviderSecrets {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiKey: string;
  readonly notificationHeaderName: string;
  readonly notificationHeaderValue: string;
}

/** The header Banking Service adds on /notification unless the provider chose another name [SEC]. */
export const DEFAULT_NOTIFICATION_HEADER_NAME = 'x-notification-key';

const secret = (): string => randomBytes(24).toString('base64url');

/** Fresh per run: nothing a provider saw in one run works in the next. */
export function generateProviderSecrets(overrides: Partial<ProviderSecrets> = {}): ProviderSecrets {
  return {
    clientId: overrides.clientId ?? `provider-${randomUUID()}`,
    clientSecret: overrides.clientSecret ?? secret(),
    apiKey: overrides.apiKey ?? secret(),
    notificationHeaderName: (overrides.notificationHeaderName ?? DEFAULT_NOTIFICATION_HEADER_NAME).toLowerCase(),
    notificationHeaderValue: overrides.notificationHeaderValue ?? secret(),
  };
}

/** The candidate's environment variables by their default names (design §4); PORT and CONNECTOR_PUBLIC_URL are the launcher's. */
export function candidateEnvironment(credentials: ProviderCredentials): Record<string, string> {
  return {
    BANKING_SERVICE_URL: credentials.providerApiUrl,
    SAGE_ID_URL: credentials.sageIdUrl,
    SAGE_ID_CLIENT_ID: credentials.clientId,
    SAGE_ID_CLIENT_SECRET: credentials.clientSecret,
    SAGE_ID_AUDIENCE: credentials.audience,
    PROVIDER_API_KEY: credentials.apiKey,
    NOTIFICATION_HEADER_NAME: credentials.notificationHeaderName,
    NOTIFICATION_HEADER_VALUE: credentials.notificationHeaderValue,
  };
}
