import { join } from 'node:path';
import { createAuthDriver } from '../auth-driver/index.ts';
import { startBankingServiceSimulator, type BankingServiceSimulator, type BankingServiceSimulatorOptions } from '../banking-service/simulator.ts';
import { buildCandidateEnvironment, LaunchError, watchForUnexpectedExit, type ExitWatch, type RunEndpoints, type RunningCandidate } from '../candidate/index.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { findFreePort } from '../docker/index.ts';
import { ProductClient } from '../product/index.ts';
import { judge, undecidedByInterruption } from '../../suites/checks/judge.ts';
import { CHECKS } from '../../suites/checks/registry.ts';
import type { Evidence, RunFacts } from '../../suites/checks/evidence.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import type { FlowContext, FlowDriver } from '../../suites/flows/flow-driver.ts';
import { CandidateFailure, type FlowStepRecord } from '../../suites/flows/flow-step.ts';
import { createHookCaller } from '../../suites/flows/hook-caller.ts';
import { consumerApiTimeoutMs } from '../../suites/flows/kit-onboarding.ts';
import { createRunWorld } from '../../suites/flows/run-world.ts';
import { StepRecorder } from '../../suites/flows/step-recorder.ts';
import type { Requirement } from '../../suites/requirements/index.ts';
import { prepareCandidate } from './choose-launcher.ts';
import { openJsonlFile } from './jsonl-file.ts';
import { explainSimulatorStartFailure, pinnedSimulatorOptions } from './pinned-simulator.ts';
import { evidenceBefore, runPactPhase, skippedContract, type PactPhaseRequest, type WebhookContractOutcome } from './pact-phase.ts';
import { recordRunSecrets, type RunSecrets } from '../secrets/index.ts';

export interface CertificationRunOptions {
  readonly config: ResolvedConfig;
  /** Where the evidence files go: traffic.jsonl, events.jsonl, steps.jsonl. */
  readonly outDir: string;
  readonly requirements: readonly Requirement[];
  readonly flows: readonly FlowDriver[];
  /** Extra variables for the candidate, e.g. the reference connector's FAULTS in the kit's own tests. */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  readonly referenceMode?: 'container' | 'process';
  /** The config file's folder: relative paths in it (a browser auth script) are resolved against it. */
  readonly configDir?: string;
  readonly simulator?: Partial<BankingServiceSimulatorOptions>;
  readonly onProgress?: (line: string) => void;
  /** Verify the webhook pact against the candidate after the flows (harness/run/pact-phase.ts); default: not run. */
  readonly pact?: PactPhaseRequest;
  /** Aborting (Ctrl-C) stops the candidate and the simulator at once; the run ends incomplete. */
  readonly signal?: AbortSignal;
}

export interface CandidateSummary {
  readonly label: string;
  readonly description: string;
  readonly imageId: string | undefined;
  readonly readyAfterMs: number | undefined;
  readonly logs: string;
}

export interface CertificationTimings {
  /** From the call to the candidate answering (simulator start + candidate start). */
  readonly startupMs: number;
  /** Starting the simulated Banking Service and Sage ID (spec loading included). */
  readonly simulatorStartMs: number;
  /** Choosing, building and starting the candidate until it answered its readiness probe. */
  readonly candidateStartMs: number;
  readonly flowsMs: Readonly<Record<string, number>>;
  /** Stopping the candidate and the simulator. */
  readonly stopMs: number;
  readonly judgeMs: number;
  readonly totalMs: number;
}

export interface CertificationRun {
  readonly verdicts: readonly Verdict[];
  readonly evidence: Evidence;
  readonly candidate: CandidateSummary;
  readonly timings: CertificationTimings;
  /** True when the run was interrupted before every flow ran. */
  readonly incomplete: boolean;
  /** The flows driven to their end, in run order; on an interrupted run the others' verdicts are `error`. */
  readonly completedFlows: readonly string[];
  /** Every secret of the run (credentials, issued tokens, test passwords), for the final scan of the outputs. */
  readonly secrets: RunSecrets;
  /** The webhook contract verified per interaction after the flows, or why it was not. */
  readonly contracts: WebhookContractOutcome;
}

const TOKEN_LIFETIME_SECONDS = 480 * 60;

/**
 * One certification: the simulated Banking Service and the candidate on loopback, every selected flow driven as
 * a Sage product would, then one verdict per requirement from the recorded evidence. Whatever happens, the
 * candidate and the simulator are stopped before this returns or throws.
 */
