import { NO_FAULTS, parseFaults, type FaultSet } from './faults.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';

export type AuthMode = 'login-page' | 'auto-approve';

/** Timings the environment contract does not expose; tests shorten them. */
export interface ConnectorTiming {
  /** Every outbound HTTP call is abandoned after this long. */
  readonly httpTimeoutMs: number;
  /** Retries after a 429, a 5xx or a transport failure, per call. */
  readonly maxRetries: number;
  /** Upper bound for one back-off wait (Retry-After larger than this is capped). */
  readonly maxBackoffMs: number;
  /** First back-off step when the server gives no Retry-After. */
  readonly initialBackoffMs: number;
  /** How long a posted statement may take to reach completed/rejected before the push gives up. */
  readonly statementCompletionTimeoutMs: number;
  /** First wait between GET /v1/statements/{id} polls; doubles up to maxPollIntervalMs. */
  readonly initialPollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  /** Bank sync keeps retrying an unreachable Banking Service for this long. */
  readonly bankSyncDeadlineMs: number;
  /** A token is refreshed this long before it expires. */
  readonly tokenRefreshMarginMs: number;
  /** Provider API calls started per second at most; 0 = no pacing. Just under the default 10/s throttle [APPLY]. */
  readonly maxRequestsPerSecond: number;
}

export const DEFAULT_TIMING: ConnectorTiming = Object.freeze({
  httpTimeoutMs: 10_000,
  maxRetries: 5,
  maxBackoffMs: 30_000,
  initialBackoffMs: 250,
  statementCompletionTimeoutMs: 60_000,
  initialPollIntervalMs: 100,
  maxPollIntervalMs: 2_000,
  bankSyncDeadlineMs: 300_000,
  tokenRefreshMarginMs: 60_000,
  maxRequestsPerSecond: 9,
});

