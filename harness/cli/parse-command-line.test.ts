import { describe, expect, it } from 'vitest';
import { UsageError } from './exit-codes.ts';
import { parseCommandLine, type CommandSpec } from './parse-command-line.ts';

const certify: CommandSpec = {
  name: 'certify',
  summary: 'test',
  usage: 'bsck certify [--image IMAGE | --command CMD | --url URL]',
  options: { image: { type: 'string' }, command: { type: 'string' }, url: { type: 'string' }, only: { type: 'string', multiple: true } },
  exclusive: [['image', 'command', 'url']],
};

describe('parseCommandLine', () => {
  it('parses flags and repeated options', () => {
    expect(parseCommandLine(certify, ['--image', 'acme:1', '--only', 'onboarding', '--only', 'STMT-01']).values).toEqual({
      image: 'acme:1', only: ['onboarding', 'STMT-01'],
    });
  });

  it('names an unknown flag in one line', () => {
    expect(() => parseCommandLine(certify, ['--imgae', 'x'])).toThrow(UsageError);
    expect(() => parseCommandLine(certify, ['--imgae', 'x'])).toThrow(/^certify: unknown option --imgae \(see: bsck certify --help\)$/);
  });

  it('refuses conflicting flags and stray arguments', () => {
    expect(() => parseCommandLine(certify, ['--image', 'a', '--url', 'http://x'])).toThrow('certify: --image and --url cannot be combined; choose one');
    expect(() => parseCommandLine(certify, ['extra'])).toThrow('certify: expected 0 argument(s), got 1');
  });

  it('refuses a flag missing its value', () => {
    expect(() => parseCommandLine(certify, ['--image'])).toThrow('certify: option --image needs a value (see: bsck certify --help)');
    expect(() => parseCommandLine(certify, ['--image', '--url', 'http://x'])).toThrow(
      'certify: option --image needs a value, and is followed by another option (a value that starts with "-" is written --image=VALUE) (see: bsck certify --help)',
    );
  });
});
