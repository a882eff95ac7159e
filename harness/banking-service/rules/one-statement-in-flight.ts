import { violationOf, type StatementRule } from './statement-rule.ts';

/**
 * R7: one statement in flight per bank account; wait until the previous one is completed before the next
 * [P-STMT] [F-POST] [APPLY]. Refused 409 at POST [KC-06].
 */
export const oneStatementInFlight: StatementRule = {
  id: 'one-statement-in-flight',
  anchors: ['R7'],
  evidence: ['P-STMT', 'F-POST', 'APPLY'],
  phases: ['at-post'],
  refusalStatus: 409,
  check(_statement, context) {
    const inFlight = context.inFlight;
    if (!inFlight) return [];
    return [
      violationOf(
        this,
        `statement ${inFlight.id} for bank account ${inFlight.bankAccountId} is still ${inFlight.status}: poll GET /v1/statements/${inFlight.id} until it is completed before posting the next one for this account`,
        '/data/accountDetails/0/bankAccountId',
      ),
    ];
  },
};
