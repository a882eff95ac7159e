import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../policies/index.ts';
import { DEFAULT_AUTHORISATION_LIFETIME_MS, ManualClock } from '../state/index.ts';
import { buildStatement } from '../test-support/statement-builder.ts';
import { CURRENT_ACCOUNT, SAVINGS_ACCOUNT, startFixture, type Fixture } from '../test-support/simulator-fixture.ts';
import { ScriptedProvider } from '../test-support/scripted-provider.ts';

type ErrorBody = { errors: { code: string; message: string; policy?: string }[] };
const code = (body: unknown) => (body as ErrorBody).errors[0]?.code;

describe('PATCH /v1/authorisations/{id}', () => {
  const clock = new ManualClock();
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await startFixture({ specs: 'none', clock, rateLimit: { requestsPerSecond: 1000 } });
  });
  afterAll(() => fixture.close());

  async function openOnboarding(): Promise<string> {
    const start = await fixture.product.startOnboarding(fixture.bankId);
    return new URL(start.body?.redirect ?? '').searchParams.get('authorisation_id') ?? '';
  }

  it('404 for an unknown authorisation', async () => {
    const answer = await fixture.provider.patchAuthorisation('4f2de470-efee-4f06-a659-1aef01c75558', { data: { status: 'success', bankAccounts: [CURRENT_ACCOUNT] } });
    expect(answer.status).toBe(404);
    expect(code(answer.body)).toBe('unknown-authorisation');
  });

  it('onboarding: 422 without accounts; 204 with them, deduplicated on bank + account identifier; then single use (409)', async () => {
    const id = await openOnboarding();
    const empty = await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [] } });
    expect(empty.status).toBe(422);
    expect(code(empty.body)).toBe('no-accounts');
    const accepted = await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [CURRENT_ACCOUNT, SAVINGS_ACCOUNT, { ...CURRENT_ACCOUNT, bankAccountExternalId: 'dup' }] } });
    expect(accepted.status).toBe(204);
    expect(fixture.simulator.state.authorisation(id)?.offeredAccounts.map((account) => account.bankAccountExternalId)).toEqual([CURRENT_ACCOUNT.bankAccountExternalId, SAVINGS_ACCOUNT.bankAccountExternalId]);
    expect(fixture.simulator.events.ofType('authorisation.patched').at(-1)).toMatchObject({ authorisationId: id, offeredAccounts: 2, duplicatesIgnored: 1 });
    const again = await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [CURRENT_ACCOUNT] } });
    expect(again.status).toBe(409);
    expect(code(again.body)).toBe('authorisation-already-used');
  });

  it('400 for a status other than success (the only status evidenced)', async () => {
    const id = await openOnboarding();
    const answer = await fixture.provider.patchAuthorisation(id, { data: { status: 'failed' } });
    expect(answer.status).toBe(400);
    expect(fixture.simulator.state.authorisation(id)?.status).toBe('pending');
  });

  it('409 once the session is older than about 20 minutes; the poll then answers success:false', async () => {
    const start = await fixture.product.startOnboarding(fixture.bankId);
    const id = new URL(start.body?.redirect ?? '').searchParams.get('authorisation_id') ?? '';
    clock.advance(DEFAULT_AUTHORISATION_LIFETIME_MS);
    const late = await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [CURRENT_ACCOUNT] } });
    expect(late.status).toBe(409);
    expect(code(late.body)).toBe('authorisation-expired');
    expect(fixture.simulator.events.ofType('authorisation.expired').map((event) => event.authorisationId)).toContain(id);
    const poll = await fixture.product.poll(start.body?.pollRoute ?? '');
    expect(poll).toMatchObject({ status: 200, body: { account: null, success: false } });
  });

  it('403 for another provider\'s authorisation', async () => {
    const id = await openOnboarding();
    const intruder = await ScriptedProvider.start(fixture.simulator.registerProvider());
    try {
      expect((await intruder.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [CURRENT_ACCOUNT] } })).status).toBe(403);
    } finally {
      await intruder.close();
    }
  });

  it('re-authorisation: accounts in the body are refused by the default policy; none brings the account and its linked siblings back to active', async () => {
    const first = await fixture.onboard(CURRENT_ACCOUNT);
    const statement = await fixture.provider.postStatement(buildStatement({ bankAccountId: first, bankId: fixture.bankId, transactions: [{ amount: 1 }] }));
    await fixture.settled((statement.body as { data: { _id: string } }).data._id);
    const candidates = await fixture.product.availableBankAccounts([first]);
    const sibling = candidates.body?.availableAccounts.find((candidate) => !candidate.metadata.connected)?.bankAccountCandidateId ?? '';
    const linked = await fixture.product.linkAvailableBankAccount({ bankAccountCandidateId: sibling, requestedStartDate: '2024-02-01T00:00:00.000Z' });
    const second = linked.body?.bankAccountId ?? '';
    for (const account of [first, second]) {
      const lapse = await fixture.provider.postStatement(buildStatement({ bankAccountId: account, bankId: fixture.bankId, status: 'authRequired', balances: null }));
      await fixture.settled((lapse.body as { data: { _id: string } }).data._id);
    }
    expect(fixture.simulator.state.bankAccount(second)?.status).toBe('authRequired');

    const start = await fixture.product.startReauthorisation(first);
    const id = new URL(start.body?.redirect ?? '').searchParams.get('authorisation_id') ?? '';
    const withAccounts = await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [CURRENT_ACCOUNT] } });
    expect(withAccounts.status).toBe(422);
    expect((withAccounts.body as ErrorBody).errors[0]).toMatchObject({ code: 'reauth-patch-accounts', policy: 'reauth-patch-accounts' });
    expect((await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [] } })).status).toBe(204);
    expect(fixture.simulator.state.bankAccount(first)?.status).toBe('active');
    expect(fixture.simulator.state.bankAccount(second)?.status).toBe('active');
  });
});

describe('PATCH /v1/authorisations/{id} for re-authorisation under policy reauth-patch-accounts = status-only', () => {
  it('refuses an empty array and accepts a body with status only', async () => {
    const fixture = await startFixture({ specs: 'none', policies: resolvePolicies({ 'reauth-patch-accounts': 'status-only', 'account-activation': 'on-creation' }), rateLimit: { requestsPerSecond: 1000 } });
    try {
      const account = await fixture.onboard(CURRENT_ACCOUNT);
      expect(fixture.simulator.state.bankAccount(account)?.status).toBe('active');
      const start = await fixture.product.startReauthorisation(account);
      const id = new URL(start.body?.redirect ?? '').searchParams.get('authorisation_id') ?? '';
      const empty = await fixture.provider.patchAuthorisation(id, { data: { status: 'success', bankAccounts: [] } });
      expect(empty.status).toBe(422);
      expect((empty.body as ErrorBody).errors[0]?.message).toMatch(/only data.status, no bankAccounts .*\(policy reauth-patch-accounts = status-only\)/);
      expect((await fixture.provider.patchAuthorisation(id, { data: { status: 'success' } })).status).toBe(204);
    } finally {
      await fixture.close();
    }
  });
});
