import type { Redactor } from '../traffic/index.ts';

/** What the kit tells a candidate about one run (design §4): all of it fresh per run. */
export interface RunEndpoints {
  readonly port: number;
  readonly bankingServiceUrl: string;
  readonly sageIdUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly audience: string;
  readonly apiKey: string;
  readonly connectorPublicUrl: string;
  readonly notificationHeaderName: string;
  readonly notificationHeaderValue: string;
}

/**
 * Names a mapping template may use: every RunEndpoints field, plus `providerApiUrl` (the name design §4 uses for
 * the Provider API base, equal to bankingServiceUrl) and the two Sage ID URLs a connector may want whole.
 */
export const TEMPLATE_VARIABLES = Object.freeze([
  'port',
  'bankingServiceUrl',
  'providerApiUrl',
  'sageIdUrl',
  'sageIdTokenUrl',
  'sageIdJwksUrl',
  'clientId',
  'clientSecret',
  'audience',
  'apiKey',
  'connectorPublicUrl',
  'notificationHeaderName',
  'notificationHeaderValue',
] as const);
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** The contract's default variable names (design §4). */
export const DEFAULT_ENVIRONMENT_MAPPING: Readonly<Record<string, string>> = Object.freeze({
  PORT: '{{port}}',
  BANKING_SERVICE_URL: '{{bankingServiceUrl}}',
  SAGE_ID_URL: '{{sageIdUrl}}',
  SAGE_ID_CLIENT_ID: '{{clientId}}',
  SAGE_ID_CLIENT_SECRET: '{{clientSecret}}',
  SAGE_ID_AUDIENCE: '{{audience}}',
  PROVIDER_API_KEY: '{{apiKey}}',
  CONNECTOR_PUBLIC_URL: '{{connectorPublicUrl}}',
  NOTIFICATION_HEADER_NAME: '{{notificationHeaderName}}',
  NOTIFICATION_HEADER_VALUE: '{{notificationHeaderValue}}',
});

export interface CandidateEnvironmentInput {
  readonly endpoints: RunEndpoints;
  /** The config's mapping: target variable → template such as `{{providerApiUrl}}/v1`. Added to the defaults. */
  readonly mapping?: Readonly<Record<string, string>>;
  /** Leave the default names out and set only the mapped ones. Default false. */
  readonly replaceDefaults?: boolean;
  /** Literal variables, no templating; they may not redefine a contract or mapped variable. */
  readonly extra?: Readonly<Record<string, string>>;
}

export class CandidateEnvironmentError extends Error {
  override readonly name = 'CandidateEnvironmentError';
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

function templateValues(endpoints: RunEndpoints): Readonly<Record<TemplateVariable, string>> {
  const sageIdBase = endpoints.sageIdUrl.replace(/\/+$/, '');
  return {
    port: String(endpoints.port),
    bankingServiceUrl: endpoints.bankingServiceUrl,
    providerApiUrl: endpoints.bankingServiceUrl,
    sageIdUrl: endpoints.sageIdUrl,
    sageIdTokenUrl: `${sageIdBase}/oauth/token`,
    sageIdJwksUrl: `${sageIdBase}/.well-known/jwks.json`,
    clientId: endpoints.clientId,
    clientSecret: endpoints.clientSecret,
    audience: endpoints.audience,
    apiKey: endpoints.apiKey,
    connectorPublicUrl: endpoints.connectorPublicUrl,
    notificationHeaderName: endpoints.notificationHeaderName,
    notificationHeaderValue: endpoints.notificationHeaderValue,
  };
}

/** Fills one template; an unknown variable or a stray brace is an error naming the target variable. */
export function renderTemplate(target: string, template: string, values: Readonly<Record<TemplateVariable, string>>): string {
  const rendered = template.replace(PLACEHOLDER, (_match, rawName: string) => {
    if (!isTemplateVariable(rawName)) {
      throw new CandidateEnvironmentError(
        `environment mapping ${target}: unknown template variable {{${rawName}}}; use one of ${TEMPLATE_VARIABLES.map((name) => `{{${name}}}`).join(', ')}`,
      );
    }
    return values[rawName];
  });
  const leftover = template.replace(PLACEHOLDER, '');
  if (leftover.includes('{{') || leftover.includes('}}')) {
    throw new CandidateEnvironmentError(`environment mapping ${target}: unbalanced "{{" or "}}" in its template; write placeholders as {{name}}`);
  }
  return rendered;
}

/** The candidate's environment for one run: the contract's names (unless replaced), the mapping, the extras. */
export function buildCandidateEnvironment(input: CandidateEnvironmentInput): Readonly<Record<string, string>> {
  const { endpoints } = input;
  if (!Number.isInteger(endpoints.port) || endpoints.port < 1 || endpoints.port > 65_535) {
    throw new CandidateEnvironmentError(`candidate port ${endpoints.port} is not a TCP port (1-65535)`);
  }
  const values = templateValues(endpoints);
  const templates = { ...(input.replaceDefaults === true ? {} : DEFAULT_ENVIRONMENT_MAPPING), ...input.mapping };
  const environment: Record<string, string> = {};
  for (const [target, template] of Object.entries(templates)) {
    if (!VARIABLE_NAME.test(target)) throw new CandidateEnvironmentError(`environment mapping: ${JSON.stringify(target)} is not a valid variable name (letters, digits, _)`);
    if (typeof template !== 'string') throw new CandidateEnvironmentError(`environment mapping ${target}: the template must be a string such as "{{providerApiUrl}}"`);
    environment[target] = renderTemplate(target, template, values);
  }
  for (const [name, value] of Object.entries(input.extra ?? {})) {
    if (!VARIABLE_NAME.test(name)) throw new CandidateEnvironmentError(`extra environment: ${JSON.stringify(name)} is not a valid variable name (letters, digits, _)`);
    if (Object.hasOwn(environment, name)) {
      throw new CandidateEnvironmentError(`extra environment ${name} would replace the run's own ${name}; map it in the environment mapping instead`);
    }
    if (typeof value !== 'string') throw new CandidateEnvironmentError(`extra environment ${name}: the value must be a string`);
    environment[name] = value;
  }
  return Object.freeze(environment);
}

/** The values of a run the candidate must keep secret, labelled for the redactor. */
export function candidateSecretsOf(endpoints: RunEndpoints): ReadonlyArray<readonly [label: string, value: string]> {
  return [
    ['client-secret', endpoints.clientSecret],
    ['provider-api-key', endpoints.apiKey],
    ['notification-header-value', endpoints.notificationHeaderValue],
  ];
}

/** Hands a run's secrets to a redactor, so the candidate's logs never carry them. */
export function registerCandidateSecrets(redactor: Redactor, endpoints: RunEndpoints): void {
  for (const [label, value] of candidateSecretsOf(endpoints)) redactor.addSecret(label, value);
}
