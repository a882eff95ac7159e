import { randomUUID } from 'node:crypto';

/** An account the connector listed on /availableaccounts, offered to the product for linking [C-AVAIL] [F-MAL]. */
export interface LinkCandidate {
  readonly bankAccountCandidateId: string;
  readonly organisationId: string;
  readonly companyId: string;
  readonly bankId: string;
  /** The authorisation group of the account the candidates were listed for [CA-MAL] [KC-13]. */
  readonly groupId: string;
  readonly externalId: string;
  readonly accountName: string;
  readonly accountType: string | undefined;
  readonly bankIdentifier: string;
  readonly accountIdentifier: string;
  readonly branchIdentifier: string | undefined;
}

export type CandidateInput = Omit<LinkCandidate, 'bankAccountCandidateId'>;

/** Candidate ids are stable per company and real-world account, so listing twice gives the same ids [BRUNO] [KC-22]. */
export class LinkCandidateStore {
  private readonly candidates = new Map<string, LinkCandidate>();

  upsert(input: CandidateInput): LinkCandidate {
    const existing = [...this.candidates.values()].find(
      (candidate) => candidate.companyId === input.companyId && candidate.bankIdentifier === input.bankIdentifier && candidate.accountIdentifier === input.accountIdentifier,
    );
    const candidate: LinkCandidate = Object.freeze({ ...input, bankAccountCandidateId: existing?.bankAccountCandidateId ?? randomUUID() });
    this.candidates.set(candidate.bankAccountCandidateId, candidate);
    return candidate;
  }

  get(bankAccountCandidateId: string): LinkCandidate | undefined {
    return this.candidates.get(bankAccountCandidateId);
  }
}
