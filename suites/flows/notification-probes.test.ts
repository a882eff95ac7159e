import { describe, expect, it } from 'vitest';
import { loadSpecSet } from '../../specs/loader/index.ts';
import { freshAuthorisationNotification, malformedBodies, notificationHeaders, unknownTypeBodies } from './notification-probes.ts';
import { MALFORMED_PROBES } from './probe-names.ts';

/**
 * The probes of SEC-07 and SEC-09 are what they claim, judged by the Connector API document itself: every
 * malformed body breaks the Notification schema, the well-formed ones do not.
 */
describe('notification probes', () => {
  const target = { url: 'http://127.0.0.1:1/notification', headerName: 'x-notification-key', headerValue: 'agreed-value', bankId: '10aaeee6-4691-4443-8198-df39aaa8007c' };

  it('makes each malformed body break the Connector API Notification schema, and the well-formed one conform', async () => {
    const validator = (await loadSpecSet())['connector-api'];
    const findingsOf = (body: unknown) => {
      const parsed = typeof body === 'string' ? (() => { try { return JSON.parse(body) as unknown; } catch { return undefined; } })() : body;
      return validator.validateRequest({ method: 'POST', path: '/notification', headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' }, body: parsed }, 'postNotification').findings;
    };
    const bodies = malformedBodies(target.bankId);
    expect(bodies.map(({ probe }) => probe)).toEqual([...MALFORMED_PROBES]);
    for (const { probe, body } of bodies) expect(findingsOf(body).length, probe).toBeGreaterThan(0);
    expect(findingsOf(freshAuthorisationNotification(target.bankId).body)).toEqual([]);
    // Unknown kinds are well-formed JSON objects with type and resource, just not a documented variant.
    for (const { body } of unknownTypeBodies(target.bankId, undefined)) expect(body).toMatchObject({ type: expect.any(String), resource: { id: expect.any(String), type: expect.any(String) } });
  }, 60_000);

  it('builds headers that are wrong in exactly one way', () => {
    expect(notificationHeaders(target, 'tok')).toEqual({ authorization: 'Bearer tok', 'x-notification-key': 'agreed-value' });
    expect(notificationHeaders(target, undefined)).toEqual({ 'x-notification-key': 'agreed-value' });
    expect(notificationHeaders(target, 'tok', { providerHeader: 'missing' })).toEqual({ authorization: 'Bearer tok' });
    const wrong = notificationHeaders(target, 'tok', { providerHeader: 'wrong' })['x-notification-key'];
    expect(wrong).toMatch(/^not-the-agreed-value-/);
  });
});
