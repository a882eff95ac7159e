import { violationOf, type StatementRule } from './statement-rule.ts';

/** D7: what data.principalId must hold is settled by policy statement-principal-id [BRUNO] [G-REAUTH]. */
export const principalIdRule: StatementRule = {
  id: 'principal-id',
  anchors: ['D7'],
  evidence: ['BRUNO', 'G-REAUTH'],
  policy: 'statement-principal-id',
  phases: ['at-post'],
  refusalStatus: 422,
  check(statement, context) {
    const policy = context.policies['statement-principal-id'];
    const accountId = statement.accountDetails[0]?.bankAccountId;
    const accepted = [
      ...(policy !== 'bank-principal-id' && accountId !== undefined ? [accountId] : []),
      ...(policy !== 'bank-account-id' && context.account ? [context.account.bankId] : []),
    ];
    if (accepted.length === 0) return [];
    const wanted = policy === 'bank-account-id' ? 'the bank account id' : policy === 'bank-principal-id' ? "the bank's principalId" : "the bank account id or the bank's principalId";
    if (statement.principalId === undefined) return [violationOf(this, `data.principalId is missing: send ${wanted} (policy statement-principal-id = ${policy})`, '/data/principalId')];
    if (accepted.includes(statement.principalId)) return [];
    return [violationOf(this, `data.principalId must be ${wanted} (policy statement-principal-id = ${policy})`, '/data/principalId')];
  },
};
