import { describe, expect, it } from 'vitest';
import { loadRequirementSet } from '../../suites/requirements/index.ts';
import { PROVIDER_API_PACT_FILE, WEBHOOK_PACT_FILE } from '../pact-environment.ts';
import { PROVIDER_API_INTERACTIONS, WEBHOOK_INTERACTIONS, requirementIdsOfKitInteraction, requirementIdsOfProviderApiRequest } from './interaction-requirements.ts';
import { readPactDocument } from './pact-file.ts';

describe('interaction → requirement table', () => {
  const known = new Set(loadRequirementSet().requirements.map((requirement) => requirement.id));
  const entries = [...Object.values(WEBHOOK_INTERACTIONS), ...Object.values(PROVIDER_API_INTERACTIONS)];

  it('names only requirement ids of the frozen set 1.0, and every interaction evidences at least one', () => {
    for (const entry of entries) {
      expect(entry.requirementIds.length, entry.description).toBeGreaterThan(0);
      for (const id of entry.requirementIds) expect(known.has(id), `${entry.description} → ${id}`).toBe(true);
    }
    expect(new Set(entries.map((entry) => entry.description)).size).toBe(entries.length);
  });

  it('covers exactly the interactions of the published pacts', async () => {
    const published = [...(await readPactDocument(WEBHOOK_PACT_FILE)).interactions, ...(await readPactDocument(PROVIDER_API_PACT_FILE)).interactions].map((interaction) => interaction.description);
    expect(published.sort()).toEqual(entries.map((entry) => entry.description).sort());
    for (const description of published) expect(requirementIdsOfKitInteraction(description)).toBeDefined();
  });

  it.each([
    ['POST', '/oauth/token', 'SPEC-08'],
    ['POST', '/v1/banks', 'SPEC-04'],
    ['PATCH', '/v1/authorisations/0f8fad5b-d9cb-469f-a165-70867728950e', 'SPEC-05'],
    ['POST', '/v1/statements?x=1', 'SPEC-06'],
    ['GET', '/v1/statements/abc', 'SPEC-07'],
    ['POST', '/v1/statement', 'SPEC-07'],
  ])("maps a provider's own %s %s to %s", (method, path, id) => {
    expect(requirementIdsOfProviderApiRequest(method, path)).toEqual([id]);
    expect(known.has(id)).toBe(true);
  });
});
