import { describe, expect, it } from 'vitest';
import { responseKeyFor } from './status-match.ts';

describe('responseKeyFor', () => {
  it('prefers the exact code, then the range, then default', () => {
    const keys = ['200', '4XX', '404', 'default'];
    expect(responseKeyFor(404, keys)).toBe('404');
    expect(responseKeyFor(409, keys)).toBe('4XX');
    expect(responseKeyFor(200, keys)).toBe('200');
    expect(responseKeyFor(201, keys)).toBe('default');
  });

  it('matches a range written in lower case', () => {
    expect(responseKeyFor(202, ['2xx'])).toBe('2xx');
  });

  it('answers undefined for an undocumented status, or one that is no HTTP status', () => {
    expect(responseKeyFor(500, ['200', '4XX'])).toBeUndefined();
    expect(responseKeyFor(200.5, ['default'])).toBeUndefined();
    expect(responseKeyFor(0, ['default'])).toBeUndefined();
    expect(responseKeyFor(600, ['default'])).toBeUndefined();
  });
});
