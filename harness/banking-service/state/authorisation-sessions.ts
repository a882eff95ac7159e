import { randomUUID } from 'node:crypto';
import type { AuthorisationKind } from '../events/index.ts';
import type { Clock } from './clock.ts';

/** "The authorisation session lives about 20 minutes" [SEC] [C-AUTH] [C-REFRESH]. */
export const DEFAULT_AUTHORISATION_LIFETIME_MS = 20 * 60 * 1000;

/** An account the provider reported in an onboarding PATCH [P-AUTHZ]. */
export interface OfferedAccount {
  readonly bankAccountExternalId: string;
  readonly accountName: string;
  readonly bankIdentifier: string;
  readonly branchIdentifier: string | undefined;
  readonly accountIdentifier: string;
}

export type AuthorisationStatus = 'pending' | 'succeeded' | 'expired';

export interface AuthorisationSession {
  readonly id: string;
  readonly kind: AuthorisationKind;
  readonly bankId: string;
  readonly organisationId: string;
  readonly companyId: string;
  /** The account being re-authorised; undefined for onboarding. */
  readonly bankAccountId: string | undefined;
  /** Appended by the connector to redirect_uri [C-AUTH]. */
  readonly state: string;
  readonly redirectUri: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly status: AuthorisationStatus;
  readonly completedAt: number | undefined;
  readonly offeredAccounts: readonly OfferedAccount[];
}

export type ConsumeResult =
  | { readonly ok: true; readonly session: AuthorisationSession }
  | { readonly ok: false; readonly code: 'unknown-authorisation' | 'authorisation-expired' | 'authorisation-already-used'; readonly session: AuthorisationSession | undefined };

type MutableSession = { -readonly [Key in keyof AuthorisationSession]: AuthorisationSession[Key] };

/**
 * Authorisation sessions: about 20 minutes, single use [SEC] [KC-08]. Expiry is read from the clock, so a test
 * moves time instead of waiting; `sweep()` reports sessions that expired since it last looked, for events.
 */
export class AuthorisationSessions {
  private readonly sessions = new Map<string, MutableSession>();

  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs: number = DEFAULT_AUTHORISATION_LIFETIME_MS,
  ) {
    if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) throw new Error(`authorisation lifetime must be a positive number of milliseconds (got ${lifetimeMs})`);
  }

  create(input: {
    kind: AuthorisationKind;
    bankId: string;
    organisationId: string;
    companyId: string;
    bankAccountId?: string;
    redirectUriFor: (authorisationId: string) => string;
  }): AuthorisationSession {
    const id = randomUUID();
    const createdAt = this.clock.now();
    const session: MutableSession = {
      id,
      kind: input.kind,
      bankId: input.bankId,
      organisationId: input.organisationId,
      companyId: input.companyId,
      bankAccountId: input.bankAccountId,
      state: randomUUID(),
      redirectUri: input.redirectUriFor(id),
      createdAt,
      expiresAt: createdAt + this.lifetimeMs,
      status: 'pending',
      completedAt: undefined,
      offeredAccounts: [],
    };
    this.sessions.set(id, session);
    return session;
  }

  /** The session as last swept: call `sweep()` (through SimulatorState, which records the expiries) first. */
  get(id: string): AuthorisationSession | undefined {
    return this.sessions.get(id);
  }

  /**
   * Takes the session for a PATCH: the first PATCH of a live session wins; a second one, or one after the
   * lifetime, is refused with the reason [SEC] [KC-08].
   */
  consume(id: string): ConsumeResult {
    const session = this.sessions.get(id);
    if (!session) return { ok: false, code: 'unknown-authorisation', session: undefined };
    if (session.status === 'succeeded') return { ok: false, code: 'authorisation-already-used', session };
    if (session.status === 'expired' || this.clock.now() >= session.expiresAt) return { ok: false, code: 'authorisation-expired', session };
    return { ok: true, session };
  }

  succeed(id: string, offeredAccounts: readonly OfferedAccount[]): AuthorisationSession {
    const session = this.sessions.get(id);
    if (!session || session.status !== 'pending') throw new Error(`authorisation ${id} is not pending`);
    session.status = 'succeeded';
    session.completedAt = this.clock.now();
    session.offeredAccounts = Object.freeze(offeredAccounts.map((account) => Object.freeze({ ...account })));
    return session;
  }

  /** Marks every pending session past its lifetime as expired and returns those newly expired. */
  sweep(): AuthorisationSession[] {
    const now = this.clock.now();
    const expired: AuthorisationSession[] = [];
    for (const session of this.sessions.values()) {
      if (session.status === 'pending' && now >= session.expiresAt) {
        session.status = 'expired';
        expired.push(session);
      }
    }
    return expired;
  }

  list(): readonly AuthorisationSession[] {
    return [...this.sessions.values()];
  }
}
