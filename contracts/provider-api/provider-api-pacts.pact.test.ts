import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACTS_DIR, PARTICIPANTS, PROVIDER_API_PACT_FILE, pactFileName } from '../pact-environment.ts';
import { PROVIDER_API_INTERACTIONS } from '../verification/interaction-requirements.ts';
import { readPactDocument } from '../verification/pact-file.ts';
import { startProviderApiConsumer, type ProviderApiConsumer } from './provider-api-consumer.ts';
import { PROVIDER_API_INTERACTION_SPECS } from './provider-api-interactions.ts';

async function inTemporaryFolder<Result>(work: (dir: string) => Promise<Result>): Promise<Result> {
  const dir = await mkdtemp(join(tmpdir(), 'bsck-pacts-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('reference connector → Banking Service pact (consumer: the reference connector\'s own client code)', () => {
  let consumer: ProviderApiConsumer;

  beforeAll(async () => {
    consumer = await startProviderApiConsumer();
    await rm(PROVIDER_API_PACT_FILE, { force: true });
  });

  afterAll(async () => {
    await consumer?.close();
  });

  it.each(PROVIDER_API_INTERACTION_SPECS.map((spec) => [spec.entry.description, spec] as const))('%s', async (_description, spec) => {
    const [outcome] = await consumer.write(PACTS_DIR, { interactions: [spec] });
    expect(outcome?.error).toBeUndefined();
    expect(outcome?.passed).toBe(true);
  });

  it('wrote every interaction into the published pact', async () => {
    const document = await readPactDocument(PROVIDER_API_PACT_FILE);
    expect([document.consumer, document.provider]).toEqual([PARTICIPANTS.referenceConnector, PARTICIPANTS.bankingService]);
    expect(document.interactions.map((interaction) => interaction.description).sort()).toEqual(PROVIDER_API_INTERACTION_SPECS.map((spec) => spec.entry.description).sort());
  });

  it('writes the same file again on a second run into a cleared folder', async () => {
    await inTemporaryFolder(async (dir) => {
      const outcomes = await consumer.write(dir);
      expect(outcomes.every((outcome) => outcome.passed)).toBe(true);
      expect(await readFile(join(dir, pactFileName(PARTICIPANTS.referenceConnector, PARTICIPANTS.bankingService)), 'utf8')).toBe(await readFile(PROVIDER_API_PACT_FILE, 'utf8'));
    });
  });

  describe('a fault switch that breaks a request turns exactly the matching interactions red, with Pact\'s mismatch text', () => {
    const failing = async (faults: string[]) =>
      inTemporaryFolder(async (dir) => {
        const outcomes = await consumer.write(dir, { faults });
        return Object.fromEntries(outcomes.filter((outcome) => !outcome.passed).map((outcome) => [outcome.description, outcome.error ?? '']));
      });

    it('patch-wrong-field-type: only the onboarding PATCH', async () => {
      const failed = await failing(['patch-wrong-field-type']);
      expect(Object.keys(failed), JSON.stringify(failed)).toEqual([PROVIDER_API_INTERACTIONS.onboardingPatch.description]);
      expect(failed[PROVIDER_API_INTERACTIONS.onboardingPatch.description]).toMatch(/\$\.data\.bankAccounts\[\d\]\.accountIdentifier: Expected \d+ \(Integer\) to be the same type as '10001234' \(String\)/);
    });

    it('accounts-in-reauth-patch: only the re-authorisation PATCH', async () => {
      const failed = await failing(['accounts-in-reauth-patch']);
      expect(Object.keys(failed), JSON.stringify(failed)).toEqual([PROVIDER_API_INTERACTIONS.reauthorisationPatch.description]);
      expect(failed[PROVIDER_API_INTERACTIONS.reauthorisationPatch.description]).toContain('Expected a Map with keys [status] but received one with keys [bankAccounts, status]');
    });

    it('no-api-key: every Provider API call, not the Sage ID token request', async () => {
      const failed = await failing(['no-api-key']);
      const providerApiCalls = PROVIDER_API_INTERACTION_SPECS.map((spec) => spec.entry.description).filter((description) => description !== PROVIDER_API_INTERACTIONS.token.description);
      expect(Object.keys(failed).sort(), JSON.stringify(failed)).toEqual(providerApiCalls.sort());
      for (const error of Object.values(failed)) expect(error).toContain("Expected a header 'x-api-key' but was missing");
    });
  });
});
