import { describe, expect, it } from 'vitest';
import { parseHtmlDocument } from './html-document.ts';
import { decodeJsString, findHtmlRedirect } from './html-redirect.ts';

const base = 'http://127.0.0.1:5000/auth?state=s1';
const find = (html: string) => findHtmlRedirect(parseHtmlDocument(html, base)).found;

describe('findHtmlRedirect', () => {
  it.each([
    [`<script>window.location = 'http://127.0.0.1:4000/return?state=s1';</script>`, 'window.location'],
    [`<script>window.location.href="http://127.0.0.1:4000/return?state=s1"</script>`, 'window.location.href'],
    [`<script>window.location.replace('http://127.0.0.1:4000/return?state=s1')</script>`, 'window.location.replace()'],
    [`<script>location.assign("http://127.0.0.1:4000/return?state=s1");</script>`, 'location.assign()'],
    [`<script>document.location = \`http://127.0.0.1:4000/return?state=s1\`</script>`, 'document.location'],
  ])('reads a literal script redirect: %s', (html, via) => {
    expect(find(html)).toEqual({ kind: 'script', url: 'http://127.0.0.1:4000/return?state=s1', via });
  });

  it('decodes JS escapes and resolves relative targets against the page', () => {
    expect(find(String.raw`<script>window.location = '\/next?a=1\u0026b=2';</script>`)?.url).toBe('http://127.0.0.1:5000/next?a=1&b=2');
    expect(find(`<base href="/portal/"><script>location.href = 'step2'</script>`)?.url).toBe('http://127.0.0.1:5000/portal/step2');
  });

  it('reads a meta refresh in its usual spellings', () => {
    expect(find('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:4000/return?state=s1">')).toEqual({
      kind: 'meta-refresh', url: 'http://127.0.0.1:4000/return?state=s1', via: 'meta refresh',
    });
    expect(find(`<meta http-equiv="Refresh" content="3; URL='/next?x=1&amp;y=2'">`)?.url).toBe('http://127.0.0.1:5000/next?x=1&y=2');
    expect(find('<meta http-equiv="refresh" content="5">')).toBeUndefined();
  });

  it('prefers a script to a meta refresh, and the first redirect in a script', () => {
    const html = `<meta http-equiv="refresh" content="0;url=/meta"><script>location.replace('/first'); window.location = '/second';</script>`;
    expect(find(html)?.url).toBe('http://127.0.0.1:5000/first');
  });

  it('ignores comparisons, other properties, computed targets, data scripts and inline-unrelated names', () => {
    const search = findHtmlRedirect(parseHtmlDocument(
      `<script>if (location.href === 'x') {} location.hash = '#a'; var mylocation = '/no'; window.location = base + '?state=' + s; location.href = '/cb?state=' + s;</script>
       <script type="application/json">{"location": "x"}</script><script>location.href = \`/p?\${q}\`</script>`,
      base,
    ));
    expect(search).toEqual({ found: undefined, scriptMentionsLocation: true });
    expect(findHtmlRedirect(parseHtmlDocument('<p>Hello</p>', base))).toEqual({ found: undefined, scriptMentionsLocation: false });
  });

  it('does not see a redirect inside <noscript>, as a scripting browser would not', () => {
    expect(find('<noscript><meta http-equiv="refresh" content="0;url=/nojs"></noscript>')).toBeUndefined();
  });
});

describe('decodeJsString', () => {
  it('decodes the escapes JS allows in string literals', () => {
    expect(decodeJsString(String.raw`a\'b\"c\\d\/e\x3Df\u{1F600}\n`)).toBe('a\'b"c\\d/e=f\u{1F600}\n');
  });
});
