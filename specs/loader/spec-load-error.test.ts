import { describe, expect, it } from 'vitest';
import { SpecLoadError, messageOf, oneLine } from './spec-load-error.ts';

describe('SpecLoadError', () => {
  it('reads `<file>: <what is wrong>` on one line and keeps both parts', () => {
    const error = new SpecLoadError('specs/x.yaml', 'broken $ref:\n  Token "Nope"\n  does not exist.');
    expect(error.message).toBe('specs/x.yaml: broken $ref: Token "Nope" does not exist.');
    expect(error.message).not.toContain('\n');
    expect(error.file).toBe('specs/x.yaml');
    expect(error.name).toBe('SpecLoadError');
    expect(error).toBeInstanceOf(Error);
  });

  it('drops stack frames a library put into its message', () => {
    const text = 'Error: cannot read\n    at readThing (/srv/app/x.js:10:5)\n    at async main (file:///srv/app/y.js:3:1)\nfor real';
    expect(oneLine(text)).toBe('Error: cannot read for real');
  });

  it('gives one line for anything thrown', () => {
    expect(messageOf(new TypeError('a\nb'))).toBe('a b');
    expect(messageOf('plain\nstring')).toBe('plain string');
    expect(messageOf(new Error(''))).toBe('Error');
  });
});
