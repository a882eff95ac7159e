import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, startConnectorUnderTest, type RunningConnector } from '../../test-support/connector-harness.ts';
import type { RecordedRequest } from '../../test-support/http-stand-in.ts';

const BANK_ID = randomUUID();
const isPost = (request: RecordedRequest): boolean => request.method === 'POST' && request.path === '/v1/statements';
const principalOf = (request: RecordedRequest): string | undefined => (request.body as { data?: { principalId?: string } }).data?.principalId;

describe('StatementPusher through the connector', () => {
  let running: RunningConnector;
  beforeAll(async () => {
    running = await startConnectorUnderTest();
  });
  afterAll(async () => {
    await running?.close();
  });

  it('cancels an in-flight push on offboarding and posts nothing more for the account', async () => {
    const bankAccountId = randomUUID();
    // Keep the first statement "processing" so the push is mid-flight when the account is deleted.
    for (let index = 0; index < 200; index += 1) {
      running.providerApi.scripted.push({
        match: (request) => request.method === 'GET' && request.path.startsWith('/v1/statements/'),
        reply: { status: 200, json: { data: { _id: 'pending', bankAccountId, status: 'processing', reasons: [] } } },
      });
    }
    const linked = await notify(running, {
      type: 'resourceCreated',
      resource: { id: bankAccountId, type: 'bankAccount' },
      additionalData: { externalId: 'ref-bob-business', requestedStartDate: new Date(Date.now() - 60 * 86_400_000).toISOString(), bankId: BANK_ID },
    });
    expect(linked.status).toBe(202);
    await running.providerApi.waitFor((request) => isPost(request) && principalOf(request) === bankAccountId);
    await running.providerApi.waitFor((request) => request.method === 'GET' && request.path.startsWith('/v1/statements/'));

    expect((await notify(running, { type: 'resourceDeleted', resource: { id: bankAccountId, type: 'bankAccount' } })).status).toBe(202);
    const deletedAt = Date.now();
    await running.connector.idle();
    running.providerApi.scripted.length = 0;

    const posts = running.providerApi.requests.filter((request) => isPost(request) && principalOf(request) === bankAccountId);
    expect(posts).toHaveLength(1);
    const pollsAfter = running.providerApi.requests.filter((request) => request.method === 'GET' && request.atMs > deletedAt + 100);
    expect(pollsAfter).toEqual([]);
    expect(running.logLines.some((line) => line.includes('"msg":"push finished"') && line.includes('"stopped":"cancelled"'))).toBe(true);
  });

  it('pushes a second linked copy of the same account independently, with the same uniqueIds', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const requestedStartDate = new Date(Date.now() - 5 * 86_400_000).toISOString();
    for (const id of [first, second]) {
      await notify(running, { type: 'resourceCreated', resource: { id, type: 'bankAccount' }, additionalData: { externalId: 'ref-carol-corporate', requestedStartDate, bankId: BANK_ID } });
    }
    await running.connector.idle();
    const idsFor = (bankAccountId: string): string[] =>
      running.providerApi.requests
        .filter((request) => isPost(request) && principalOf(request) === bankAccountId)
        .flatMap((request) => (request.body as { data: { transactionDetails: { uniqueId: string }[] } }).data.transactionDetails.map((detail) => detail.uniqueId));
    expect(idsFor(first).length).toBeGreaterThan(0);
    expect(idsFor(second)).toEqual(idsFor(first));
  });
});
