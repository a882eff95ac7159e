import { describe, expect, it } from 'vitest';
import { OrganisationStore } from './organisations.ts';

describe('OrganisationStore', () => {
  it('creates an organisation with one company and a signing key of its own', () => {
    const store = new OrganisationStore();
    const first = store.create({ applicationId: 'Sage.UK.Kit', companyName: 'Acme' });
    const second = store.create({ applicationId: 'Sage.UK.Kit', companyName: 'Other' });
    expect(first.companies).toHaveLength(1);
    expect(first.signingKey.length).toBeGreaterThanOrEqual(32);
    expect(first.signingKey).not.toBe(second.signingKey);
    const companyId = first.companies[0]?.companyId ?? '';
    expect(store.company(first.organisationId, companyId)?.name).toBe('Acme');
    expect(store.company(second.organisationId, companyId)).toBeUndefined();
  });

  it('refuses a duplicate organisation id', () => {
    const store = new OrganisationStore();
    store.create({ applicationId: 'a', companyName: 'c', organisationId: 'org-1' });
    expect(() => store.create({ applicationId: 'a', companyName: 'c', organisationId: 'org-1' })).toThrow(/already exists/);
  });
});
