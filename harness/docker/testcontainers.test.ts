import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const moduleUrl = new URL('./testcontainers.ts', import.meta.url).href;

/** Imports the module in a fresh node (this worker's env may already carry the values) and reads both back. */
async function envAfterImport(presets: Record<string, string>): Promise<[string | undefined, string | undefined]> {
  const env = { ...process.env, ...presets };
  for (const name of ['TESTCONTAINERS_RYUK_DISABLED', 'TESTCONTAINERS_HOST_OVERRIDE']) if (!(name in presets)) delete env[name];
  const script = `await import(${JSON.stringify(moduleUrl)});
console.log(JSON.stringify([process.env.TESTCONTAINERS_RYUK_DISABLED, process.env.TESTCONTAINERS_HOST_OVERRIDE]));`;
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env,
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as [string | undefined, string | undefined];
}

describe('testcontainers defaults', () => {
  it('disables the reaper and points at 127.0.0.1 when nothing is set', async () => {
    expect(await envAfterImport({})).toEqual(['true', '127.0.0.1']);
  });

  it("keeps the caller's own values", async () => {
    expect(await envAfterImport({ TESTCONTAINERS_RYUK_DISABLED: 'false', TESTCONTAINERS_HOST_OVERRIDE: '::1' })).toEqual(['false', '::1']);
  });
});
