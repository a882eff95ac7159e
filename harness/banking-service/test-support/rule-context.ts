import { DEFAULT_POLICIES, resolvePolicies } from '../../policies/index.ts';
import type { RuleContext } from '../rules/index.ts';
import { readStatement, type StatementView } from '../rules/index.ts';
import type { Bank, BankAccount } from '../state/index.ts';
import { buildStatement, type StatementSpec } from './statement-builder.ts';

export const TEST_BANK: Bank = Object.freeze({
  principalId: '0f0e8a52-5f5a-4a2b-9c1c-3f8d1b2a0001',
  externalRef: 'agg-1',
  name: 'Test Bank',
  countryCode: 'GB',
  url: 'https://bank.example',
  supportiframe: false,
  callbackURLs: { notification: 'http://c/notification', availableAccounts: 'http://c/availableaccounts', auth: 'http://c/auth', reAuth: 'http://c/authrefresh' },
  ownerClientId: 'client-1',
});

export const TEST_ACCOUNT: BankAccount = Object.freeze({
  id: '7c3a1f9e-2b4d-4e6f-8a0b-1c2d3e4f0001',
  externalId: 'ext-1',
  bankId: TEST_BANK.principalId,
  organisationId: 'org-1',
  companyId: 'co-1',
  accountName: 'Current',
  accountKey: undefined,
  accountType: 'DEBIT',
  bankIdentifier: '1000',
  branchIdentifier: undefined,
  accountIdentifier: '11',
  defaultCurrency: 'GBP',
  requestedStartDate: '2024-02-01T00:00:00.000Z',
  status: 'active',
  createdAt: 0,
  groupId: 'auth-1',
  via: 'seed',
  ledgerBalance: undefined,
});

/** A rule context for the test account of the test bank, called by its owner, default policies. */
export function ruleContext(overrides: Partial<RuleContext> & { policyOverrides?: Record<string, unknown> } = {}): RuleContext {
  const { policyOverrides, ...rest } = overrides;
  return {
    policies: policyOverrides ? resolvePolicies(policyOverrides) : DEFAULT_POLICIES,
    callerClientId: 'client-1',
    account: TEST_ACCOUNT,
    bank: TEST_BANK,
    inFlight: undefined,
    acceptedUniqueIds: new Set(),
    previousLedgerBalance: undefined,
    ...rest,
  };
}

/** A statement for the test account, read the way the Provider API reads it. */
export function statementView(spec: Partial<StatementSpec> = {}): StatementView {
  const result = readStatement(buildStatement({ bankAccountId: TEST_ACCOUNT.id, bankId: TEST_BANK.principalId, ...spec }));
  if (!result.ok) throw new Error(`test statement does not read: ${JSON.stringify(result.problems)}`);
  return result.statement;
}
