import { defineConfig } from 'vitest/config';

/**
 * Test files that load Pact's native core (consumer mock servers, the verifier). Pact shares process-wide native
 * state, so these run in forked workers one file at a time, after everything else (engineering notes, Pact).
 */
const PACT_CONSUMER_TESTS = ['contracts/**/*.pact.test.ts'];
const PACT_VERIFICATION_TESTS = ['contracts/**/*.test.ts', 'harness/cli/commands/verify-pact-command.test.ts'];
const EXCLUDED = ['node_modules/**', 'reports/**'];

/** The Pact projects: forked workers, one file at a time, and Pact's usage reporting off. */
const pactProject = { pool: 'forks', fileParallelism: false, maxWorkers: 1, isolate: true, env: { PACT_DO_NOT_TRACK: 'true' } } as const;

export default defineConfig({
  test: {
    // Forked workers for every project: Pact's native core and Docker clients do not tolerate worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Inherited by every project (extends: true); allure-vitest records each test, so each Pact interaction is its own test case.
    setupFiles: ['allure-vitest/setup'],
    reporters: [
      'default',
      ['allure-vitest/reporter', { resultsDir: 'reports/allure-results' }],
      './test-support/plain-summary-reporter.ts',
    ],
    projects: [
      {
        extends: true,
        test: {
          name: 'kit',
          include: ['**/*.test.ts'],
          // One module graph per worker instead of per file: the specs load and compile once per worker
          // (seconds each), which cuts the suite's wall time about fourfold. Every test closes what it starts.
          isolate: false,
          exclude: [...EXCLUDED, ...PACT_CONSUMER_TESTS, ...PACT_VERIFICATION_TESTS],
        },
      },
      {
        // Writes contracts/pacts (cleared first by the global setup), before any verification reads it.
        extends: true,
        test: {
          name: 'contracts-consumer',
          include: PACT_CONSUMER_TESTS,
          exclude: EXCLUDED,
          globalSetup: ['./contracts/test-support/clear-pacts.global-setup.ts'],
          sequence: { groupOrder: 1 },
          ...pactProject,
        },
      },
      {
        extends: true,
        test: {
          name: 'contracts-verification',
          include: PACT_VERIFICATION_TESTS,
          exclude: [...EXCLUDED, ...PACT_CONSUMER_TESTS],
          sequence: { groupOrder: 2 },
          ...pactProject,
        },
      },
    ],
  },
});
