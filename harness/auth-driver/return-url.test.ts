import { describe, expect, it } from 'vitest';
import { reachesReturnUrl } from './return-url.ts';

describe('reachesReturnUrl', () => {
  const prefix = 'http://127.0.0.1:4000/return';

  it('is reached by the redirect_uri itself, with a query, a fragment or a sub-path', () => {
    expect(reachesReturnUrl('http://127.0.0.1:4000/return', prefix)).toBe(true);
    expect(reachesReturnUrl('http://127.0.0.1:4000/return?state=s1&error=access_denied', prefix)).toBe(true);
    expect(reachesReturnUrl('http://127.0.0.1:4000/return#state=s1', prefix)).toBe(true);
    expect(reachesReturnUrl('http://127.0.0.1:4000/return/done', prefix)).toBe(true);
  });

  it('is not reached by a longer path segment, another origin or a non-HTTP URL', () => {
    expect(reachesReturnUrl('http://127.0.0.1:4000/returned?state=s1', prefix)).toBe(false);
    expect(reachesReturnUrl('http://127.0.0.1:4001/return?state=s1', prefix)).toBe(false);
    expect(reachesReturnUrl('https://127.0.0.1:4000/return?state=s1', prefix)).toBe(false);
    expect(reachesReturnUrl('javascript:alert(1)', prefix)).toBe(false);
    expect(reachesReturnUrl('not a url', prefix)).toBe(false);
  });

  it('compares normalised URLs, ignoring a query left on the prefix', () => {
    expect(reachesReturnUrl('http://127.0.0.1:4000/?state=s1', 'http://127.0.0.1:4000')).toBe(true);
    expect(reachesReturnUrl('HTTP://127.0.0.1:4000/return?state=s1', 'http://127.0.0.1:4000/return?x=1')).toBe(true);
    expect(reachesReturnUrl('http://127.0.0.1:4000/cb/x?state=s1', 'http://127.0.0.1:4000/cb/')).toBe(true);
  });
});
