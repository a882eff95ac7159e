import type { ExchangeRecord } from '../../harness/traffic/index.ts';
import { fail, inconclusive, pass, type Check, type CheckOutcome } from './check.ts';
import type { Evidence } from './evidence.ts';
import { callsToCandidate, candidateCalls, eventsOf, requestBody, stepsOf } from './evidence-queries.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const CALLBACKS = ['notification', 'availableAccounts', 'auth', 'reAuth'] as const;

interface BankEntry {
  readonly list: 'toCreate' | 'toUpdate';
  readonly index: number;
  readonly entry: Record<string, unknown>;
  readonly record: ExchangeRecord;
}

/** D5: data is an object holding the operations (collection) or an array of such objects (bank-sync page). */
function entriesOf(record: ExchangeRecord): BankEntry[] {
  const data = requestBody(record)?.['data'];
  const holders = Array.isArray(data) ? data.filter(isObject) : isObject(data) ? [data] : [];
  return holders.flatMap((holder) =>
    (['toCreate', 'toUpdate'] as const).flatMap((list) => {
      const entries = holder[list];
      return Array.isArray(entries) ? entries.map((entry, index) => ({ list, index, entry: isObject(entry) ? entry : {}, record })) : [];
    }),
  );
}

const bankPosts = (evidence: Evidence): ExchangeRecord[] => candidateCalls(evidence, 'postBanks');
const isSuccess = (record: ExchangeRecord): boolean => (record.response?.status ?? 0) >= 200 && (record.response?.status ?? 0) <= 299;

/** No POST /v1/banks at all: a failure once the kit waited the whole bank-sync step for it. */
function noPost(evidence: Evidence): CheckOutcome {
  const waited = stepsOf(evidence, 'bank-sync', 'await-bank-registration').find((step) => step.status === 'candidate-failed' && !step.data['exchange']);
  if (waited) return fail(`The connector sent no POST /v1/banks: ${waited.message}; register the bank with data.toCreate at start-up.`);
  return inconclusive('No POST /v1/banks was observed.');
}

/** SYNC-01: the bank registered, accepted and readable before onboarding. */
const bankRegistered: Check = (evidence) => {
  const posts = bankPosts(evidence);
  if (posts.length === 0) return noPost(evidence);
  const ids = posts.map((record) => record.id);
  const refused = posts.find((record) => !isSuccess(record));
  if (refused) {
    const body = refused.response?.body;
    const errors = isObject(body) && Array.isArray(body['errors']) ? body['errors'].filter(isObject).map((error) => `${String(error['pointer'] ?? '')} ${String(error['message'] ?? '')}`.trim()) : [];
    return fail(`Banking Service answered POST /v1/banks ${refused.id} with ${refused.response?.status ?? refused.failure}${errors.length > 0 ? `: ${errors.join('; ')}` : ''}.`, ids);
  }
  const creating = posts.find((record) => entriesOf(record).some((entry) => entry.list === 'toCreate'));
  if (!creating) return fail(`No POST /v1/banks (${ids.join(', ')}) carries a data.toCreate entry, so no bank was registered.`, ids);
  const registered = eventsOf(evidence, 'bank.registered').filter((event) => event.clientId === evidence.facts.providerClientId);
  if (registered.length === 0) return fail(`Banking Service registered no bank from POST /v1/banks ${creating.id}.`, ids);
  const firstOnboarding = evidence.traffic.find((record) => record.from === 'product' && record.operationId === 'startIndirectLinkAccount');
  if (firstOnboarding && firstOnboarding.seq < creating.seq) return fail(`POST /v1/banks ${creating.id} came after the product had already started onboarding (${firstOnboarding.id}): register the bank at start-up.`, [...ids, firstOnboarding.id]);
  const read = evidence.traffic.find((record) => record.from === 'product' && record.operationId === 'getBank');
  if (read && read.response?.status !== 200) return fail(`The bank registered by POST /v1/banks ${creating.id} is not readable: GET /banks/{bankId} ${read.id} answered ${read.response?.status}.`, [...ids, read.id]);
  return pass(`POST /v1/banks ${creating.id} with data.toCreate was answered ${creating.response?.status} and registered bank ${registered[0]?.bankId}${firstOnboarding ? ` before the first onboarding call ${firstOnboarding.id}` : ''}${read ? `; GET /banks/{bankId} ${read.id} reads it` : ''}.`, [...ids, ...(read ? [read.id] : [])], registered.map((event) => event.seq));
};

/** Whether `url` lies under the connector's public URL, at a path boundary. */
function under(url: string, base: string): boolean {
  let target: URL;
  let root: URL;
  try {
    target = new URL(url);
    root = new URL(base);
  } catch {
    return false;
  }
  if (target.protocol !== root.protocol || target.host !== root.host) return false;
  const prefix = root.pathname.replace(/\/+$/, '');
  return target.pathname === prefix || target.pathname.startsWith(`${prefix}/`);
}

