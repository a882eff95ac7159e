import type { ServerReply } from '../../http/index.ts';
import type { Policies } from '../../policies/index.ts';
import { errorReply, type ErrorEntry } from '../api-support/index.ts';
import type { Bank, CallbackUrls, ProviderClient } from '../state/index.ts';
import type { ProviderApiContext } from './provider-api-context.ts';

type Operations = { toCreate: Record<string, unknown>[]; toUpdate: Record<string, unknown>[]; toRemove: Record<string, unknown>[] };
interface Problem extends ErrorEntry {
  readonly status: 400 | 403 | 404 | 422;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** D5: data is an object (collection) or an array of them (bank-sync page), per policy banks-body-shape. */
function operationsOf(body: unknown, policies: Policies): { operations: Operations } | { problem: Problem } {
  const data = isRecord(body) ? body['data'] : undefined;
  const shape = policies['banks-body-shape'];
  const entries = Array.isArray(data) ? data : isRecord(data) ? [data] : undefined;
  if (entries === undefined) return { problem: { status: 400, code: 'banks-body-shape', message: 'data must be an object with toCreate/toUpdate/toRemove, or an array of such objects [BRUNO] [SYNC]', pointer: '/data' } };
  if ((shape === 'object' && Array.isArray(data)) || (shape === 'array' && !Array.isArray(data))) {
    return { problem: { status: 422, code: 'banks-body-shape', policy: 'banks-body-shape', message: `data must be ${shape === 'object' ? 'an object' : 'an array'} (policy banks-body-shape = ${shape})`, pointer: '/data' } };
  }
  const operations: Operations = { toCreate: [], toUpdate: [], toRemove: [] };
  for (const entry of entries.filter(isRecord)) {
    operations.toCreate.push(...records(entry['toCreate']));
    operations.toUpdate.push(...records(entry['toUpdate']));
    operations.toRemove.push(...records(entry['toRemove']));
  }
  return { operations };
}

/** D6: alpha-2 or alpha-3 per policy country-code-format; the format only, not the ISO list. */
function countryCodeProblem(value: unknown, pointer: string, policies: Policies): Problem | undefined {
  const format = policies['country-code-format'];
  const pattern = format === 'alpha-2' ? /^[A-Z]{2}$/ : format === 'alpha-3' ? /^[A-Z]{3}$/ : /^[A-Z]{2,3}$/;
  if (typeof value === 'string' && pattern.test(value)) return undefined;
  const wanted = format === 'alpha-2' ? 'an ISO 3166 alpha-2 code such as "GB"' : format === 'alpha-3' ? 'an ISO 3166 alpha-3 code such as "USA"' : 'an ISO 3166 alpha-2 or alpha-3 code ("GB" or "USA")';
  return { status: 422, code: 'country-code-format', policy: 'country-code-format', message: `${pointer.slice(1).replaceAll('/', '.')} must be ${wanted} (policy country-code-format = ${format})`, pointer };
}

const isAbsoluteHttpUrl = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** The connector endpoints must be callable URLs [KC-10]; availableAccounts unless multi-account linking is optional (D8). */
function callbackProblems(value: unknown, pointer: string, policies: Policies, partial: boolean, current?: CallbackUrls): { urls?: CallbackUrls; problems: Problem[] } {
  if (!isRecord(value)) return { problems: [{ status: 400, code: 'callback-urls', message: `${pointer.slice(1).replaceAll('/', '.')} must be an object with notification, availableAccounts, auth and reAuth [SYNC]`, pointer }] };
  const merged = { ...current, ...value } as Record<string, unknown>;
  const required = ['notification', 'auth', 'reAuth', ...(policies['multi-account-linking'] === 'required' ? ['availableAccounts'] : [])];
  const problems: Problem[] = [];
  for (const name of ['notification', 'availableAccounts', 'auth', 'reAuth']) {
    const url = merged[name];
    if (url === undefined && (!required.includes(name) || partial)) continue;
    if (!isAbsoluteHttpUrl(url)) {
      problems.push({
        status: 422,
        code: 'callback-url',
        ...(name === 'availableAccounts' ? { policy: 'multi-account-linking' } : {}),
        message: `${pointer.slice(1).replaceAll('/', '.')}.${name} must be an absolute http(s) URL of your connector${name === 'availableAccounts' ? ' (policy multi-account-linking = required)' : ''}`,
        pointer: `${pointer}/${name}`,
      });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    urls: { notification: String(merged['notification']), availableAccounts: text(merged['availableAccounts']), auth: String(merged['auth']), reAuth: String(merged['reAuth']) },
  };
}

const summary = (bank: Bank) => ({ principalId: bank.principalId, externalRef: bank.externalRef, name: bank.name });

/**
 * POST /v1/banks [SYNC] [BRUNO]: every operation is checked first and the whole request refused with every
 * problem when one fails; then applied [KC-10].
 */
export function postBanks(context: ProviderApiContext, provider: ProviderClient, body: unknown): ServerReply {
  const { state, policies, events } = context;
  const parsed = operationsOf(body, policies);
  if ('problem' in parsed) return errorReply(parsed.problem.status, [parsed.problem]);
  const { toCreate, toUpdate, toRemove } = parsed.operations;
  const problems: Problem[] = [];
  const creations: { input: Record<string, unknown>; urls: CallbackUrls; existing: Bank | undefined }[] = [];
  const seenRefs = new Set<string>();

  toCreate.forEach((input, index) => {
    const pointer = `/data/toCreate/${index}`;
    const missing = ['name', 'countryCode', 'externalRef', 'url'].filter((field) => text(input[field]) === undefined);
    for (const field of missing) problems.push({ status: 400, code: 'missing-field', message: `toCreate[${index}].${field} is required [SYNC]`, pointer: `${pointer}/${field}` });
    const country = input['countryCode'] === undefined ? undefined : countryCodeProblem(input['countryCode'], `${pointer}/countryCode`, policies);
    if (country) problems.push(country);
    const callbacks = callbackProblems(input['callbackURLs'], `${pointer}/callbackURLs`, policies, false);
    problems.push(...callbacks.problems);
    const externalRef = text(input['externalRef']);
    if (externalRef !== undefined && seenRefs.has(externalRef)) {
      problems.push({ status: 422, code: 'duplicate-external-ref', message: `toCreate[${index}].externalRef repeats another bank of this request`, pointer: `${pointer}/externalRef` });
    }
    if (externalRef !== undefined) seenRefs.add(externalRef);
    if (callbacks.urls) creations.push({ input, urls: callbacks.urls, existing: externalRef ? state.banks.findByExternalRef(provider.clientId, externalRef) : undefined });
  });

  const lookup = (input: Record<string, unknown>, list: 'toUpdate' | 'toRemove', index: number): Bank | undefined => {
    const pointer = `/data/${list}/${index}`;
    const principalId = text(input['principalId']);
    const bank = principalId ? state.banks.get(principalId) : undefined;
    if (!bank) {
      problems.push({ status: 404, code: 'unknown-bank', message: `${list}[${index}].principalId is not a registered bank: use the principalId toCreate returned`, pointer: `${pointer}/principalId` });
      return undefined;
    }
    if (bank.ownerClientId !== provider.clientId) {
      problems.push({ status: 403, code: 'not-your-bank', message: `${list}[${index}].principalId names a bank another provider registered`, pointer: `${pointer}/principalId` });
      return undefined;
    }
    if (input['externalRef'] !== bank.externalRef) {
      problems.push({ status: 422, code: 'external-ref-mismatch', message: `${list}[${index}].externalRef does not match the bank's externalRef: send the aggregator id the bank was created with [BRUNO]`, pointer: `${pointer}/externalRef` });
      return undefined;
    }
    return bank;
  };

  const updates: { bank: Bank; input: Record<string, unknown>; urls: CallbackUrls | undefined }[] = [];
  toUpdate.forEach((input, index) => {
    const bank = lookup(input, 'toUpdate', index);
    if (!bank) return;
    const pointer = `/data/toUpdate/${index}`;
    if (input['countryCode'] !== undefined) {
      const country = countryCodeProblem(input['countryCode'], `${pointer}/countryCode`, policies);
      if (country) problems.push(country);
    }
    let urls: CallbackUrls | undefined;
    if (input['callbackURLs'] !== undefined) {
      const callbacks = callbackProblems(input['callbackURLs'], `${pointer}/callbackURLs`, policies, true, bank.callbackURLs);
      problems.push(...callbacks.problems);
      urls = callbacks.urls;
    }
    updates.push({ bank, input, urls });
  });
  const removals = toRemove.flatMap((input, index) => lookup(input, 'toRemove', index) ?? []);

  if (problems.length > 0) {
    const status = ([404, 403, 400, 422] as const).find((candidate) => problems.some((problem) => problem.status === candidate)) ?? 422;
    return errorReply(status, problems.map(({ status: _status, ...entry }) => entry));
  }

  const created = creations.map(({ input, urls, existing }) => {
    const fields = {
      name: String(input['name']),
      countryCode: String(input['countryCode']),
      url: String(input['url']),
      supportiframe: input['supportiframe'] === true,
      callbackURLs: urls,
    };
    const bank = existing ? state.banks.update(existing.principalId, fields) : state.banks.create({ ...fields, externalRef: String(input['externalRef']), ownerClientId: provider.clientId });
    events.append({ type: 'bank.registered', bankId: bank.principalId, externalRef: bank.externalRef, name: bank.name, clientId: provider.clientId, reused: existing !== undefined });
    return summary(bank);
  });
  const updated = updates.map(({ bank, input, urls }) => {
    const changes = {
      ...(text(input['name']) ? { name: String(input['name']) } : {}),
      ...(text(input['countryCode']) ? { countryCode: String(input['countryCode']) } : {}),
      ...(typeof input['url'] === 'string' ? { url: input['url'] } : {}),
      ...(typeof input['supportiframe'] === 'boolean' ? { supportiframe: input['supportiframe'] } : {}),
      ...(urls ? { callbackURLs: urls } : {}),
    };
    const next = state.banks.update(bank.principalId, changes);
    events.append({ type: 'bank.updated', bankId: bank.principalId, fields: Object.keys(changes) });
    return summary(next);
  });
  const removed = removals.map((bank) => {
    state.banks.remove(bank.principalId);
    events.append({ type: 'bank.removed', bankId: bank.principalId });
    return summary(bank);
  });
  return { status: 200, json: { data: { created, updated, removed } } };
}
