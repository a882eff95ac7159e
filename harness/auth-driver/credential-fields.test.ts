import { describe, expect, it } from 'vitest';
import { credentialRoleOf, credentialTemplateValues, credentialValue } from './credential-fields.ts';

const input = (attributes: { type?: string; name?: string; id?: string; autocomplete?: string }) => ({ tagName: 'input', ...attributes });

describe('credentialRoleOf', () => {
  it.each([
    [{ name: 'username' }, 'username'],
    [{ id: 'user' }, 'username'],
    [{ name: 'login' }, 'username'],
    [{ name: 'customer_email' }, 'username'],
    [{ type: 'email', name: 'x1' }, 'username'],
    [{ type: 'password', name: 'secret' }, 'password'],
    [{ name: 'login_password' }, 'password'],
    [{ name: 'pwd' }, 'password'],
    [{ name: 'otp' }, 'otp'],
    [{ name: 'code' }, 'otp'],
    [{ id: 'sms-code' }, 'otp'],
    [{ name: 'oneTimeCode' }, 'otp'],
    [{ name: 'SMS_CODE' }, 'otp'],
    [{ name: 'userName' }, 'username'],
    [{ name: 'e-mail' }, 'username'],
    [{ name: 'one-time' }, 'otp'],
    [{ type: 'password', name: 'totp' }, 'otp'],
    [{ name: 'f1', autocomplete: 'one-time-code' }, 'otp'],
    [{ name: 'f2', autocomplete: 'username' }, 'username'],
    [{ name: 'f3', autocomplete: 'current-password' }, 'password'],
  ] as const)('%o asks for the %s', (attributes, role) => {
    expect(credentialRoleOf(input(attributes))).toBe(role);
  });

  it('leaves other fields, hidden inputs, checkboxes and non-inputs alone', () => {
    expect(credentialRoleOf(input({ name: 'session' }))).toBeUndefined();
    expect(credentialRoleOf(input({ name: 'barcode' }))).toBeUndefined();
    expect(credentialRoleOf(input({ name: 'superuserflag' }))).toBeUndefined();
    expect(credentialRoleOf(input({ name: 'compass' }))).toBeUndefined();
    expect(credentialRoleOf(input({ type: 'hidden', name: 'username' }))).toBeUndefined();
    expect(credentialRoleOf(input({ type: 'checkbox', name: 'remember_login' }))).toBeUndefined();
    expect(credentialRoleOf({ tagName: 'select', name: 'user' })).toBeUndefined();
  });
});

describe('credential values', () => {
  const user = { username: 'ada', password: 'pa55-word', otp: '123456' };

  it('gives each role its value, and no one-time code to a user without one', () => {
    expect(credentialValue('username', user)).toBe('ada');
    expect(credentialValue('password', user)).toBe('pa55-word');
    expect(credentialValue('otp', user)).toBe('123456');
    expect(credentialValue('otp', { username: 'a', password: 'b' })).toBeUndefined();
  });

  it('offers only the template values the user has', () => {
    expect(credentialTemplateValues(user)).toEqual({ username: 'ada', password: 'pa55-word', otp: '123456' });
    expect(credentialTemplateValues({ username: 'a', password: 'b' })).toEqual({ username: 'a', password: 'b' });
    expect(credentialTemplateValues(undefined)).toEqual({});
  });
});
