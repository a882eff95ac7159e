import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as allure from 'allure-js-commons';
import { describe, it } from 'vitest';
import type { CertificationSummary } from '../../harness/report/certification-summary.ts';
import { REPORT_RUN_DIR_ENV, runDirectory } from '../../harness/report/run-directory.ts';
import { CONTRACT_FEATURE, MISMATCH_ATTACHMENT, mismatchAttachment, presentInteraction } from './contract-presentation.ts';
import { KitError } from './flow-suite.ts';

/**
 * One test per interaction of the webhook contract verified in the run (summary.json `contracts`): labels, the
 * requirement ids it evidences, and on a failure Pact's mismatch text as the message and as an attachment. A
 * phase the kit could not run is one broken test. Results were decided by the run; the tests replay them.
 */
const runDir = process.env[REPORT_RUN_DIR_ENV];
if (!runDir) throw new Error(`${REPORT_RUN_DIR_ENV} is not set: the report suites are run by \`bsck certify\`, not on their own`);
// summary.json only: the interactions cite no exchange of the traffic log.
const { contracts } = JSON.parse(readFileSync(runDirectory(runDir).summaryJson, 'utf8')) as CertificationSummary;

describe(CONTRACT_FEATURE, () => {
  if (contracts.status === 'error') {
    it('webhook contract', () => {
      throw new KitError(contracts.reason);
    });
  }
  for (const interaction of contracts.interactions) {
    const presentation = presentInteraction(interaction, contracts);
    it(presentation.title, async (context) => {
      await allure.labels(...presentation.labels);
      await allure.tags(...presentation.tags);
      await allure.description(presentation.description);
      const mismatch = mismatchAttachment(interaction);
      if (mismatch !== undefined) {
        await allure.attachment(MISMATCH_ATTACHMENT, mismatch, 'text/plain');
        throw new AssertionError({ message: interaction.mismatches.join('\n') || interaction.sentence });
      }
      if (interaction.status === 'not-run') context.skip(interaction.sentence);
    });
  }
});
