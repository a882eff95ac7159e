import { describe, expect, it } from 'vitest';
import { parseHtmlDocument } from './html-document.ts';
import { findForms } from './html-forms.ts';
import { chooseForm, fillForm } from './form-filling.ts';

const pageUrl = 'http://127.0.0.1:5000/auth?state=s1';
const formsOf = (html: string) => findForms(parseHtmlDocument(html, pageUrl));
const user = { username: 'ada', password: 'correct-horse', otp: '123456' };

const LOGIN = `
  <form method="post" action="/login">
    <input type="hidden" name="session" value="sess-1">
    <input name="username"><input type="password" name="password"><input name="otp" value="">
    <select name="account"><option value="a1" selected>Current</option><option value="a2">Savings</option></select>
    <input type="checkbox" name="remember"><input type="radio" name="mode" value="fast" checked>
    <button type="submit" name="action" value="login">Sign in</button>
    <button type="submit" name="action" value="cancel">Cancel</button>
  </form>`;

describe('chooseForm', () => {
  it('takes the form asking for credentials over a search box, and its proceeding button', () => {
    const chosen = chooseForm(formsOf(`<form action="/search"><input name="q"><button>Search</button></form>${LOGIN}`));
    expect(chosen?.form.index).toBe(1);
    expect(chosen?.submitter?.label).toBe('Sign in');
  });

  it('on a consent page takes Approve, not Deny, whichever form comes first', () => {
    const chosen = chooseForm(formsOf(`
      <form method="post" action="/deny"><input type="hidden" name="t" value="1"><button>Deny access</button></form>
      <form method="post" action="/approve"><input type="hidden" name="t" value="1"><button>Approve</button></form>`));
    expect(chosen?.form.action).toBe('http://127.0.0.1:5000/approve');
    expect(chooseForm([])).toBeUndefined();
  });
});

describe('fillForm', () => {
  it('types the credentials, keeps hidden fields, selections and checked boxes, and names the submitter', () => {
    const chosen = chooseForm(formsOf(LOGIN));
    expect(chosen).toBeDefined();
    const filled = fillForm(chosen!, { user });
    expect(filled.entries).toEqual([
      ['session', 'sess-1'], ['username', 'ada'], ['password', 'correct-horse'], ['otp', '123456'],
      ['account', 'a1'], ['mode', 'fast'], ['action', 'login'],
    ]);
    expect(filled.filled).toEqual(['username', 'password', 'otp']);
    expect(filled.unfilled).toEqual([]);
  });

  it('lets auth.form.fields override and add fields, with templates', () => {
    const chosen = chooseForm(formsOf(LOGIN))!;
    const filled = fillForm(chosen, { user, fields: { otp: '{{ otp }}-x', account: 'a2', extra: 'literal' } });
    expect(Object.fromEntries(filled.entries)).toMatchObject({ otp: '123456-x', account: 'a2', extra: 'literal' });
    expect(filled.entries.filter(([name]) => name === 'account')).toHaveLength(1);
    const cancelled = fillForm(chosen, { user, fields: { action: 'cancel' } });
    expect(cancelled.entries.filter(([name]) => name === 'action')).toEqual([['action', 'cancel']]);
  });

  it('reports credential fields it could not fill instead of inventing values', () => {
    const chosen = chooseForm(formsOf(LOGIN))!;
    expect(fillForm(chosen, { user: { username: 'ada', password: 'pw-12345' } }).unfilled).toEqual(['otp']);
    expect(fillForm(chosen, { user: undefined }).unfilled).toEqual(['username', 'password', 'otp']);
  });

  it('refuses a field template naming a value the test user does not have, naming the field', () => {
    const chosen = chooseForm(formsOf(LOGIN))!;
    expect(() => fillForm(chosen, { user: { username: 'ada', password: 'pw-12345' }, fields: { otp: '{{otp}}' } }))
      .toThrow('auth.form.fields.otp: unknown template variable {{otp}}');
  });

  it('submits an image button as its click coordinates', () => {
    const chosen = chooseForm(formsOf('<form><input name="u" value="1"><input type="image" name="go" alt="Go"></form>'))!;
    expect(fillForm(chosen, { user }).entries).toEqual([['u', '1'], ['go.x', '0'], ['go.y', '0']]);
  });
});
