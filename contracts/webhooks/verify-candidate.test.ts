import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFormDriver } from '../../harness/auth-driver/index.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator } from '../../harness/banking-service/index.ts';
import { REFERENCE_TEST_USER, startReferenceCandidate } from '../test-support/reference-candidate.ts';
import type { PactVerificationReport } from '../verification/interaction-result.ts';
import { WEBHOOK_INTERACTIONS } from '../verification/interaction-requirements.ts';
import { readPactDocument } from '../verification/pact-file.ts';
import { WEBHOOK_PACT_FILE } from '../pact-environment.ts';
import { CandidateVerificationError, verifyCandidateAgainstPacts } from './verify-candidate.ts';

/** Verifies the bundled reference connector, started as a black-box process with these fault switches. */
async function verifyReference(simulator: BankingServiceSimulator, faults: string[] = []): Promise<PactVerificationReport> {
  const candidate = await startReferenceCandidate(simulator, { faults });
  try {
    return await verifyCandidateAgainstPacts({ candidateUrl: candidate.url, simulator, bankId: candidate.bankId, auth: { driver: createFormDriver(), user: REFERENCE_TEST_USER } });
  } finally {
    await candidate.stop();
  }
}

const descriptions = (await readPactDocument(WEBHOOK_PACT_FILE)).interactions.map((interaction) => interaction.description);

describe('verifyCandidateAgainstPacts: the webhook pact against a running connector', () => {
  let simulator: BankingServiceSimulator;
  let clean: PactVerificationReport;

  beforeAll(async () => {
    simulator = await startBankingServiceSimulator({});
    clean = await verifyReference(simulator);
  });

  afterAll(async () => {
    await simulator?.close();
  });

  describe('the reference connector verifies green, interaction by interaction', () => {
    it.each(descriptions)('%s', (description) => {
      const result = clean.interactions.find((interaction) => interaction.description === description);
      expect(result?.sentence).toMatch(/answered as the contract says/);
      expect(result?.status).toBe('passed');
      expect(result?.stateProblems).toEqual([]);
    });

    it('reports one result per interaction, keyed by description, with the requirement ids it evidences', () => {
      expect(clean.passed).toBe(true);
      expect(clean.interactions).toHaveLength(descriptions.length);
      const created = clean.interactions.find((interaction) => interaction.description === WEBHOOK_INTERACTIONS.bankAccountCreated.description);
      expect(created?.id).toBe(`pact:banking-service->connector:${WEBHOOK_INTERACTIONS.bankAccountCreated.description}`);
      expect(created?.requirementIds).toEqual(['ONB-13', 'SPEC-01']);
    });
  });

  it('skip-notification-auth turns exactly the two refused-notification interactions red, with Pact\'s mismatch text', async () => {
    const report = await verifyReference(simulator, ['skip-notification-auth']);
    const failed = report.interactions.filter((interaction) => interaction.status === 'failed');
    expect(failed.map((interaction) => interaction.description).sort()).toEqual([WEBHOOK_INTERACTIONS.foreignToken.description, WEBHOOK_INTERACTIONS.wrongProviderHeader.description].sort());
    for (const interaction of failed) {
      expect(interaction.mismatches).toEqual(['Expected status code 202 to be a Client error (400–499)']);
      expect(interaction.sentence).toContain('failed: Expected status code 202 to be a Client error (400–499)');
    }
    expect(report.passed).toBe(false);
  });

  it('refuses to start without a bank the candidate registered', async () => {
    const empty = await startBankingServiceSimulator({ specs: 'none' });
    try {
      await expect(verifyCandidateAgainstPacts({ candidateUrl: 'http://127.0.0.1:9', simulator: empty, auth: { driver: createFormDriver(), user: REFERENCE_TEST_USER } })).rejects.toThrow(CandidateVerificationError);
    } finally {
      await empty.close();
    }
  });
});
