import { AssertionError } from 'node:assert';
import * as allure from 'allure-js-commons';
import { describe, it, type TestContext } from 'vitest';
import { flowTitle } from '../../harness/report/flow-titles.ts';
import { readReportedRun, REPORT_LOG_FLOW_ENV, REPORT_RUN_DIR_ENV, runDirectory, type ReportedRun } from '../../harness/report/run-directory.ts';
import type { Verdict } from '../checks/verdict.ts';
import { loadRequirementSet, type Flow, type Requirement } from '../requirements/index.ts';
import { EXCHANGE_ATTACHMENT_NAME, exchangeStepName, stagedAttachmentPath } from '../../harness/report/exchange-attachments.ts';
import { exchangesToAttach, presentVerdict } from './verdict-presentation.ts';

/** The kit could not decide a requirement: thrown as a plain error so Allure shows the test broken, not failed. */
export class KitError extends Error {
  override readonly name = 'KitError';
}

/**
 * Declares one test per verdict of a flow, from the run directory named by BSCK_REPORT_RUN_DIR. The verdicts are
 * already decided (harness/run); a test replays its verdict into Allure: labels, links, one step per exchange
 * the check looked at with the redacted request and response, the candidate's log on a failure. The log is also
 * attached once to the whole report (a global attachment), by the flow the runner names in BSCK_REPORT_LOG_FLOW.
 */
export function defineFlowSuite(flow: Flow): void {
  const runDir = process.env[REPORT_RUN_DIR_ENV];
  if (!runDir) throw new Error(`${REPORT_RUN_DIR_ENV} is not set: the report suites are run by \`bsck certify\`, not on their own`);
  const { run, requirements } = loadRun(runDir);
  const verdicts = run.summary.verdicts.filter((verdict) => verdict.flow === flow);
  let globalLogPending = process.env[REPORT_LOG_FLOW_ENV] === flow && run.candidateLog !== '';
  describe(flowTitle(flow), () => {
    for (const verdict of verdicts) {
      const presentation = presentVerdict(verdict, requirements.get(verdict.requirementId));
      it(presentation.title, async (context) => {
        if (globalLogPending) {
          globalLogPending = false;
          await allure.globalAttachment('candidate log', run.candidateLog, 'text/plain');
        }
        await allure.labels(...presentation.labels);
        await allure.tags(...presentation.tags);
        await allure.links(...presentation.links);
        await allure.description(presentation.description);
        await reportExchanges(verdict, run, runDirectory(runDir).allureStaging);
        if (verdict.status === 'fail' && run.candidateLog !== '') {
          await allure.attachment('candidate log', run.candidateLog, 'text/plain');
        }
        settle(verdict, context);
      });
    }
  });
}

/**
 * The run, read once per worker: the workers are reused across suite files (isolate: false), and each file would
 * otherwise parse the whole traffic log again.
 */
const loaded = new Map<string, { readonly run: ReportedRun; readonly requirements: ReadonlyMap<string, Requirement> }>();
function loadRun(runDir: string): { readonly run: ReportedRun; readonly requirements: ReadonlyMap<string, Requirement> } {
  let entry = loaded.get(runDir);
  if (!entry) {
    const run = readReportedRun(runDir);
    entry = { run, requirements: requirementsOf(run) };
    loaded.set(runDir, entry);
  }
  return entry;
}

function requirementsOf(run: ReportedRun): ReadonlyMap<string, Requirement> {
  try {
    const set = loadRequirementSet(run.summary.requirementSet.version);
    return new Map(set.requirements.map((requirement) => [requirement.id, requirement]));
  } catch {
    // A set this kit no longer bundles: the report still shows every verdict, without the statements.
    return new Map();
  }
}

/**
 * One step per cited exchange. The request and response are attached to the exchanges the sentence names and the
 * first others, up to ATTACHED_EXCHANGES_PER_TEST: a check over every Provider API call cites a hundred exchanges,
 * and attaching them all, for every requirement citing them, made a 50 MB report. Attachments were staged once by
 * the runner and are attached by path.
 */
async function reportExchanges(verdict: Verdict, run: ReportedRun, stagingDir: string): Promise<void> {
  const attached = exchangesToAttach(verdict);
  for (const id of verdict.exchanges) {
    const record = run.exchanges.get(id);
    const note = record && !attached.has(id) ? ' (request and response in evidence/traffic.jsonl)' : '';
    await allure.step(`${exchangeStepName(id, record)}${note}`, async () => {
      if (record && attached.has(id)) await allure.attachmentPath(EXCHANGE_ATTACHMENT_NAME, stagedAttachmentPath(stagingDir, id), 'application/json');
    });
  }
}

/** pass and warn pass (warn is labelled); not-applicable is skipped; fail fails with the sentence; error is broken. */
function settle(verdict: Verdict, context: TestContext): void {
  switch (verdict.status) {
    case 'pass':
    case 'warn':
      return;
    case 'not-applicable':
      context.skip(verdict.sentence);
      return;
    case 'fail':
      throw new AssertionError({ message: verdict.sentence });
    case 'error':
      throw new KitError(verdict.sentence);
  }
}
