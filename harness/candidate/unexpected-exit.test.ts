import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../docker/index.ts';
import { sendRequest } from '../http/index.ts';
import { createRedactor } from '../traffic/index.ts';
import type { RunningCandidate } from './launcher.ts';
import { createProcessLauncher } from './process-launcher.ts';
import { telltaleLine, watchForUnexpectedExit } from './unexpected-exit.ts';

// Listens on PORT; GET /die makes it crash the way Node programs do: a stack trace, then Node's version line.
const CRASHER = [
  "const http = require('node:http');",
  'http.createServer((request, response) => {',
  "  if (request.url !== '/die') return void response.end('ok');",
  "  response.end('dying');",
  "  setImmediate(() => { throw new TypeError('cannot read properties of undefined (reading \\'accounts\\')'); });",
  "}).listen(Number(process.env.PORT), '127.0.0.1');",
].join('\n');

let candidate: RunningCandidate | undefined;
afterEach(async () => {
  await candidate?.stop();
  candidate = undefined;
});

async function startCrasher(): Promise<RunningCandidate> {
  const port = await findFreePort();
  candidate = await createProcessLauncher({ command: [process.execPath, '-e', CRASHER], environment: { PORT: String(port) }, port, redactor: createRedactor() }).start();
  return candidate;
}

describe('watchForUnexpectedExit', () => {
  it('names an exit the kit did not ask for, with the error line of the crash', async () => {
    const running = await startCrasher();
    const seen: string[] = [];
    const watch = watchForUnexpectedExit(running, (message) => seen.push(message));
    await sendRequest({ method: 'GET', url: `${running.baseUrl}/die`, timeoutMs: 5_000 });
    const message = await watch.ended;
    expect(message).toBe("the candidate process exited with code 1 while the kit was still driving it: TypeError: cannot read properties of undefined (reading 'accounts')");
    expect(watch.message()).toBe(message);
    expect(seen).toEqual([message]);
  }, 30_000);

  it('says nothing once disarmed: the kit stopping the candidate is not the candidate failing', async () => {
    const running = await startCrasher();
    const seen: string[] = [];
    const watch = watchForUnexpectedExit(running, (message) => seen.push(message));
    watch.disarm();
    await running.stop();
    await running.exited;
    // The watch reacts to the same settlement in a later microtask: let those run, then look.
    await new Promise((resolve) => setImmediate(resolve));
    expect(watch.message()).toBeUndefined();
    expect(seen).toEqual([]);
  }, 30_000);
});

describe('telltaleLine', () => {
  it('prefers the last error line over Node\'s version line and stack frames', () => {
    const log = ['listening', 'file:///app/main.mjs:12', '    throw new Error("x");', '    ^', '', 'Error: lost the database', '    at main (file:///app/main.mjs:12:11)', '', 'Node.js v20.20.2'].join('\n');
    expect(telltaleLine(log)).toBe('Error: lost the database');
  });

  it('falls back to a line mentioning a fatal error, then to the last line, and cuts a long one', () => {
    expect(telltaleLine('starting\nFATAL could not bind\nbye')).toBe('FATAL could not bind');
    expect(telltaleLine('starting\nbye\n')).toBe('bye');
    expect(telltaleLine('')).toBeUndefined();
    expect(telltaleLine('x'.repeat(1_000))).toHaveLength(301);
  });
});
