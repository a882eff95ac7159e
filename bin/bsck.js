#!/usr/bin/env node
// The kit is TypeScript run through tsx's loader: no build step between a change and a certification.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../harness/cli/main.ts');
const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
// Interrupted: everything the kit started is stopped and the reports are written, but a flow cut short may still
// be waiting out its step timeout; nothing it does matters any more, so exit now rather than when it gives up.
if (code === 130) process.exit(code);
process.exitCode = code;
