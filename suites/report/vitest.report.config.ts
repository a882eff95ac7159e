import { defineConfig } from 'vitest/config';

/**
 * The certification report suite: one test per requirement, replaying verdicts already decided into Allure
 * results. Run by harness/report/allure-results.ts through vitest's Node API, which adds the run directory
 * (test.env) and the allure reporter with this run's results folder; nothing here prints to the console.
 */
export default defineConfig({
  test: {
    include: ['suites/report/*.suite.ts'],
    // Forked workers like the kit's own tests. The suites only read files and share no state, so the workers are
    // reused across files (isolate: false): 80 tests take ~2 s instead of ~3 s on a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    setupFiles: ['allure-vitest/setup'],
    testTimeout: 10_000,
    reporters: [],
    passWithNoTests: false,
  },
});
