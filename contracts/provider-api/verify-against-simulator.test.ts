import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTICIPANTS, PROVIDER_API_PACT_FILE, pactFileName } from '../pact-environment.ts';
import { THIRD_PARTY_CONSUMER, THIRD_PARTY_DESCRIPTIONS, writeThirdPartyPact } from '../test-support/third-party-pact.ts';
import type { PactInteractionResult, PactVerificationReport } from '../verification/interaction-result.ts';
import { readPactDocument } from '../verification/pact-file.ts';
import { verifyPactAgainstSimulator } from './verify-against-simulator.ts';

const descriptions = (await readPactDocument(PROVIDER_API_PACT_FILE)).interactions.map((interaction) => interaction.description);

describe('verifyPactAgainstSimulator', () => {
  let reference: PactVerificationReport;
  let thirdParty: PactVerificationReport;
  let folder: string;

  beforeAll(async () => {
    reference = await verifyPactAgainstSimulator({ pactFile: PROVIDER_API_PACT_FILE });
    folder = await mkdtemp(join(tmpdir(), 'bsck-third-party-'));
    const written = await writeThirdPartyPact(folder);
    expect(written.every((outcome) => outcome.passed)).toBe(true);
    thirdParty = await verifyPactAgainstSimulator({ pactFile: join(folder, pactFileName(THIRD_PARTY_CONSUMER, PARTICIPANTS.bankingService)) });
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  describe("the reference connector's pact verifies against the simulated Banking Service (they agree on the contract)", () => {
    it.each(descriptions)('%s', (description) => {
      const result = reference.interactions.find((interaction) => interaction.description === description);
      expect(result?.mismatches).toEqual([]);
      expect(result?.stateProblems).toEqual([]);
      expect(result?.status).toBe('passed');
    });
  });

  describe('a deliberately wrong third-party pact fails with a clear reason', () => {
    const result = (description: string): PactInteractionResult | undefined => thirdParty.interactions.find((interaction) => interaction.description === description);

    it('a wrong path: the simulator has no such operation, and the report lists the ones it has', () => {
      const wrongPath = result(THIRD_PARTY_DESCRIPTIONS.wrongPath);
      expect(wrongPath?.status).toBe('failed');
      expect(wrongPath?.mismatches).toContain('expected 201 but was 404');
      expect(wrongPath?.explanations).toEqual([
        'POST /v1/statement answered 404: not-found: no route for POST /v1/statement',
        'the simulated Banking Service serves only POST /oauth/token, POST /v1/banks, PATCH /v1/authorisations/{authorisationId}, POST /v1/statements, GET /v1/statements/{statementId}, POST /v1/accountqueries',
      ]);
      expect(wrongPath?.requirementIds).toEqual(['SPEC-07']);
    });

    it('a wrong field name: the documented rule behind the refusal', () => {
      const wrongField = result(THIRD_PARTY_DESCRIPTIONS.wrongField);
      expect(wrongField?.status).toBe('failed');
      expect(wrongField?.mismatches.join('\n')).toMatch(/expected 204 but was 4\d\d/);
      expect(wrongField?.explanations.join('\n')).toMatch(/bankAccounts/);
      expect(wrongField?.explanations.join('\n')).toMatch(/\[P-AUTHZ\]|provider-api\.yaml/);
      expect(wrongField?.requirementIds).toEqual(['SPEC-05']);
    });

    it('a wrong field type: the Provider API document\'s finding, with its pointer', () => {
      const wrongType = result(THIRD_PARTY_DESCRIPTIONS.wrongType);
      expect(wrongType?.status).toBe('failed');
      expect(wrongType?.explanations.join('\n')).toContain('Provider API document (specs/provider-api.yaml): body /data/bankAccounts/0/accountIdentifier: must be string');
    });

    it('a correct interaction with its own example ids and secrets verifies (the kit substitutes the seeded ones)', () => {
      expect(result(THIRD_PARTY_DESCRIPTIONS.statement)?.status).toBe('passed');
    });

    it('a provider state the kit does not know is named in a note, without failing an interaction that does not need it', () => {
      const token = result(THIRD_PARTY_DESCRIPTIONS.token);
      expect(token?.status).toBe('passed');
      expect(token?.notes[0]).toMatch(/provider state "Acme is registered with Sage ID" is not one the kit can set up; known states: "the provider is registered with Sage ID"/);
    });

    it('never puts a run secret in the report', () => {
      const text = JSON.stringify(thirdParty);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}/);
      expect(thirdParty.passed).toBe(false);
    });
  });
});
