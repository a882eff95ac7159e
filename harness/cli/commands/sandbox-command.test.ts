import { describe, expect, it } from 'vitest';
import { runCli } from '../main.ts';
import { EXIT } from '../exit-codes.ts';
import { startBsck } from '../test-support/run-bsck.ts';
import { createSandboxCommand } from './sandbox-command.ts';

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
};

describe('bsck sandbox', () => {
  it('prints the URLs and the run\'s credentials, serves until stopped, then stops cleanly with exit 0', async () => {
    let stop: (signal: string) => void = () => {};
    const stopped = new Promise<string>((resolve) => {
      stop = resolve;
    });
    const command = createSandboxCommand({ untilStopped: () => stopped });
    const { io, out } = capture();
    const running = runCli(['sandbox', '--sage-id-port', '0', '--provider-port', '0', '--consumer-port', '0'], io, [command]);
    await expect.poll(() => out.join('\n'), { timeout: 30_000 }).toContain('Stop with Ctrl-C.');
    const printed = out.join('\n');
    const sageIdUrl = /^ {2}SAGE_ID_URL=(\S+)$/m.exec(printed)?.[1] ?? '';
    expect(printed).toMatch(/^ {2}SAGE_ID_CLIENT_SECRET=\S+$/m);
    expect(printed).toMatch(/^ {2}PROVIDER_API_KEY=\S+$/m);
    const jwks = await fetch(`${sageIdUrl}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

    stop('SIGINT');
    expect(await running).toBe(EXIT.conformant);
    expect(out.slice(-2)).toEqual(['SIGINT received: stopping the sandbox', 'sandbox stopped']);
    await expect(fetch(`${sageIdUrl}/.well-known/jwks.json`)).rejects.toThrow();
  }, 60_000);

  it('refuses a port that is not a number, in one line', async () => {
    const { io, err } = capture();
    expect(await runCli(['sandbox', '--provider-port', 'eighty'], io)).toBe(EXIT.usage);
    expect(err).toEqual(['sandbox: --provider-port must be a port number from 0 to 65535, got "eighty"']);
  });

  it('stops on a real Ctrl-C and exits 0', async () => {
    const bsck = startBsck(['sandbox', '--sage-id-port', '0', '--provider-port', '0', '--consumer-port', '0']);
    await bsck.waitForLine(/Stop with Ctrl-C\./);
    bsck.child.kill('SIGINT');
    const result = await bsck.done;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n').slice(-2)).toEqual(['SIGINT received: stopping the sandbox', 'sandbox stopped']);
  }, 60_000);
});
