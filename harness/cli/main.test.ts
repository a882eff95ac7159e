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
    expect(unknownCommand.err).toEqual(['bsck: unknown command "certfy" (commands: certify)']);
    const unknownFlag = capture();
    expect(await runCli(['certify', '--imag', 'x'], unknownFlag.io)).toBe(EXIT.usage);
    expect(unknownFlag.err).toHaveLength(1);
  });
});
