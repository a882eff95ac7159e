import { notApplicable, type CheckOutcome } from './check.ts';
import type { Evidence } from './evidence.ts';

/** What a scenario needs of the auth driver beyond following the candidate's redirects. */
export type AuthDriverNeed = 'choose-user' | 'fail-login';

const WHY: Readonly<Record<AuthDriverNeed, string>> = Object.freeze({
  'choose-user': 'the redirect auth driver cannot choose the test user (the candidate approves its own configured user at once)',
  'fail-login': 'the redirect auth driver cannot fail a login (the candidate approves at once, so no one signs in)',
});

/**
 * The redirect driver signs no one in: it follows a candidate's auto-approve mode to redirect_uri. A scenario that
 * needs a chosen user or a failed login cannot be driven in such a run, through nobody's fault, so its requirement is
 * not applicable rather than failed; the verdict says why, so a reviewer sees what the run did not exercise.
 * Undefined for the other drivers, whose missing evidence means what it always means.
 */
export function beyondAuthDriver(evidence: Evidence, need: AuthDriverNeed): CheckOutcome | undefined {
  if (evidence.facts.authDriver !== 'redirect') return undefined;
  return notApplicable(`Not exercised in this run: ${WHY[need]}; certify with the form or browser driver to decide it.`);
}
