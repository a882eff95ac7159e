import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, startConnectorUnderTest, TEST_SECRETS, type RunningConnector } from '../test-support/connector-harness.ts';
import type { StatementRequest } from './statements/index.ts';

const BANK_ID = randomUUID();
const CURRENT = randomUUID();
const SAVINGS = randomUUID();

// `any`: the hook answers are asserted field by field below; typing each shape would only restate the assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function control(running: RunningConnector, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${running.url}/test-control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, json: await response.json() };
}

function statementsFor(running: RunningConnector, bankAccountId: string, from = 0): StatementRequest[] {
  return running.providerApi.requests
    .slice(from)
    .filter((request) => request.method === 'POST' && request.path === '/v1/statements')
    .map((request) => request.body as StatementRequest)
    .filter((statement) => statement.data.accountDetails[0]?.bankAccountId === bankAccountId);
}

async function link(running: RunningConnector, bankAccountId: string, externalId: string, daysBack: number): Promise<void> {
  const response = await notify(running, {
    type: 'resourceCreated',
    resource: { id: bankAccountId, type: 'bankAccount', url: '' },
    additionalData: { externalId, requestedStartDate: new Date(Date.now() - daysBack * 86_400_000).toISOString(), bankId: BANK_ID },
  });
  expect(response.status).toBe(202);
}

