import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACTS_DIR, WEBHOOK_PACT_FILE, pactFileName, PARTICIPANTS } from '../pact-environment.ts';
import { readPactDocument } from '../verification/pact-file.ts';
import { startWebhookConsumer, type WebhookConsumer } from './webhook-consumer.ts';
import { WEBHOOK_INTERACTION_SPECS } from './webhook-interactions.ts';

describe('Banking Service → connector pact (consumer: the kit\'s simulated Banking Service)', () => {
  let consumer: WebhookConsumer;

  beforeAll(async () => {
    consumer = await startWebhookConsumer();
    // Pact merges into an existing file; this pair starts from nothing even when the file runs alone.
    await rm(WEBHOOK_PACT_FILE, { force: true });
  });

  afterAll(async () => {
    await consumer?.close();
  });

  // One test per interaction, so each is its own result in Allure and JUnit.
  it.each(WEBHOOK_INTERACTION_SPECS.map((spec) => [spec.entry.description, spec] as const))('%s', async (_description, spec) => {
    const [outcome] = await consumer.write(PACTS_DIR, [spec]);
    expect(outcome?.error).toBeUndefined();
    expect(outcome?.passed).toBe(true);
  });

  it('wrote every interaction, with its provider states, into the published pact', async () => {
    const document = await readPactDocument(WEBHOOK_PACT_FILE);
    expect(document.consumer).toBe(PARTICIPANTS.bankingService);
    expect(document.provider).toBe(PARTICIPANTS.connector);
    expect(document.specification).toBe('4.0');
    expect(document.interactions.map((interaction) => interaction.description).sort()).toEqual(WEBHOOK_INTERACTION_SPECS.map((spec) => spec.entry.description).sort());
    for (const spec of WEBHOOK_INTERACTION_SPECS) {
      const written = document.interactions.find((interaction) => interaction.description === spec.entry.description);
      expect(written?.providerStates.map((state) => state.name)).toEqual(spec.states.map((state) => state.name));
    }
  });

  it('matches what the provider chooses instead of pinning it (ids, dates, names, the token)', async () => {
    const pact = JSON.parse(await readFile(WEBHOOK_PACT_FILE, 'utf8')) as { interactions: { description: string; request: { matchingRules?: Record<string, Record<string, unknown>>; generators?: Record<string, Record<string, unknown>> } }[] };
    const created = pact.interactions.find((interaction) => interaction.description === 'a bank account created notification');
    expect(Object.keys(created?.request.matchingRules?.['body'] ?? {})).toEqual(
      expect.arrayContaining(['$.resource.id', '$.resource.url', '$.additionalData.externalId', '$.additionalData.requestedStartDate', '$.additionalData.bankId']),
    );
    expect(Object.keys(created?.request.generators?.['body'] ?? {})).toEqual(expect.arrayContaining(['$.resource.id', '$.additionalData.externalId']));
    expect(created?.request.matchingRules?.['header']).toHaveProperty('authorization');
  });

  it('writes the same file again on a second run into a cleared folder', async () => {
    const second = await mkdtemp(join(tmpdir(), 'bsck-pacts-second-run-'));
    try {
      const outcomes = await consumer.write(second);
      expect(outcomes.every((outcome) => outcome.passed)).toBe(true);
      const again = await readFile(join(second, pactFileName(PARTICIPANTS.bankingService, PARTICIPANTS.connector)), 'utf8');
      expect(again).toBe(await readFile(WEBHOOK_PACT_FILE, 'utf8'));
    } finally {
      await rm(second, { recursive: true, force: true });
    }
  });
});
