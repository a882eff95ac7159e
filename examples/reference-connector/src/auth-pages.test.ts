import { describe, expect, it } from 'vitest';
import { redirectTarget } from './auth-pages.ts';
import { errorPage, escapeHtml, loginPage, redirectPage, scriptString } from './auth-templates.ts';

describe('redirectTarget', () => {
  it('appends state as a query parameter, with ? or & as redirect_uri needs', () => {
    expect(redirectTarget('https://bs.example/cb', { state: 'abc' })).toBe('https://bs.example/cb?state=abc');
    expect(redirectTarget('https://bs.example/cb?x=1', { state: 'abc' })).toBe('https://bs.example/cb?x=1&state=abc');
    expect(redirectTarget('https://bs.example/cb?', { state: 'abc' })).toBe('https://bs.example/cb?state=abc');
    expect(redirectTarget('https://bs.example/cb?x=a%20b#frag', { state: 's/1', error: 'access_denied' })).toBe('https://bs.example/cb?x=a%20b&state=s%2F1&error=access_denied#frag');
    expect(redirectTarget('https://bs.example/cb?x=1', {})).toBe('https://bs.example/cb?x=1');
  });
});

describe('auth templates', () => {
  it('escape everything they interpolate', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(errorPage('<b>', '<script>')).not.toContain('<script>');
    expect(loginPage({ purpose: 'reauthorisation', sessionId: '"><x', accountName: '<img>' })).not.toMatch(/<img>|"><x/);
  });

  it('keep a redirect script string inert inside <script>', () => {
    expect(scriptString('https://x/?a=</script><script>alert(1)</script>')).not.toContain('</script>');
    const page = redirectPage('https://bs.example/cb?x=1&state=abc', 'nonce123');
    expect(page).toContain('window.location.href = "https://bs.example/cb?x=1&state=abc";');
    expect(page).toContain('<script nonce="nonce123">');
  });

  it('put the one-time-code login form on the page, posting to auth/login', () => {
    const page = loginPage({ purpose: 'onboarding', sessionId: 'sess' });
    expect(page).toContain('<form method="post" action="auth/login"');
    for (const field of ['name="session" value="sess"', 'name="username"', 'name="password"', 'name="otp"']) expect(page).toContain(field);
  });
});
