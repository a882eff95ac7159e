import { join, relative } from 'node:path';
import { buildSummary, prepareRunDirectory, startAllureHtmlGenerator, startReportSuitesRunner, writeReports, type AllureHtmlGenerator, type Decision, type ReportSuitesRunner, type RunDirectory } from '../../report/index.ts';
import { writeSubmission } from '../../bundle/index.ts';
import { runCertification } from '../../run/run-certification.ts';
import { describeSecretHit } from '../../secrets/index.ts';
import type { CliIo } from '../command.ts';
import { ConfigError } from '../../config/index.ts';
import { EXIT, UsageError, exitCodeForSignal, type ExitCode } from '../exit-codes.ts';
import { finalTable, progressLine, requirementLines } from './console-report.ts';
import { trapInterrupts } from './interrupt-trap.ts';
import type { CertifyPlan } from './plan-certification.ts';

export const EXIT_FOR_DECISION: Readonly<Record<Decision, ExitCode>> = Object.freeze({
  conformant: EXIT.conformant,
  'non-conformant': EXIT.nonConformant,
  'kit-failed': EXIT.kitFailure,
  incomplete: EXIT.interrupted,
});

/**
 * Runs a planned certification and writes its reports: live progress per flow, one line per requirement after
 * judging, the reports, then the closing table. Returns the exit code; a report that could not be written is the
 * kit's failure (exit 3), said in one line after everything else was written.
 */
