import { describe, expect, it } from 'vitest';
import { assertDriveInput, AuthDriverError } from './auth-driver.ts';

describe('assertDriveInput', () => {
  const valid = { startUrl: 'http://127.0.0.1:1/auth?state=s', returnUrlPrefix: 'https://bs.example/return', timeoutMs: 100, operationId: 'getAuth' as const };

  it('accepts absolute http(s) URLs and a positive timeout', () => {
    expect(() => assertDriveInput(valid)).not.toThrow();
  });

  it('names the field that is wrong', () => {
    expect(() => assertDriveInput({ ...valid, startUrl: 'auth' })).toThrow(new AuthDriverError('auth driver: startUrl "auth" is not an absolute URL'));
    expect(() => assertDriveInput({ ...valid, returnUrlPrefix: 'ftp://x/return' })).toThrow('auth driver: returnUrlPrefix "ftp://x/return" must be http or https');
    expect(() => assertDriveInput({ ...valid, timeoutMs: Number.NaN })).toThrow('auth driver: timeoutMs must be a positive number of milliseconds, got NaN');
  });
});
