// The report suites' vitest run in a process of its own, started by report-suites-runner.ts while the flows still
// run. Loading vitest's Node API takes a second or more of a thread; in certify's process it stalled the simulated
// Banking Service, which then read requests the candidate had paced apart as one bunch and refused one 429 (about
// one run in three). Here it loads on the other core. The parent sends { type: 'run', files, options }; the answer
// is { type: 'done', tests, problem } (problem: why the suites did not run) or { type: 'failed', message }.
// Plain JavaScript, so the process starts without a TypeScript loader; vitest transforms the suites itself.
import { Writable } from 'node:stream';

// The parent is gone (it exited or was killed): nobody is waiting for the results.
process.on('disconnect', () => process.exit(3));

const loading = import('vitest/node');
loading.catch(() => undefined);
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
const firstLine = (text) => String(text).split('\n')[0];

process.once('message', async (message) => {
  let vitest;
  let answer;
  try {
    const { startVitest } = await loading;
    vitest = await startVitest('test', message.files, { ...message.options, watch: false }, {}, { stdout: discard(), stderr: discard() });
    const modules = vitest.state.getTestModules();
    const broken = modules.filter((module) => module.state() === 'failed' && module.errors().length > 0);
    const unhandled = vitest.state.getUnhandledErrors();
    const problem = broken.length > 0 || unhandled.length > 0 ? firstLine(broken[0]?.errors()[0]?.message ?? unhandled[0]?.message ?? unhandled[0]) : undefined;
    const tests = modules.reduce((sum, module) => sum + [...module.children.allTests()].length, 0);
    answer = { type: 'done', tests, problem };
  } catch (error) {
    answer = { type: 'failed', message: firstLine(error instanceof Error ? error.message : error) };
  }
  await vitest?.close().catch(() => undefined);
  process.send(answer, () => process.exit(0));
});
