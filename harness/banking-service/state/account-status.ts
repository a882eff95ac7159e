import type { AccountStatus } from '../events/index.ts';

/**
 * The bank account status machine (reference §11): pending → active ⇄ authRequired, anything → cancelled, and
 * cancelled is terminal [CA-OFF] [F-OFF]. pending → authRequired is allowed because a provider may lose consent
 * before the first transactions arrive [U-REAUTH] [KC-12].
 */
const TRANSITIONS: Readonly<Record<AccountStatus, readonly AccountStatus[]>> = Object.freeze({
  pending: Object.freeze(['active', 'authRequired', 'cancelled'] as const),
  active: Object.freeze(['authRequired', 'cancelled'] as const),
  authRequired: Object.freeze(['active', 'cancelled'] as const),
  cancelled: Object.freeze([] as const),
});

export const ACCOUNT_STATUSES: readonly AccountStatus[] = Object.freeze(['pending', 'active', 'authRequired', 'cancelled']);

export function canTransition(from: AccountStatus, to: AccountStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly from: AccountStatus,
    readonly to: AccountStatus,
  ) {
    super(`a bank account cannot go from ${from} to ${to}`);
  }
}
