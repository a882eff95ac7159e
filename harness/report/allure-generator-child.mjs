// The Allure 3 HTML generator in a process of its own, started by allure-generator.ts while the flows still run:
// loading Allure's core and its report plugins is most of an `allure generate` (0.4 of its ~1.1 s here), so that is
// done before the results exist. Then it does what `allure generate` does (allure/dist/commands/commons/generate.js)
// with the same public functions of @allurereport/core, and reports { type: 'done' } or { type: 'failed', message }.
// Plain JavaScript, so the process starts without a TypeScript loader.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// The parent is gone (it exited or was killed): nobody is waiting for the report.
process.on('disconnect', () => process.exit(3));

const fail = (error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.send({ type: 'failed', message: message.split('\n')[0] }, () => process.exit(1));
};

let resolveGenerate;
const generateRequest = new Promise((resolve) => (resolveGenerate = resolve));

process.on('message', (message) => {
  if (message?.type === 'prepare') void prepare(message).catch(fail);
  else if (message?.type === 'generate') resolveGenerate(message);
});

async function prepare({ config, cwd }) {
  // The core the allure command line itself uses: resolved from the allure package, which depends on it.
  const fromAllure = createRequire(createRequire(import.meta.url).resolve('allure'));
  const { AllureReport, resolveConfig } = await import(pathToFileURL(fromAllure.resolve('@allurereport/core')).href);
  const resolved = await resolveConfig(config, { cwd });
  const { resultsDir } = await generateRequest;
  const report = new AllureReport(resolved);
  await report.restoreState([]);
  await report.start();
  await report.readDirectory(resultsDir);
  await report.done();
  process.send({ type: 'done' }, () => process.exit(0));
}
