import { describe, expect, it } from 'vitest';
import { LaunchError, firstLineOf } from './launcher.ts';

describe('LaunchError', () => {
  it('is always one line, and carries the candidate logs beside the message', () => {
    const error = new LaunchError('candidate process exited with code 1 before it was ready:\n  Error: boom\n', 'line 1\nline 2');
    expect(error.message).toBe('candidate process exited with code 1 before it was ready: Error: boom');
    expect(error.name).toBe('LaunchError');
    expect(error.candidateLogs).toBe('line 1\nline 2');
  });

  it('firstLineOf keeps the first non-empty line of any thrown value', () => {
    expect(firstLineOf(new Error('\n(HTTP code 404) no such image\nstack…'))).toBe('(HTTP code 404) no such image');
    expect(firstLineOf('plain')).toBe('plain');
  });
});
