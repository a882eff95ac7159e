import { describe, expect, it } from 'vitest';
import { AuthorisationSessions, DEFAULT_AUTHORISATION_LIFETIME_MS } from './authorisation-sessions.ts';
import { ManualClock } from './clock.ts';

const offered = [{ bankAccountExternalId: 'ext-1', accountName: 'Current', bankIdentifier: '1000', branchIdentifier: undefined, accountIdentifier: '11' }];

function start(clock: ManualClock) {
  const sessions = new AuthorisationSessions(clock);
  const session = sessions.create({ kind: 'onboarding', bankId: 'b', organisationId: 'o', companyId: 'c', redirectUriFor: (id) => `http://ui/${id}/return` });
  return { sessions, session };
}

describe('AuthorisationSessions', () => {
  it('creates a pending session with its own state and a redirect_uri naming it', () => {
    const { session } = start(new ManualClock(0));
    expect(session).toMatchObject({ status: 'pending', kind: 'onboarding', expiresAt: DEFAULT_AUTHORISATION_LIFETIME_MS });
    expect(session.redirectUri).toBe(`http://ui/${session.id}/return`);
    expect(session.state).not.toBe(session.id);
  });

  it('is single use: the second PATCH is refused as already used', () => {
    const { sessions, session } = start(new ManualClock(0));
    expect(sessions.consume(session.id).ok).toBe(true);
    sessions.succeed(session.id, offered);
    expect(sessions.consume(session.id)).toMatchObject({ ok: false, code: 'authorisation-already-used' });
    expect(sessions.get(session.id)?.offeredAccounts).toEqual(offered);
  });

  it('expires after about 20 minutes on the clock, and sweep reports it once', () => {
    const clock = new ManualClock(0);
    const { sessions, session } = start(clock);
    clock.advance(DEFAULT_AUTHORISATION_LIFETIME_MS - 1);
    expect(sessions.consume(session.id).ok).toBe(true);
    clock.advance(1);
    expect(sessions.consume(session.id)).toMatchObject({ ok: false, code: 'authorisation-expired' });
    expect(sessions.sweep().map((expired) => expired.id)).toEqual([session.id]);
    expect(sessions.sweep()).toEqual([]);
    expect(sessions.consume(session.id)).toMatchObject({ ok: false, code: 'authorisation-expired' });
    expect(() => sessions.succeed(session.id, offered)).toThrow(/not pending/);
  });

  it('names an unknown id', () => {
    const { sessions } = start(new ManualClock(0));
    expect(sessions.consume('nope')).toEqual({ ok: false, code: 'unknown-authorisation', session: undefined });
  });
});
