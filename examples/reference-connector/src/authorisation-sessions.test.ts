import { describe, expect, it } from 'vitest';
import { AUTHORISATION_LIFETIME_MS, AuthorisationSessions } from './authorisation-sessions.ts';
import { faultSet, NO_FAULTS, type FaultName } from './faults.ts';

function sessions(faults: readonly FaultName[] = []): { store: AuthorisationSessions; advance: (ms: number) => void } {
  let clock = 1_000_000;
  return { store: new AuthorisationSessions({ now: () => clock, faults: faults.length === 0 ? NO_FAULTS : faultSet(faults) }), advance: (ms) => (clock += ms) };
}

describe('AuthorisationSessions', () => {
  it('accepts an announced id until it is used or 20 minutes old', () => {
    const { store, advance } = sessions();
    expect(store.check('a')).toEqual({ ok: false, reason: 'unannounced' });
    expect(store.announce('a', 'bank-1')).toBe('new');
    expect(store.check('a')).toMatchObject({ ok: true, session: { bankId: 'bank-1' } });
    store.consume('a');
    expect(store.check('a')).toEqual({ ok: false, reason: 'used' });
    store.announce('b', undefined);
    advance(AUTHORISATION_LIFETIME_MS);
    expect(store.check('b').ok).toBe(true);
    advance(1);
    expect(store.check('b')).toEqual({ ok: false, reason: 'expired' });
  });

  it('does not revive a used session when the notification is repeated', () => {
    const { store } = sessions();
    store.announce('a', undefined);
    store.consume('a');
    expect(store.announce('a', undefined)).toBe('repeat');
    expect(store.check('a')).toEqual({ ok: false, reason: 'used' });
  });

  it('relaxes exactly one check per fault', () => {
    expect(sessions(['accept-unannounced-authorisation']).store.check('x').ok).toBe(true);
    const replay = sessions(['accept-replayed-authorisation']).store;
    replay.announce('a', undefined);
    replay.consume('a');
    expect(replay.check('a').ok).toBe(true);
    const expired = sessions(['accept-expired-authorisation']);
    expired.store.announce('a', undefined);
    expired.advance(AUTHORISATION_LIFETIME_MS * 3);
    expect(expired.store.check('a').ok).toBe(true);
    expired.store.consume('a');
    expect(expired.store.check('a')).toEqual({ ok: false, reason: 'used' });
  });
});
