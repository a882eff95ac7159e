import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../policies/index.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../simulator.ts';
import { ScriptedProvider } from '../test-support/scripted-provider.ts';

type SyncBody = { data: { created: { principalId: string; externalRef: string; name: string }[]; updated: { principalId: string }[]; removed: { principalId: string }[] } };
type ErrorBody = { errors: { code: string; message: string; pointer?: string; policy?: string }[] };

describe('POST /v1/banks (bank sync)', () => {
  let simulator: BankingServiceSimulator;
  let provider: ScriptedProvider;

  beforeAll(async () => {
    simulator = await startBankingServiceSimulator({ specs: 'none', rateLimit: { requestsPerSecond: 1000 } });
    provider = await ScriptedProvider.start(simulator.credentials);
  });
  afterAll(async () => {
    await provider.close();
    await simulator.close();
  });

  const bank = (name: string, extra: Record<string, unknown> = {}) => ({
    supportiframe: true, countryCode: 'USA', name, url: 'https://bank.example', externalRef: `agg-${name}`, callbackURLs: provider.callbackURLs(), ...extra,
  });

  it('creates banks in the collection shape and the bank-sync page shape, returning principalId and externalRef', async () => {
    const asObject = await provider.call('POST', '/v1/banks', { data: { toCreate: [bank('Object Bank')] } });
    expect(asObject.status).toBe(200);
    const created = (asObject.body as SyncBody).data.created[0];
    expect(created).toMatchObject({ externalRef: 'agg-Object Bank', name: 'Object Bank', principalId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(simulator.state.bank(created?.principalId ?? '')).toMatchObject({ countryCode: 'USA', supportiframe: true, callbackURLs: provider.callbackURLs() });
    const asArray = await provider.call('POST', '/v1/banks', { data: [{ toCreate: [bank('Array Bank', { countryCode: 'GB' })] }] });
    expect(asArray.status).toBe(200);
    expect(simulator.events.ofType('bank.registered').map((event) => event.name)).toEqual(['Object Bank', 'Array Bank']);
  });

  it('is idempotent on externalRef: creating again returns the same principalId with the new fields', async () => {
    const first = (await provider.call('POST', '/v1/banks', { data: { toCreate: [bank('Again')] } })).body as SyncBody;
    const second = (await provider.call('POST', '/v1/banks', { data: { toCreate: [bank('Again', { url: 'https://renamed.example' })] } })).body as SyncBody;
    expect(second.data.created[0]?.principalId).toBe(first.data.created[0]?.principalId);
    expect(simulator.state.bank(first.data.created[0]?.principalId ?? '')?.url).toBe('https://renamed.example');
    expect(simulator.events.ofType('bank.registered').at(-1)?.reused).toBe(true);
  });

  it('updates partially (the collection sends no countryCode or url) and removes', async () => {
    const principalId = ((await provider.call('POST', '/v1/banks', { data: { toCreate: [bank('Changing')] } })).body as SyncBody).data.created[0]?.principalId ?? '';
    const update = await provider.call('POST', '/v1/banks', { data: { toUpdate: [{ name: 'Changed', principalId, externalRef: 'agg-Changing', callbackURLs: { notification: 'http://127.0.0.1:9/notification' } }] } });
    expect(update.status).toBe(200);
    expect(simulator.state.bank(principalId)).toMatchObject({ name: 'Changed', countryCode: 'USA', callbackURLs: { notification: 'http://127.0.0.1:9/notification', auth: provider.callbackURLs().auth } });
    const removal = await provider.call('POST', '/v1/banks', { data: { toRemove: [{ principalId, externalRef: 'agg-Changing' }] } });
    expect((removal.body as SyncBody).data.removed).toEqual([{ principalId, externalRef: 'agg-Changing', name: 'Changed' }]);
    expect(simulator.state.bank(principalId)).toBeUndefined();
  });

  it('refuses the whole request, listing every problem, and applies nothing', async () => {
    const before = simulator.state.banks().length;
    const answer = await provider.call('POST', '/v1/banks', {
      data: { toCreate: [bank('Fine'), bank('Bad URL', { callbackURLs: { ...provider.callbackURLs(), auth: 'not a url' } })] },
    });
    expect(answer.status).toBe(422);
    expect((answer.body as ErrorBody).errors).toEqual([expect.objectContaining({ code: 'callback-url', pointer: '/data/toCreate/1/callbackURLs/auth' })]);
    expect(simulator.state.banks()).toHaveLength(before);
  });

  it('answers 404 for an unknown principalId, 422 for a wrong externalRef, 403 for another provider\'s bank', async () => {
    const unknown = await provider.call('POST', '/v1/banks', { data: { toRemove: [{ principalId: '0a52818d-1e0c-4e64-848e-4d04f9e914e5', externalRef: 'x' }] } });
    expect(unknown.status).toBe(404);
    const principalId = ((await provider.call('POST', '/v1/banks', { data: { toCreate: [bank('Mine')] } })).body as SyncBody).data.created[0]?.principalId ?? '';
    const mismatch = await provider.call('POST', '/v1/banks', { data: { toUpdate: [{ principalId, externalRef: 'someone-else' }] } });
    expect(mismatch.status).toBe(422);
    expect((mismatch.body as ErrorBody).errors[0]?.code).toBe('external-ref-mismatch');
    const intruder = await ScriptedProvider.start(simulator.registerProvider());
    try {
      const foreign = await intruder.call('POST', '/v1/banks', { data: { toRemove: [{ principalId, externalRef: 'agg-Mine' }] } });
      expect(foreign.status).toBe(403);
    } finally {
      await intruder.close();
    }
  });

  it('requires the availableAccounts callback while multi-account linking is required (D8)', async () => {
    const { availableAccounts: _dropped, ...withoutAvailable } = provider.callbackURLs();
    const answer = await provider.call('POST', '/v1/banks', { data: { toCreate: [bank('No MAL', { callbackURLs: withoutAvailable })] } });
    expect(answer.status).toBe(422);
    expect((answer.body as ErrorBody).errors[0]).toMatchObject({ code: 'callback-url', policy: 'multi-account-linking' });
  });
});

describe('POST /v1/banks under stricter policies', () => {
  it('follows banks-body-shape and country-code-format', async () => {
    const simulator = await startBankingServiceSimulator({ specs: 'none', policies: resolvePolicies({ 'banks-body-shape': 'object', 'country-code-format': 'alpha-2', 'multi-account-linking': 'optional' }) });
    const provider = await ScriptedProvider.start(simulator.credentials);
    try {
      const { availableAccounts: _dropped, ...callbacks } = provider.callbackURLs();
      const toCreate = [{ countryCode: 'GB', name: 'B', url: 'https://b', externalRef: 'agg', callbackURLs: callbacks }];
      const asArray = await provider.call('POST', '/v1/banks', { data: [{ toCreate }] });
      expect(asArray.status).toBe(422);
      expect((asArray.body as ErrorBody).errors[0]).toMatchObject({ code: 'banks-body-shape', policy: 'banks-body-shape' });
      const alpha3 = await provider.call('POST', '/v1/banks', { data: { toCreate: [{ ...toCreate[0], countryCode: 'USA' }] } });
      expect(alpha3.status).toBe(422);
      expect((alpha3.body as ErrorBody).errors[0]?.message).toMatch(/alpha-2 .* \(policy country-code-format = alpha-2\)/);
      expect((await provider.call('POST', '/v1/banks', { data: { toCreate } })).status).toBe(200);
    } finally {
      await provider.close();
      await simulator.close();
    }
  });
});
