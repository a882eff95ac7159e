import { describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { runCli } from './main.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
};

describe('runCli', () => {
  it('prints help and lists the commands', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBe(EXIT.conformant);
    expect(out.join('\n')).toMatch(/certify/);
  });

  it('exits 2 with one line for an unknown command or flag', async () => {
    const unknownCommand = capture();
    expect(await runCli(['certfy'], unknownCommand.io)).toBe(EXIT.usage);
    expect(unknownCommand.err).toEqual(['bsck: unknown command "certfy" (commands: certify, review, verify-pact, sandbox)']);
    const unknownFlag = capture();
    expect(await runCli(['certify', '--imag', 'x'], unknownFlag.io)).toBe(EXIT.usage);
    expect(unknownFlag.err).toHaveLength(1);
  });
});

describe('runCli with a command that breaks', () => {
  it('reports an unexpected exception as the kit failing, in one line, with exit 3', async () => {
    const { io, err } = capture();
    const broken = {
      spec: { name: 'broken', summary: 'throws', usage: 'bsck broken', options: {} },
      run: async () => {
        throw new Error('disk on fire\n    at somewhere (file.ts:1:1)');
      },
    };
    expect(await runCli(['broken'], io, [broken])).toBe(EXIT.kitFailure);
    expect(err).toEqual(['bsck: the kit failed: disk on fire']);
  });
});