/** SYNC-02: all four callback URLs, under CONNECTOR_PUBLIC_URL, served. */
const callbackUrls: Check = (evidence) => {
  const posts = bankPosts(evidence);
  if (posts.length === 0) return noPost(evidence);
  const entries = posts.flatMap(entriesOf);
  if (entries.length === 0) return inconclusive(`No POST /v1/banks (${posts.map((record) => record.id).join(', ')}) carries a toCreate or toUpdate entry.`, posts.map((record) => record.id));
  const base = evidence.facts.connectorUrl;
  for (const { list, index, entry, record } of entries) {
    const urls = entry['callbackURLs'];
    if (!isObject(urls)) return fail(`POST /v1/banks ${record.id}: data.${list}[${index}].callbackURLs is missing; send notification, availableAccounts, auth and reAuth.`, [record.id]);
    for (const name of CALLBACKS) {
      const url = urls[name];
      if (typeof url !== 'string' || url === '') return fail(`POST /v1/banks ${record.id}: data.${list}[${index}].callbackURLs.${name} is missing; register all four callback URLs.`, [record.id]);
      if (!under(url, base)) return fail(`POST /v1/banks ${record.id}: data.${list}[${index}].callbackURLs.${name} is ${url}, not an absolute URL under CONNECTOR_PUBLIC_URL ${base}.`, [record.id]);
      const calls = callsToCandidate(evidence).filter((call) => call.from !== 'kit' && call.request.url.split('?')[0] === url);
      if (calls.length > 0 && calls.every((call) => call.response === undefined)) {
        return fail(`POST /v1/banks ${record.id} registered callbackURLs.${name} ${url}, but the connector never answered there (${calls[0]?.id}: ${calls[0]?.failure}).`, [record.id, ...calls.map((call) => call.id)]);
      }
    }
  }
  return pass(`Every bank entry of POST /v1/banks (${posts.map((record) => record.id).join(', ')}) registers notification, availableAccounts, auth and reAuth under ${base}, and each one called answered.`, posts.map((record) => record.id));
};

/** SYNC-03: name, countryCode, externalRef and url, shaped as the policies allow. */
const requiredFields: Check = (evidence, { policies }) => {
  const posts = bankPosts(evidence);
  if (posts.length === 0) return noPost(evidence);
  const shape = policies['banks-body-shape'];
  for (const record of posts) {
    const data = requestBody(record)?.['data'];
    if ((shape === 'object' && !isObject(data)) || (shape === 'array' && !Array.isArray(data)) || (!isObject(data) && !Array.isArray(data))) {
      return fail(`POST /v1/banks ${record.id}: data is ${Array.isArray(data) ? 'an array' : typeof data}, which policy banks-body-shape = ${shape} does not allow.`, [record.id]);
    }
  }
  const creations = posts.flatMap(entriesOf).filter((entry) => entry.list === 'toCreate');
  if (creations.length === 0) return inconclusive(`No POST /v1/banks (${posts.map((record) => record.id).join(', ')}) carries a toCreate entry.`, posts.map((record) => record.id));
  const format = policies['country-code-format'];
  const pattern = format === 'alpha-2' ? /^[A-Z]{2}$/ : format === 'alpha-3' ? /^[A-Z]{3}$/ : /^[A-Z]{2,3}$/;
  for (const { index, entry, record } of creations) {
    for (const field of ['name', 'countryCode', 'externalRef', 'url']) {
      const value = entry[field];
      if (typeof value !== 'string' || value.trim() === '') return fail(`POST /v1/banks ${record.id}: data.toCreate[${index}].${field} is ${value === undefined ? 'missing' : JSON.stringify(value)}; send a non-empty string.`, [record.id]);
    }
    if (!pattern.test(String(entry['countryCode']))) return fail(`POST /v1/banks ${record.id}: data.toCreate[${index}].countryCode ${JSON.stringify(entry['countryCode'])} is not an ISO code policy country-code-format = ${format} allows.`, [record.id]);
  }
  return pass(`Every toCreate entry (${creations.map((entry) => `${entry.record.id}[${entry.index}]`).join(', ')}) carries name, countryCode, externalRef and url, shaped as policies banks-body-shape = ${shape} and country-code-format = ${format} allow.`, posts.map((record) => record.id));
};

/** SYNC-04: supportiframe is a boolean matching the declared iframe capability. */
const iframeFlag: Check = (evidence) => {
  const posts = bankPosts(evidence);
  if (posts.length === 0) return noPost(evidence);
  const creations = posts.flatMap(entriesOf).filter((entry) => entry.list === 'toCreate');
  if (creations.length === 0) return inconclusive(`No POST /v1/banks (${posts.map((record) => record.id).join(', ')}) carries a toCreate entry.`, posts.map((record) => record.id));
  const declared = evidence.facts.capabilities.includes('iframe');
  for (const { index, entry, record } of creations) {
    const flag = entry['supportiframe'];
    if (typeof flag !== 'boolean') return fail(`POST /v1/banks ${record.id}: data.toCreate[${index}].supportiframe is ${flag === undefined ? 'missing' : JSON.stringify(flag)}; send ${declared} as a boolean.`, [record.id]);
    if (flag !== declared) return fail(`POST /v1/banks ${record.id}: data.toCreate[${index}].supportiframe is ${flag}, but the config ${declared ? 'declares' : 'does not declare'} the iframe capability.`, [record.id]);
  }
  return pass(`Every toCreate entry sends supportiframe ${declared}, matching the ${declared ? 'declared' : 'undeclared'} iframe capability (${posts.map((record) => record.id).join(', ')}).`, posts.map((record) => record.id));
};

/** Checks of the bank-sync requirements, by requirement id. */
export const BANK_SYNC_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'SYNC-01': bankRegistered,
  'SYNC-02': callbackUrls,
  'SYNC-03': requiredFields,
  'SYNC-04': iframeFlag,
});