export async function runCertify(plan: CertifyPlan, io: CliIo): Promise<ExitCode> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const say = (line: string) => io.out(progressLine(performance.now() - started, line));
  const trap = trapInterrupts({ err: io.err });
  let dir: RunDirectory | undefined;
  let reportSuites: ReportSuitesRunner | undefined;
  let allureHtml: AllureHtmlGenerator | undefined;
  const onProgress = (line: string) => {
    say(line);
    // The Allure report's two processes load vitest and Allure (a second or more each) while the flows run, which
    // mostly wait on the candidate: on the other core, and not on this thread, where vitest held up the simulated
    // Banking Service until calls the candidate had paced under the throttle arrived as one bunch and one was
    // refused 429 (a run in three). Started while the candidate starts, they held up the container's start instead.
    if (!allureHtml && dir && plan.allure && line.startsWith('flow ')) {
      reportSuites = startReportSuitesRunner();
      allureHtml = startAllureHtmlGenerator(dir);
    }
  };
  try {
    dir = await prepareRunDirectory(plan.outDir);
    const count = plan.requirements.length;
    say(`certifying with ${plan.configSource} against requirement set ${plan.requirementSet.version} (${count} requirement${count === 1 ? '' : 's'})`);
    if (plan.only.length > 0) {
      const selected = plan.drivers.map((driver) => driver.id).filter((flow) => !plan.prerequisites.includes(flow));
      const prerequisites = plan.prerequisites.length > 0 ? ` (and ${plan.prerequisites.join(', ')}, which ${selected.length === 1 ? 'it builds' : 'they build'} on)` : '';
      say(`only ${plan.only.join(', ')}: driving ${selected.length > 0 ? selected.join(', ') : 'no flow'}${prerequisites}`);
    }
    const run = await runCertification({
      config: plan.config,
      outDir: dir.evidence,
      requirements: plan.requirements,
      flows: plan.drivers,
      configDir: plan.configDir,
      ...(plan.referenceMode ? { referenceMode: plan.referenceMode } : {}),
      onProgress,
      pact: plan.pact.run ? { ...plan.pact, verifierLog: join(dir.evidence, 'pact-verifier.log') } : plan.pact,
      signal: trap.signal,
    }).catch((error: unknown) => {
      // A pinned port something else holds: the config's problem (exit 2, one line), not the kit's failure.
      throw error instanceof ConfigError ? new UsageError(error.message) : error;
    });
    // Nothing answered at a url candidate's address: there was nothing to certify, and no requirement to fail.
    const unreachable = plan.config.candidate.kind === 'url' && !run.incomplete ? run.evidence.steps.find((step) => step.step === 'start-candidate' && step.status === 'candidate-failed') : undefined;
    if (unreachable) throw new UsageError(`certify: ${unreachable.message}`);

    const summary = buildSummary({
      run,
      requirementSet: plan.requirementSet,
      candidateKind: plan.config.candidate.kind,
      capabilities: plan.config.capabilities,
      policies: plan.config.policies,
      baseline: plan.baseline,
      selection: { only: plan.only, flows: plan.drivers.map((driver) => driver.id) },
      startedAt,
      finishedAt: new Date().toISOString(),
    });
    say(`judged ${summary.counts.total} requirements in ${Math.round(run.timings.judgeMs)} ms`);
    for (const line of requirementLines(summary)) io.out(line);

    if (run.incomplete && plan.allure) say('the run was interrupted: writing the reports without the Allure report');
    const written = await writeReports({
      dir,
      summary,
      candidateLog: run.candidate.logs,
      allure: plan.allure && !run.incomplete,
      ...(reportSuites ? { reportSuites } : {}),
      ...(allureHtml ? { allureHtml } : {}),
      signal: trap.signal,
      onReport: (name, ms) => say(`wrote ${name} in ${ms} ms`),
    });
    for (const line of finalTable(written.summary, reportFiles(dir, written.reportsMs))) io.out(line);

    const submission = await writeSubmission({
      runDir: dir.root,
      run,
      config: plan.config,
      requirementSet: plan.requirementSet,
      baseline: plan.baseline,
      selection: { only: plan.only, flows: plan.drivers.map((driver) => driver.id) },
      startedAt,
      finishedAt: written.summary.finishedAt,
      includeAllureReport: written.reportsMs['allure-report'] !== undefined,
      secrets: run.secrets.list(),
      ...(plan.signingKey ? { signingKey: plan.signingKey } : {}),
      ...(plan.ticket ? { ticket: plan.ticket } : {}),
    });
    // A secret in any output byte fails the run, interrupted or not: the reports must not be shared as they are.
    if (submission.secretHits.length > 0) {
      for (const hit of submission.secretHits.slice(0, 20)) io.err(`bsck: secret in the output: ${describeSecretHit(hit)}`);
      io.err(`bsck: the kit failed: ${submission.secretHits.length} secret(s) of the run reached the output; the bundle was removed`);
      return EXIT.kitFailure;
    }
    if (submission.bundleFailure) {
      io.err(`bsck: the kit failed: could not write the submission bundle (${submission.bundleFailure})`);
      return EXIT.kitFailure;
    }
    if (submission.bundle) say(`wrote the submission bundle ${relative(process.cwd(), submission.bundle.file)} (secret scan ${Math.round(submission.scanMs)} ms)`);

    const signal = trap.received();
    if (signal !== undefined || run.incomplete) return exitCodeForSignal(signal ?? 'SIGINT');
    if (written.failures.length > 0) {
      io.err(`bsck: the kit failed: could not write ${written.failures.map((failure) => `${failure.report} (${failure.message})`).join('; ')}`);
      return EXIT.kitFailure;
    }
    return EXIT_FOR_DECISION[written.summary.decision];
  } finally {
    reportSuites?.dispose();
    allureHtml?.dispose();
    trap.release();
  }
}

function reportFiles(dir: RunDirectory, reportsMs: Readonly<Record<string, number>>): string[] {
  const show = (path: string) => {
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') ? path : rel;
  };
  const files = [
    ['summary.md', dir.summaryMd],
    ['summary.json', dir.summaryJson],
    ['junit.xml', dir.junitXml],
    ['verdicts.json', dir.verdictsJson],
    ['allure-report', `${dir.allureReport}/index.html`],
  ] as const;
  return files.filter(([name]) => reportsMs[name] !== undefined).map(([, path]) => show(path));
}