export interface ConnectorConfig {
  readonly port: number;
  readonly host: string;
  /** Provider API base without a trailing slash; calls go to `${bankingServiceUrl}/v1/...`. */
  readonly bankingServiceUrl: string;
  /** Sage ID base without a trailing slash; also the expected `iss` of inbound tokens. */
  readonly sageIdUrl: string;
  readonly sageIdClientId: string;
  readonly sageIdClientSecret: string;
  readonly sageIdAudience: string;
  readonly providerApiKey: string;
  /** Base URL Banking Service calls, without a trailing slash. */
  readonly connectorPublicUrl: string;
  /** Lower-case, as node:http presents incoming header names. */
  readonly notificationHeaderName: string;
  readonly notificationHeaderValue: string;
  readonly statementBatchLimit: number;
  readonly authMode: AuthMode;
  readonly testBankAutoUser: string;
  readonly faults: FaultSet;
  readonly testControl: boolean;
  readonly logLevel: LogLevel;
  readonly timing: ConnectorTiming;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export type ConfigResult = { readonly config: ConnectorConfig } | { readonly errors: readonly string[] };

const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Reads the candidate contract (design §4 plus the reference connector's own switches). Every problem becomes one
 * line naming the variable and what to do; values of secret variables are never repeated in a message.
 */
export function parseConfig(env: Environment, options: { readonly testUsers: readonly string[] }): ConfigResult {
  const errors: string[] = [];
  const required = (name: string, what: string): string => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') {
      errors.push(`${name} is missing: set it to ${what}.`);
      return '';
    }
    return value;
  };
  const url = (name: string, what: string): string => {
    const value = required(name, what);
    if (value === '') return '';
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      errors.push(`${name} is not a URL: set it to ${what}.`);
      return '';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      errors.push(`${name} must be an http or https URL, got the scheme ${parsed.protocol}`);
      return '';
    }
    if (parsed.search !== '' || parsed.hash !== '') {
      errors.push(`${name} must be a base URL without a query or fragment.`);
      return '';
    }
    return value.replace(/\/+$/, '');
  };
  const integer = (name: string, fallback: number | undefined, min: number, max: number, what: string): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      if (fallback === undefined) errors.push(`${name} is missing: set it to ${what}.`);
      return fallback ?? 0;
    }
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      errors.push(`${name} must be an integer from ${min} to ${max}, got "${raw}".`);
      return fallback ?? 0;
    }
    return value;
  };
  const oneOf = <Value extends string>(name: string, allowed: readonly Value[], fallback: Value): Value => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      errors.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}".`);
      return fallback;
    }
    return raw as Value;
  };

  const port = integer('PORT', undefined, 0, 65_535, 'the TCP port the connector listens on');
  const host = env.HOST?.trim() || '127.0.0.1';
  const bankingServiceUrl = url('BANKING_SERVICE_URL', 'the Provider API base URL (calls go to BANKING_SERVICE_URL/v1/...)');
  const sageIdUrl = url('SAGE_ID_URL', 'the Sage ID base URL (token at SAGE_ID_URL/oauth/token)');
  const sageIdClientId = required('SAGE_ID_CLIENT_ID', 'the client_id Sage issued for the client-credentials grant');
  const sageIdClientSecret = required('SAGE_ID_CLIENT_SECRET', 'the client_secret Sage issued for the client-credentials grant');
  const sageIdAudience = required('SAGE_ID_AUDIENCE', 'the audience of the Provider API tokens');
  const providerApiKey = required('PROVIDER_API_KEY', 'the x-api-key Sage issued for the Provider API');
  const connectorPublicUrl = url('CONNECTOR_PUBLIC_URL', 'the base URL Banking Service uses to reach this connector');
  const notificationHeaderName = required('NOTIFICATION_HEADER_NAME', 'the header name agreed with Sage for /notification');
  if (notificationHeaderName !== '' && !HTTP_TOKEN.test(notificationHeaderName)) {
    errors.push(`NOTIFICATION_HEADER_NAME must be a valid HTTP header name, got "${notificationHeaderName}".`);
  }
  const notificationHeaderValue = required('NOTIFICATION_HEADER_VALUE', 'the header value agreed with Sage for /notification');
  // The batch limit policy allows 100 or 1,000 [P-STMT] [G-POST]; anything up to 1,000 stays inside both readings' upper bound.
  const statementBatchLimit = integer('STATEMENT_BATCH_LIMIT', 100, 1, 1000, 'the maximum TransactionDetails per statement');
  const authMode = oneOf<AuthMode>('AUTH_MODE', ['login-page', 'auto-approve'], 'login-page');
  const testBankAutoUser = env.TEST_BANK_AUTO_USER?.trim() || options.testUsers[0] || '';
  if (!options.testUsers.includes(testBankAutoUser)) {
    errors.push(`TEST_BANK_AUTO_USER must be one of the test users ${options.testUsers.join(', ')}, got "${testBankAutoUser}".`);
  }
  const testControl = oneOf('TEST_CONTROL', ['on', 'off'], 'off') === 'on';
  const logLevel = oneOf<LogLevel>('LOG_LEVEL', LOG_LEVELS, 'info');
  const parsedFaults = parseFaults(env.FAULTS);
  let faults: FaultSet = NO_FAULTS;
  if ('unknown' in parsedFaults) {
    errors.push(`FAULTS names an unknown fault switch "${parsedFaults.unknown}": see the fault table in examples/reference-connector/README.md.`);
  } else {
    faults = parsedFaults.faults;
  }

  if (errors.length > 0) return { errors };
  return {
    config: Object.freeze({
      port,
      host,
      bankingServiceUrl,
      sageIdUrl,
      sageIdClientId,
      sageIdClientSecret,
      sageIdAudience,
      providerApiKey,
      connectorPublicUrl,
      notificationHeaderName: notificationHeaderName.toLowerCase(),
      notificationHeaderValue,
      statementBatchLimit,
      authMode,
      testBankAutoUser,
      faults,
      testControl,
      logLevel,
      timing: DEFAULT_TIMING,
    }),
  };
}
