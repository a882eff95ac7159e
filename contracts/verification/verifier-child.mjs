// Pact's verifier (its native core, through @pact-foundation/pact-core) in a process of its own, started by
// verifier-process.ts: the core prints its report straight to fd 1, and a crash of it must not take bsck down.
// The parent sends the verifier's options over the IPC channel; the verifier's JSON report (or its error) goes back
// on it as { type: 'done', output }. Whatever the core prints is the parent's log, never its result.
// Plain JavaScript, so the process starts without a TypeScript loader.
import { createRequire } from 'node:module';

// The parent is gone (it exited or was killed): nobody is waiting for the result, and the core must not keep going.
process.on('disconnect', () => process.exit(3));

process.once('message', async (message) => {
  let output;
  try {
    // The core pact-js itself uses: resolved from @pact-foundation/pact, which depends on it.
    const fromPact = createRequire(createRequire(import.meta.url).resolve('@pact-foundation/pact'));
    const core = fromPact('@pact-foundation/pact-core');
    output = await core.default.verifyPacts(message.options);
  } catch (error) {
    // A failed verification rejects with the JSON report as its message; anything else is the core's own error.
    output = error instanceof Error ? error.message : String(error);
  }
  process.send({ type: 'done', output }, () => process.exit(0));
});
