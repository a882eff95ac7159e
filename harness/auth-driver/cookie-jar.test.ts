import { describe, expect, it } from 'vitest';
import { CookieJar, splitSetCookie } from './cookie-jar.ts';

describe('CookieJar', () => {
  const url = 'http://127.0.0.1:5000/auth';

  it('keeps cookies per host and sends them back as one Cookie header', () => {
    const jar = new CookieJar();
    jar.store(url, 'sid=abc; Path=/; HttpOnly, theme=dark; Expires=Wed, 21 Oct 2099 07:28:00 GMT');
    expect(jar.header('http://127.0.0.1:5000/login')).toBe('sid=abc; theme=dark');
    expect(jar.header('http://127.0.0.1:5001/login')).toBeUndefined();
  });

  it('replaces a cookie by name and drops one that expired or has Max-Age=0', () => {
    const jar = new CookieJar();
    jar.store(url, 'sid=one, a=1, b=2');
    jar.store(url, 'sid=two, a=; Max-Age=0, b=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(jar.header(url)).toBe('sid=two');
  });

  it('ignores an empty or nameless Set-Cookie', () => {
    const jar = new CookieJar();
    jar.store(url, undefined);
    jar.store(url, '');
    jar.store(url, '=novalue');
    expect(jar.header(url)).toBeUndefined();
  });

  it('splits joined headers at commas that start a new cookie only', () => {
    expect(splitSetCookie('a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT, b=2')).toEqual(['a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'b=2']);
  });
});
