import { randomBytes, randomUUID } from 'node:crypto';

export interface Company {
  readonly companyId: string;
  readonly organisationId: string;
  readonly name: string;
}

export interface Organisation {
  readonly organisationId: string;
  readonly crmId: string | undefined;
  /** The product application that created it (x-application). */
  readonly applicationId: string;
  /** Signs GET /accesstoken for this organisation; handed out once as `token` [BRUNO-JSON] [KC-18]. A secret. */
  readonly signingKey: string;
  readonly companies: readonly Company[];
}

/** Organisations and their companies, as products create them through POST /organisations. */
export class OrganisationStore {
  private readonly organisations = new Map<string, Organisation>();

  create(input: { applicationId: string; crmId?: string; companyName: string; organisationId?: string; companyId?: string; signingKey?: string }): Organisation {
    const organisationId = input.organisationId ?? randomUUID();
    if (this.organisations.has(organisationId)) throw new Error(`organisation ${organisationId} already exists`);
    const company: Company = Object.freeze({ companyId: input.companyId ?? randomUUID(), organisationId, name: input.companyName });
    const organisation: Organisation = Object.freeze({
      organisationId,
      crmId: input.crmId,
      applicationId: input.applicationId,
      signingKey: input.signingKey ?? randomBytes(48).toString('base64url'),
      companies: Object.freeze([company]),
    });
    this.organisations.set(organisationId, organisation);
    return organisation;
  }

  get(organisationId: string): Organisation | undefined {
    return this.organisations.get(organisationId);
  }

  company(organisationId: string, companyId: string): Company | undefined {
    return this.organisations.get(organisationId)?.companies.find((company) => company.companyId === companyId);
  }

  list(): readonly Organisation[] {
    return [...this.organisations.values()];
  }
}
