import { describe, expect, it } from 'vitest';
import { maskCredentials } from './mask-credentials.ts';

describe('maskCredentials', () => {
  const user = { username: 'ada', password: 'p@ss word!', otp: '123456' };

  it('masks the password and one-time code as typed and as a form or URL encodes them', () => {
    expect(maskCredentials('GET /login?u=ada&pw=p%40ss+word%21&otp=123456', user)).toBe('GET /login?u=ada&pw=[REDACTED:password]&otp=[REDACTED:otp]');
    expect(maskCredentials('pw=p%40ss%20word! raw=p@ss word!', user)).toBe('pw=[REDACTED:password] raw=[REDACTED:password]');
  });

  it('leaves text alone without a user, and does not mask values too short to mask safely', () => {
    expect(maskCredentials('pw=p@ss word!', undefined)).toBe('pw=p@ss word!');
    expect(maskCredentials('port 12 otp 12', { username: 'a', password: 'abc', otp: '12' })).toBe('port 12 otp 12');
  });
});
