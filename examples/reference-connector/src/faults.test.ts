import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unknownEvidenceTagsIn } from '../../../harness/reference/evidence-tags.ts';
import { FAULT_CATALOGUE, FAULT_NAMES, isFaultName, parseFaults } from './faults.ts';

/** The switches the kit's detection matrix relies on (issue 8); renaming one breaks the matrix. */
const REQUIRED = [
  'duplicate-unique-ids', 'send-pending-transactions', 'wrong-expected-totals', 'positive-debit-sum', 'concurrent-statements',
  'ignore-requested-start-date', 'no-state-on-redirect', 'empty-onboarding-patch', 'accounts-in-reauth-patch', 'token-per-request',
  'no-refresh-on-401', 'no-backoff-on-429', 'new-ids-on-resubmit', 'post-after-offboarding', 'accept-unannounced-authorisation',
  'accept-replayed-authorisation', 'accept-expired-authorisation', 'skip-notification-auth', 'crash-on-unknown-notification',
  'available-accounts-omit-connected', 'patch-wrong-field-type', 'balances-before-transactions', 'two-account-details', 'oversize-batch',
  'no-api-key', 'wide-date-spread', 'unsorted-transactions', 'no-bank-sync', 'no-redirect-on-failure', 'slow-notification',
];

describe('fault catalogue', () => {
  it('holds at least the required switches, each frozen, kebab-case, described and citing what it breaks', () => {
    for (const name of REQUIRED) expect(isFaultName(name), name).toBe(true);
    expect(FAULT_NAMES.length).toBeGreaterThanOrEqual(25);
    for (const definition of FAULT_CATALOGUE.values()) {
      expect(Object.isFrozen(definition)).toBe(true);
      expect(definition.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.breaks.length).toBeGreaterThan(10);
    }
    expect(Object.isFrozen(FAULT_NAMES)).toBe(true);
  });

  it('cites only evidence tags the reference defines', () => {
    for (const definition of FAULT_CATALOGUE.values()) expect(unknownEvidenceTagsIn(definition.breaks), definition.name).toEqual([]);
  });

  it('is the fault table of the README, row for row', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| ([a-z-]+) \|/gm)].map((match) => [match[1], match[2]]);
    expect(rows).toEqual([...FAULT_CATALOGUE.values()].map((definition) => [definition.name, definition.area]));
  });

  it('parses FAULTS and stops at the first unknown name', () => {
    const parsed = parseFaults('no-api-key, ,oversize-batch');
    if (!('faults' in parsed)) throw new Error('expected faults');
    expect(parsed.faults.names).toEqual(['no-api-key', 'oversize-batch']);
    expect(parseFaults(undefined)).toMatchObject({ faults: { names: [] } });
    expect(parseFaults('no-api-key,bogus,also-bogus')).toEqual({ unknown: 'bogus' });
  });
});
