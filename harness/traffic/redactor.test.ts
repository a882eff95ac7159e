import { describe, expect, it } from 'vitest';
import { createRedactor } from './redactor.ts';

describe('redactor', () => {
  it('replaces known secrets anywhere in text and values', () => {
    const redactor = createRedactor();
    redactor.addSecret('client-secret', 's3cr3t-value');
    expect(redactor.redactText('client_secret=s3cr3t-value&x=1')).toBe('client_secret=[REDACTED:client-secret]&x=1');
    expect(redactor.redactValue({ a: ['s3cr3t-value'], b: 1 })).toEqual({ a: ['[REDACTED:client-secret]'], b: 1 });
  });

  it('fingerprints bearer tokens consistently, so reuse stays visible', () => {
    const redactor = createRedactor();
    const one = redactor.redactHeaders({ Authorization: 'Bearer token-one' });
    const again = redactor.redactHeaders({ authorization: 'Bearer token-one' });
    const two = redactor.redactHeaders({ authorization: 'Bearer token-two' });
    expect(one.authorization).toMatch(/^Bearer \[REDACTED:bearer#[0-9a-f]{8}\]$/);
    expect(again).toEqual(one);
    expect(two.authorization).not.toBe(one.authorization);
    expect(JSON.stringify(one)).not.toContain('token-one');
  });

  it('redacts configured header names, known values by label, and JWTs in bodies', () => {
    const redactor = createRedactor({ sensitiveHeaders: ['X-Provider-Auth'] });
    redactor.addSecret('provider-api-key', 'key-123456');
    const headers = redactor.redactHeaders({ 'x-api-key': 'key-123456', 'x-provider-auth': 'hdr-value', accept: '*/*' });
    expect(headers['x-api-key']).toBe('[REDACTED:provider-api-key]');
    expect(headers['x-provider-auth']).toMatch(/^\[REDACTED:x-provider-auth#[0-9a-f]{8}\]$/);
    expect(headers.accept).toBe('*/*');
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(redactor.redactValue({ access_token: jwt })).toEqual({ access_token: expect.stringMatching(/^\[REDACTED:jwt#[0-9a-f]{8}\]$/) });
  });

  it('replaces a short secret (a one-time code) only as a whole word, as the final secret scan finds it', () => {
    const redactor = createRedactor();
    redactor.addSecret('test-user-otp', '111111');
    expect(redactor.redactText('otp=111111&next=/x')).toBe('otp=[REDACTED:test-user-otp]&next=/x');
    expect(redactor.redactValue({ otp: '111111' })).toEqual({ otp: '[REDACTED:test-user-otp]' });
    const location = 'http://127.0.0.1:40199/ui/authorisations/ab98ac84-9570-4554-9fef-64111111c50c/return?state=fdcbf6ee';
    expect(redactor.redactText(location)).toBe(location);
  });

  it('refuses secrets too short to redact without mangling ordinary text', () => {
    expect(() => createRedactor().addSecret('pin', '12')).toThrow(/shorter than 4/);
  });
});
