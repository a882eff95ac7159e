import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POLICY_CATALOGUE, type PolicyId } from '../../harness/policies/policy-catalogue.ts';
import { RequirementSetError } from './catalogue-schema.ts';
import {
  BUNDLED_SETS_FOLDER,
  CURRENT_REQUIREMENT_SET,
  listKnownRequirementSets,
  loadRequirementSet,
  requirementSetDigest,
} from './load-requirement-set.ts';

const realFile = join(BUNDLED_SETS_FOLDER, '1.0.json');
const realText = readFileSync(realFile, 'utf8');

const folders: string[] = [];
function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'requirement-sets-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function errorOf(action: () => unknown): RequirementSetError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(RequirementSetError);
    return error as RequirementSetError;
  }
  throw new Error('expected a RequirementSetError');
}

describe('loadRequirementSet', () => {
  const set = loadRequirementSet();

  it('loads the current set by default', () => {
    expect(CURRENT_REQUIREMENT_SET).toBe('1.0');
    expect(set.version).toBe('1.0');
    expect(set.file).toBe(realFile);
    expect(set.requirements.length).toBeGreaterThanOrEqual(55);
    expect(set.requirements.length).toBeLessThanOrEqual(80);
  });

  it('freezes everything it returns', () => {
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.requirements)).toBe(true);
    expect(Object.isFrozen(set.notCovered)).toBe(true);
    for (const requirement of set.requirements) {
      expect(Object.isFrozen(requirement), requirement.id).toBe(true);
      expect(Object.isFrozen(requirement.evidence), requirement.id).toBe(true);
      expect(Object.isFrozen(requirement.anchors), requirement.id).toBe(true);
      expect(Object.isFrozen(requirement.policies), requirement.id).toBe(true);
    }
    expect(() => (set.requirements as unknown as unknown[]).push({})).toThrow(TypeError);
  });

  it('records the sha256 digest of the file bytes', () => {
    const expected = `sha256:${createHash('sha256').update(readFileSync(realFile)).digest('hex')}`;
    expect(set.digest).toBe(expected);
    expect(requirementSetDigest()).toBe(expected);
    expect(requirementSetDigest('1.0')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names the policy of every SHOULD that rests on a policy, and only policies whose defaults exist', () => {
    for (const requirement of set.requirements) {
      for (const id of requirement.policies) expect(POLICY_CATALOGUE[id as PolicyId], `${requirement.id} ${id}`).toBeDefined();
      if (requirement.origin === 'policy') {
        expect(requirement.level, requirement.id).toBe('SHOULD');
        expect(requirement.policies.length, requirement.id).toBeGreaterThan(0);
      }
    }
  });

  it('covers the security, resilience and statement behaviours the suites and fault catalogue need', () => {
    const titles = set.requirements.map((requirement) => `${requirement.id} ${requirement.title}`).join('\n');
    for (const wanted of [
      /SEC-\d+ Notification provider header enforced/,
      /SEC-\d+ Notification Sage ID token enforced/,
      /SEC-\d+ Unannounced authorisation id refused/,
      /SEC-\d+ Replayed authorisation id refused/,
      /SEC-\d+ Expired authorisation id refused/,
      /SEC-\d+ Malformed notification refused/,
      /SEC-\d+ Repeated notification delivery is idempotent/,
      /SEC-\d+ Unknown notification type/,
      /SEC-\d+ No secrets/,
      /RES-\d+ API key on every Provider API call/,
      /RES-\d+ Sage ID tokens reused/,
      /RES-\d+ Token refreshed after a 401/,
      /RES-\d+ Back-off on throttling honours Retry-After/,
      /RES-\d+ Statement resubmitted unchanged after a server error/,
      /RES-\d+ Statement resubmitted unchanged after a dropped connection/,
      /SYNC-\d+ All four callback URLs registered/,
    ]) {
      expect(titles).toMatch(wanted);
    }
    for (const flow of ['bank-sync', 'onboarding', 'posting', 'reauthorisation', 'multi-account-linking', 'offboarding', 'security', 'resilience', 'spec-conformance']) {
      expect(set.requirements.some((requirement) => requirement.flow === flow), flow).toBe(true);
    }
  });

  it('refuses an unknown or malformed version, listing the known sets', () => {
    expect(errorOf(() => loadRequirementSet('9.9')).message).toMatch(/9\.9\.json: requirement set "9\.9" not found; known sets: 1\.0$/);
    expect(errorOf(() => loadRequirementSet('../1.0')).message).toBe('requirement set version "../1.0" must look like 1.0 (major.minor)');
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const folder = folderWith({ '1.0.json': '{"version": "1.0",' });
    const error = errorOf(() => loadRequirementSet('1.0', { folder }));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toMatch(new RegExp(`^${join(folder, '1.0.json')}: not valid JSON`));
  });

  it('refuses a set whose version differs from its file name', () => {
    const folder = folderWith({ '1.1.json': realText });
    expect(errorOf(() => loadRequirementSet('1.1', { folder })).message).toMatch(/1\.1\.json: version "1\.0" does not match the file name; expected "1\.1"/);
  });

  it('prefixes every schema problem with the file path', () => {
    const broken = JSON.parse(realText) as { requirements: Record<string, unknown>[] };
    const first = broken.requirements[0];
    if (first === undefined) throw new Error('empty set');
    first['evidence'] = ['NOT-A-TAG'];
    const folder = folderWith({ '1.0.json': JSON.stringify(broken) });
    const error = errorOf(() => loadRequirementSet('1.0', { folder }));
    expect(error.problems).toEqual([
      `${join(folder, '1.0.json')}: requirements[0] (SYNC-01).evidence[0]: unknown evidence tag "NOT-A-TAG" (see harness/reference/evidence-tags.ts)`,
    ]);
  });
});

describe('listKnownRequirementSets', () => {
  it('lists the bundled sets', () => {
    expect(listKnownRequirementSets()).toEqual(['1.0']);
  });

  it('orders versions numerically', () => {
    const folder = folderWith({ '1.10.json': '{}', '1.2.json': '{}', '2.0.json': '{}', '1.0.json': '{}' });
    expect(listKnownRequirementSets({ folder })).toEqual(['1.0', '1.2', '1.10', '2.0']);
  });

  it('refuses a stray file instead of ignoring it', () => {
    const folder = folderWith({ '1.0.json': '{}', 'draft.json': '{}' });
    expect(errorOf(() => listKnownRequirementSets({ folder })).message).toMatch(/draft\.json: not a requirement set file name/);
  });
});
