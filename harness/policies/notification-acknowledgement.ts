import type { Policies } from './policy-catalogue.ts';

/**
 * policy notification-success-status [C-NOTIF] (Q5): whether a status acknowledges a notification. One reading for
 * the simulator's notifier (which retries what is not acknowledged) and the checks (which judge it), so they
 * cannot disagree.
 */
export function acknowledgesNotification(status: number | undefined, policies: Policies): boolean {
  if (status === undefined) return false;
  switch (policies['notification-success-status']) {
    case '200':
      return status === 200;
    case '200-or-204':
      return status === 200 || status === 204;
    case 'any-2xx':
      return status >= 200 && status <= 299;
  }
}