export async function runCertification(options: CertificationRunOptions): Promise<CertificationRun> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  const { config } = options;
  // The traffic file is written here rather than by the simulator's traffic log, which throws when an exchange
  // still in flight at an interruption is recorded after it closed its file (see jsonl-file.ts).
  const trafficFile = openJsonlFile(join(options.outDir, 'traffic.jsonl'));
  // Finding or building the candidate's image needs nothing from the simulator, so it runs while the simulator starts.
  const preparing = prepareCandidate({ config, referenceMode: options.referenceMode });
  preparing.catch(() => {}); // a failure is reported where start-candidate awaits it
  const disposeLauncher = async () => (await preparing.catch(() => undefined))?.dispose();
  const simulator = await startBankingServiceSimulator({
    policies: config.policies,
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    eventsFile: join(options.outDir, 'events.jsonl'),
    notifier: { timeoutMs: config.timeouts.requestMs },
    banks: config.bank ? [config.bank] : [],
    ...pinnedSimulatorOptions(config.bankingService),
    ...options.simulator,
  }).catch(async (error: unknown) => {
    trafficFile.close();
    await disposeLauncher().catch(() => {});
    throw explainSimulatorStartFailure(error, config.bankingService);
  });
  const simulatorStartMs = performance.now() - started;
  // Taken before anything else can issue a token or add a secret: the final scan looks for every one of them.
  const secrets = recordRunSecrets(simulator);
  simulator.traffic.onRecord((record) => trafficFile.write(record));
  const steps = new StepRecorder({ traffic: simulator.traffic, events: simulator.events, file: join(options.outDir, 'steps.jsonl') });
  for (const user of [config.auth.users?.multiAccount, config.auth.users?.singleAccount]) {
    if (user?.password) simulator.redactor.addSecret('test-user-password', user.password);
    if (user?.otp && user.otp.length >= 4) simulator.redactor.addSecret('test-user-otp', user.otp);
  }

  let candidate: RunningCandidate | undefined;
  let candidateSummary: CandidateSummary = { label: config.candidate.kind, description: '', imageId: undefined, readyAfterMs: undefined, logs: '' };
  // One Chromium for the run's drives, started beside the candidate: a launch per drive cost a second or more each.
  // A browser that cannot start is left to the driver, which then fails each drive as the kit's error, saying why.
  const browser = config.auth.driver === 'browser' ? import('../browser/index.ts').then(({ launchChromium }) => launchChromium()).catch(() => undefined) : undefined;
  let interrupted = false;
  let exitWatch: ExitWatch | undefined;
  let drivingFlow: FlowDriver['id'] = 'bank-sync';
  const stopAll = async () => {
    exitWatch?.disarm();
    await candidate?.stop().catch(() => {});
    await disposeLauncher().catch(() => {});
    await simulator.close().catch(() => {});
    await (await browser)?.close().catch(() => {});
  };
  let announceAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    announceAbort = resolve;
  });
  const onAbort = () => {
    interrupted = true;
    announceAbort();
    progress('interrupted: stopping the candidate and the simulated Banking Service');
    void stopAll();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // Aborted while the simulator was starting: the listener above came too late to hear it.
  if (options.signal?.aborted) onAbort();

  const flowsMs: Record<string, number> = {};
  const completedFlows: string[] = [];
  let startupMs = 0;
  let candidateStartMs = 0;
  let stopMs = 0;
  let connectorPublicUrl = '';
  let contracts = skippedContract(options.pact?.run === false ? options.pact.reason : 'The webhook contract was not part of this run.');
  try {
    const port = config.candidate.kind === 'url' ? Number(new URL(config.candidate.url).port || 80) : await findFreePort();
    connectorPublicUrl = config.candidate.kind === 'url' ? config.candidate.url.replace(/\/+$/, '') : `http://127.0.0.1:${port}`;
    const endpoints: RunEndpoints = {
      port,
      bankingServiceUrl: simulator.providerApiUrl,
      sageIdUrl: simulator.sageIdUrl,
      clientId: simulator.credentials.clientId,
      clientSecret: simulator.credentials.clientSecret,
      audience: simulator.credentials.audience,
      apiKey: simulator.credentials.apiKey,
      connectorPublicUrl,
      notificationHeaderName: simulator.credentials.notificationHeaderName,
      notificationHeaderValue: simulator.credentials.notificationHeaderValue,
    };
    const environment = buildCandidateEnvironment({ endpoints, mapping: config.env, extra: { ...options.extraEnvironment } });

    const candidateStarted = performance.now();
    if (!interrupted) await steps.run('bank-sync', 'start-candidate', async (handle) => {
      const choice = await preparing;
      candidateSummary = { ...candidateSummary, label: choice.label };
      progress(`starting ${choice.label}`);
      try {
        candidate = await choice.launcher({ environment, port, redactor: simulator.redactor }).start();
      } catch (error) {
        if (error instanceof LaunchError) {
          candidateSummary = { ...candidateSummary, logs: error.candidateLogs };
          throw new CandidateFailure(error.message);
        }
        throw error;
      }
      handle.note('candidate', choice.label);
      progress(`candidate ready after ${Math.round(candidate.readyAfterMs)} ms`);
    });
    candidateStartMs = performance.now() - candidateStarted;
    startupMs = performance.now() - started;

    // Aborted while the candidate was starting: stopAll ran before there was a candidate; the finally stops it.
    if (candidate && !interrupted) {
      // A candidate that dies mid-run is named in the flow it died in; the flows after it are not driven.
      const watch = watchForUnexpectedExit(candidate, (message) => {
        progress(`${message}: the flows after ${drivingFlow} are not driven`);
        void steps.run(drivingFlow, 'candidate-exited', () => Promise.reject(new CandidateFailure(message)));
      });
      exitWatch = watch;
      const world = createRunWorld();
      const product = new ProductClient({ consumerApiUrl: simulator.consumerApiUrl, applicationId: simulator.product.applicationId, signingKey: simulator.product.signingKey, timeoutMs: consumerApiTimeoutMs(config.timeouts) });
      const hooks = createHookCaller({ hooks: config.hooks, runValues: { ...endpoints }, traffic: simulator.traffic, timeoutMs: config.timeouts.flowStepMs });
      const sharedBrowser = await browser;
      const authDriver = createAuthDriver(config.auth, {
        screenshotDir: join(options.outDir, 'screenshots'),
        ...(options.configDir ? { configDir: options.configDir } : {}),
        ...(sharedBrowser ? { browser: sharedBrowser } : {}),
      });
      for (const flow of options.flows) {
        if (interrupted || watch.message() !== undefined) break;
        drivingFlow = flow.id;
        const flowStarted = performance.now();
        const stepsBefore = steps.all().length;
        progress(`flow ${flow.id}: ${flow.title}`);
        // A flow waiting on the candidate after an abort would wait out its step timeouts; the run does not wait
        // for it. What it does after the simulator closed is not evidence, and its failures are nobody's.
        const driving = flow.run(flowContext(flow, { simulator, product, config, authDriver, hooks, world, steps, progress }));
        driving.catch(() => {});
        await Promise.race([driving, aborted]);
        flowsMs[flow.id] = performance.now() - flowStarted;
        if (interrupted) break;
        completedFlows.push(flow.id);
        progress(`flow ${flow.id}: done in ${Math.round(flowsMs[flow.id] ?? 0)} ms (${describeSteps(steps.all().slice(stepsBefore))})`);
      }
      if (options.pact?.run && !interrupted) {
        contracts = await runPactPhase({ simulator, candidateUrl: connectorPublicUrl, authDriver, user: config.auth.users?.multiAccount ?? config.auth.users?.singleAccount, steps: steps.all().length, progress, aborted, request: options.pact });
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (candidate) {
      candidateSummary = { ...candidateSummary, description: candidate.description, imageId: candidate.image?.id, readyAfterMs: candidate.readyAfterMs };
    }
    const logs = candidate?.logs();
    const stopStarted = performance.now();
    await stopAll();
    stopMs = performance.now() - stopStarted;
    if (logs !== undefined) candidateSummary = { ...candidateSummary, logs };
    steps.close();
    trafficFile.close();
  }

  const facts: RunFacts = {
    capabilities: [...config.capabilities],
    policies: config.policies,
    providerClientId: simulator.credentials.clientId,
    connectorUrl: connectorPublicUrl,
    tokenLifetimeSeconds: options.simulator?.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS,
    authDriver: config.auth.driver,
  };
  const evidence: Evidence = evidenceBefore({ traffic: simulator.traffic.all(), events: simulator.events.all(), steps: steps.all(), facts }, contracts.evidenceCut);
  const judgeStarted = performance.now();
  const judged = judge(evidence, options.requirements, { capabilities: config.capabilities, policies: config.policies, checks: CHECKS });
  const verdicts = interrupted ? judged.map((verdict) => undecidedByInterruption(verdict, completedFlows)) : judged;
  const judgeMs = performance.now() - judgeStarted;
  return {
    verdicts,
    evidence,
    candidate: candidateSummary,
    timings: { startupMs, simulatorStartMs, candidateStartMs, flowsMs, stopMs, judgeMs, totalMs: performance.now() - started },
    incomplete: interrupted,
    completedFlows,
    secrets,
    contracts,
  };
}

function describeSteps(records: readonly FlowStepRecord[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.status, (counts.get(record.status) ?? 0) + 1);
  if (counts.size === 0) return 'no steps';
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

function flowContext(
  flow: FlowDriver,
  parts: {
    simulator: BankingServiceSimulator;
    product: ProductClient;
    config: ResolvedConfig;
    authDriver: FlowContext['authDriver'];
    hooks: FlowContext['hooks'];
    world: FlowContext['world'];
    steps: StepRecorder;
    progress: (line: string) => void;
  },
): FlowContext {
  return {
    flow: flow.id,
    simulator: parts.simulator,
    product: parts.product,
    config: parts.config,
    authDriver: parts.authDriver,
    hooks: parts.hooks,
    world: parts.world,
    step: (name, action) => parts.steps.run(flow.id, name, action),
    skip: (name, reason) => parts.steps.skip(flow.id, name, reason),
    progress: (line) => parts.progress(`  ${flow.id}: ${line}`),
  };
}
