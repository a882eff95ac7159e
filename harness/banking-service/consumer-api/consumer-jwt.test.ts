import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../state/index.ts';
import { CONSUMER_TOKEN_LIFETIME_SECONDS, ConsumerJwt } from './consumer-jwt.ts';

const claims = { organisationId: 'org-1', companyId: 'co-1', applicationId: 'Sage.UK.Kit' };

describe('ConsumerJwt', () => {
  it('issues a token scoped to an organisation and company, and reports it', async () => {
    const issued: string[] = [];
    const jwt = new ConsumerJwt(new ManualClock(), () => 'http://bs', (token) => issued.push(token));
    const token = await jwt.issue(claims);
    expect(issued).toEqual([token]);
    expect(await jwt.verify(`Bearer ${token}`)).toEqual({ ok: true, claims });
  });

  it('refuses a missing, foreign or expired token', async () => {
    const clock = new ManualClock();
    const jwt = new ConsumerJwt(clock, () => 'http://bs');
    expect(await jwt.verify(undefined)).toMatchObject({ ok: false, code: 'jwt-missing' });
    const foreign = await new SignJWT({ org: 'o', company: 'c', app: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    expect(await jwt.verify(`Bearer ${foreign}`)).toMatchObject({ ok: false, code: 'jwt-invalid' });
    const token = await jwt.issue(claims);
    clock.advance(CONSUMER_TOKEN_LIFETIME_SECONDS * 1000 + 1000);
    expect(await jwt.verify(`Bearer ${token}`)).toMatchObject({ ok: false, code: 'jwt-expired' });
  });
});
