import type { FaultSet } from './faults.ts';

/** An authorisation session lives about 20 minutes [SEC]. */
export const AUTHORISATION_LIFETIME_MS = 20 * 60_000;

export interface AuthorisationSession {
  readonly authorisationId: string;
  /** additionalData.bankId of the announcing notification, if it carried one. */
  readonly bankId: string | undefined;
  readonly announcedAtMs: number;
  usedAtMs: number | undefined;
}

export type AuthorisationCheck =
  | { readonly ok: true; readonly session: AuthorisationSession }
  | { readonly ok: false; readonly reason: 'unannounced' | 'expired' | 'used' };

/**
 * Authorisation ids announced by `resourceCreated`/`authorisation` notifications. /auth and /authrefresh are
 * only served for an id announced in the last ~20 minutes and not used yet; using it (a login that succeeded or
 * failed) consumes it [SEC]. The clock is injectable so the test-control hook can age sessions.
 */
export class AuthorisationSessions {
  readonly #sessions = new Map<string, AuthorisationSession>();
  readonly #now: () => number;
  readonly #faults: FaultSet;

  constructor(options: { readonly now: () => number; readonly faults: FaultSet }) {
    this.#now = options.now;
    this.#faults = options.faults;
  }

  /** Remembers an announced id; a repeated notification changes nothing (it cannot revive a used session). */
  announce(authorisationId: string, bankId: string | undefined): 'new' | 'repeat' {
    this.#prune();
    if (this.#sessions.has(authorisationId)) return 'repeat';
    this.#sessions.set(authorisationId, { authorisationId, bankId, announcedAtMs: this.#now(), usedAtMs: undefined });
    return 'new';
  }

  check(authorisationId: string): AuthorisationCheck {
    let session = this.#sessions.get(authorisationId);
    if (session === undefined) {
      if (!this.#faults.has('accept-unannounced-authorisation')) return { ok: false, reason: 'unannounced' };
      session = { authorisationId, bankId: undefined, announcedAtMs: this.#now(), usedAtMs: undefined };
      this.#sessions.set(authorisationId, session);
    }
    if (session.usedAtMs !== undefined && !this.#faults.has('accept-replayed-authorisation')) return { ok: false, reason: 'used' };
    if (this.#now() - session.announcedAtMs > AUTHORISATION_LIFETIME_MS && !this.#faults.has('accept-expired-authorisation')) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, session };
  }

  /** Single use: called once a login attempt finished, whatever its result. */
  consume(authorisationId: string): void {
    const session = this.#sessions.get(authorisationId);
    if (session !== undefined && session.usedAtMs === undefined) session.usedAtMs = this.#now();
  }

  /** Used and expired sessions are kept for a day (so a replay is recognised as one), then dropped. */
  #prune(): void {
    const horizon = this.#now() - 24 * 3_600_000;
    for (const [id, session] of this.#sessions) if (session.announcedAtMs < horizon) this.#sessions.delete(id);
  }
}
