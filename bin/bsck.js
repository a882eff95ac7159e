#!/usr/bin/env node
// The kit is TypeScript run through tsx's loader: no build step between a change and a certification.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../harness/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