describe('test-control hooks, re-authorisation, multi-account linking and offboarding (in-process)', () => {
  let running: RunningConnector;

  beforeAll(async () => {
    running = await startConnectorUnderTest({ TEST_CONTROL: 'on' });
    await running.connector.startBankSync();
    await link(running, CURRENT, 'ref-alice-current', 3);
    await link(running, SAVINGS, 'ref-alice-savings', 30);
    await running.connector.idle();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('books new transactions and answers once their statement is completed, sending only the new cleared ones', async () => {
    const from = running.providerApi.requests.length;
    const { status, json } = await control(running, 'new-transactions', { externalId: 'ref-alice-current', count: 3 });
    expect(status).toBe(200);
    expect(json.allAccepted).toBe(true);
    expect(json.booked.map((entry: { status: string }) => entry.status)).toEqual(['booked', 'booked', 'booked', 'pending']);
    expect(json.statements).toHaveLength(1);
    expect(json.statements[0]).toMatchObject({ bankAccountId: CURRENT, outcome: 'completed', transactionCount: 3 });
    const [statement] = statementsFor(running, CURRENT, from);
    expect(statement!.data.transactionDetails.map((detail) => detail.uniqueId)).toEqual(json.booked.slice(0, 3).map((entry: { id: string }) => entry.id));
    expect(statement!.data.accountDetails[0]!.balances!.ledgerBalance).toBe(running.connector.bank.currentBalanceMinor('ref-alice-current') / 100);
  });

  it('revokes consent: an authRequired status statement for every linked account of the user, then nothing while lapsed', async () => {
    const from = running.providerApi.requests.length;
    const { status, json } = await control(running, 'revoke-consent', { externalId: 'ref-alice-savings' });
    expect(status).toBe(200);
    expect(json.statements.map((entry: { bankAccountId: string; accountStatus: string }) => [entry.bankAccountId, entry.accountStatus]).sort()).toEqual([
      [CURRENT, 'authRequired'],
      [SAVINGS, 'authRequired'],
    ].sort());
    for (const id of [CURRENT, SAVINGS]) {
      expect(statementsFor(running, id, from)).toEqual([
        {
          data: {
            principalId: id,
            bankId: BANK_ID,
            expected: { transactionDetailsCount: 0, accountDetailsCount: 1, transactionCreditSum: 0, transactionDebitSum: 0 },
            accountDetails: [{ bankAccountId: id, status: 'authRequired' }],
            transactionDetails: [],
          },
        },
      ]);
    }
    const lapsed = await control(running, 'new-transactions', { externalId: 'ref-alice-current', count: 2 });
    expect(lapsed.json).toMatchObject({ allAccepted: false, statements: [], pushes: [{ bankAccountId: CURRENT, stopped: 'consent-lapsed' }] });
  });

  it('re-authorises through /authrefresh: status-only PATCH, redirect with state, then the catch-up push', async () => {
    const authorisationId = randomUUID();
    const state = randomUUID();
    expect((await notify(running, { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation' }, additionalData: { bankId: BANK_ID } })).status).toBe(202);
    const query = new URLSearchParams({ bankaccount: CURRENT, authorisation_id: authorisationId, redirect_uri: 'https://bs.example/reauth', state, externalId: 'ref-alice-current' });
    const html = await (await fetch(`${running.url}/authrefresh?${query}`)).text();
    expect(html).toContain('Alice Current Account');
    const session = /name="session" value="([^"]+)"/.exec(html)![1]!;
    const from = running.providerApi.requests.length;
    const login = await fetch(`${running.url}/auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session, username: 'alice', password: 'alice-test-password', otp: '111111', action: 'login' }).toString(),
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(`https://bs.example/reauth?state=${state}`);
    const patch = running.providerApi.requests.find((request) => request.path === `/v1/authorisations/${authorisationId}`);
    expect(patch?.body).toEqual({ data: { status: 'success' } });
    await running.connector.idle();
    const catchUp = statementsFor(running, CURRENT, from);
    expect(catchUp.flatMap((statement) => statement.data.transactionDetails)).toHaveLength(2);
  });

  it('refuses re-authorisation by another user with error=access_denied and no PATCH', async () => {
    const authorisationId = randomUUID();
    await notify(running, { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation' } });
    const query = new URLSearchParams({ bankaccount: CURRENT, authorisation_id: authorisationId, redirect_uri: 'https://bs.example/reauth', state: 's1', externalId: 'ref-alice-current' });
    const session = /name="session" value="([^"]+)"/.exec(await (await fetch(`${running.url}/authrefresh?${query}`)).text())![1]!;
    const login = await fetch(`${running.url}/auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session, username: 'bob', password: 'bob-test-password', otp: '222222' }).toString(),
    });
    expect(login.headers.get('location')).toBe('https://bs.example/reauth?state=s1&error=access_denied');
    expect(running.providerApi.requests.some((request) => request.path === `/v1/authorisations/${authorisationId}`)).toBe(false);
  });

  it('lists every account of the owner on /availableaccounts, connected and newly added ones included', async () => {
    const added = await control(running, 'add-account', { externalId: 'ref-alice-card' });
    expect(added.status).toBe(200);
    const response = await fetch(`${running.url}/availableaccounts?externalId=ref-alice-current`, {
      headers: { authorization: `Bearer ${await running.sageId.issueToken()}`, [TEST_SECRETS.headerName]: TEST_SECRETS.headerValue },
    });
    expect(response.status).toBe(200);
    const accounts = (await response.json()) as { externalId: string; accountType: string }[];
    expect(accounts.map((account) => account.externalId)).toEqual(['ref-alice-current', 'ref-alice-savings', 'ref-alice-card', added.json.account.externalId]);
    expect(accounts[0]).toEqual({ accountType: 'personal', accountName: 'Alice Current Account ****0011', externalId: 'ref-alice-current', bankIdentifier: '404784', accountIdentifier: '41000011', branchIdentifier: 'LEEDS-01' });
    expect((await fetch(`${running.url}/availableaccounts?externalId=ref-alice-current`)).status).toBe(200);
    expect((await fetch(`${running.url}/availableaccounts?externalId=nope`)).status).toBe(404);
    expect((await fetch(`${running.url}/availableaccounts`)).status).toBe(400);
    expect((await fetch(`${running.url}/availableaccounts?externalId=ref-alice-current`, { headers: { [TEST_SECRETS.headerName]: 'wrong' } })).status).toBe(403);
    expect((await fetch(`${running.url}/availableaccounts?externalId=ref-alice-current`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
  });

  it('never posts for an offboarded account again', async () => {
    expect((await notify(running, { type: 'resourceDeleted', resource: { id: SAVINGS, type: 'bankAccount', url: 'NA' }, additionalData: { externalId: 'ref-alice-savings', bankId: BANK_ID } })).status).toBe(202);
    const from = running.providerApi.requests.length;
    const { json } = await control(running, 'new-transactions', { externalId: 'ref-alice-savings', count: 2 });
    expect(json.statements).toEqual([]);
    expect(statementsFor(running, SAVINGS, from)).toEqual([]);
    // A replay of the creation notification gets its first answer again and brings nothing back.
    expect((await notify(running, { type: 'resourceCreated', resource: { id: SAVINGS, type: 'bankAccount' }, additionalData: { externalId: 'ref-alice-savings' } })).status).toBe(202);
    await running.connector.idle();
    expect(statementsFor(running, SAVINGS, from)).toEqual([]);
  });

  it('validates hook input', async () => {
    expect((await control(running, 'new-transactions', { externalId: 'nope', count: 1 })).status).toBe(404);
    expect((await control(running, 'new-transactions', { externalId: 'ref-bob-business', count: 0 })).status).toBe(400);
    expect((await control(running, 'revoke-consent', 'not an object')).status).toBe(400);
    expect((await control(running, 'advance-clock', { seconds: 60 })).json).toEqual({ clockOffsetSeconds: 60 });
  });

  it('ages authorisations through advance-clock: a 21-minute-old id is refused', async () => {
    const authorisationId = randomUUID();
    await notify(running, { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation' } });
    await control(running, 'advance-clock', { seconds: 21 * 60 });
    const query = new URLSearchParams({ bank: BANK_ID, authorisation_id: authorisationId, redirect_uri: 'https://bs.example/r', state: 's' });
    expect((await fetch(`${running.url}/auth?${query}`)).status).toBe(403);
  });
});

describe('auto-approve mode and test control off', () => {
  let running: RunningConnector;
  beforeAll(async () => {
    running = await startConnectorUnderTest({ AUTH_MODE: 'auto-approve', TEST_BANK_AUTO_USER: 'bob' });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('approves /auth at once as the auto user and answers with a window.location page', async () => {
    const authorisationId = randomUUID();
    await notify(running, { type: 'resourceCreated', resource: { id: authorisationId, type: 'authorisation' }, additionalData: { bankId: BANK_ID } });
    const query = new URLSearchParams({ bank: BANK_ID, authorisation_id: authorisationId, redirect_uri: 'https://bs.example/cb?x=1', state: 'st' });
    const page = await fetch(`${running.url}/auth?${query}`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('window.location.href = "https://bs.example/cb?x=1&state=st";');
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
    expect(page.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
    const patch = running.providerApi.requests.find((request) => request.path === `/v1/authorisations/${authorisationId}`);
    expect((patch?.body as { data: { bankAccounts: { bankAccountExternalId: string }[] } }).data.bankAccounts.map((account) => account.bankAccountExternalId)).toEqual(['ref-bob-business']);
  });

  it('has no test-control routes unless TEST_CONTROL=on', async () => {
    expect((await fetch(`${running.url}/test-control/state`)).status).toBe(404);
  });
});
