import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumHandle, type LaunchChromiumOptions } from '../browser/index.ts';
import type { BrowserStep, TestUser } from '../config/config-types.ts';
import { renderTemplate } from '../config/templates.ts';
import { assertDriveInput, AuthDriverError, type AuthDriveInput, type AuthDriveOutcome, type AuthDriver, type AuthDriveResult, type AuthHop } from './auth-driver.ts';
import { PageWatch } from './browser-page-watch.ts';
import { credentialRoleOf, credentialTemplateValues, credentialValue } from './credential-fields.ts';
import { chooseForm, fillForm, type ChosenForm } from './form-filling.ts';
import { parseHtmlDocument } from './html-document.ts';
import { findForms } from './html-forms.ts';
import { maskCredentials } from './mask-credentials.ts';
import { reachesReturnUrl } from './return-url.ts';

/** A provider script: drives the provider's own UI from the opened /auth page until it hands back. */
export type ProviderScript = (page: Page, user: TestUser | undefined) => Promise<void>;

export interface BrowserDriverOptions {
  /** `auth.browser.steps`: fill/click/waitForUrl, run in order instead of the heuristics. */
  readonly steps?: readonly BrowserStep[];
  /** `auth.browser.script`: an ES module whose default export is a {@link ProviderScript}, run instead of the heuristics. */
  readonly script?: string;
  /** `auth.form.fields` overrides, applied by the heuristics as the form driver applies them. */
  readonly fields?: Readonly<Record<string, string>>;
  /** A browser to reuse (one drive at a time); without it each drive launches and closes its own. */
  readonly browser?: ChromiumHandle;
  readonly launch?: LaunchChromiumOptions;
  /** Where screenshots go (the run's report folder); without it, one temp folder per process that nothing removes. */
  readonly screenshotDir?: string;
  readonly maxSubmissions?: number;
}

/** One browser action (a fill, a click) must not take the whole drive budget to fail. */
const ACTION_TIMEOUT_MS = 5000;
/** The last screenshot is taken after the drive's clock ran out (a stuck page): it gets its own small budget. */
const FINAL_SCREENSHOT_TIMEOUT_MS = 1000;
const PAGE_CLOSE_TIMEOUT_MS = 2000;
const DEFAULT_MAX_SUBMISSIONS = 5;

/**
 * Tags every form and control of the page with its position (form index : control index, both in tree order, as
 * findForms counts them on the serialised DOM), so a control the heuristics chose in parse5's tree is found in
 * the live page. A string, not a function: a transpiler's helpers must not end up in the page.
 */
const TAG_CONTROLS = `(() => {
  const forms = Array.from(document.querySelectorAll('form'));
  forms.forEach((form, index) => form.setAttribute('data-bsck-form', String(index)));
  const counts = new Map();
  for (const control of document.querySelectorAll('input, select, textarea, button')) {
    const index = control.form ? forms.indexOf(control.form) : -1;
    if (index < 0) continue;
    const position = counts.get(index) ?? 0;
    counts.set(index, position + 1);
    control.setAttribute('data-bsck-control', index + ':' + position);
  }
})()`;

/** Drives of one shared browser run one after another: they share its cookie store. */
const queues = new WeakMap<ChromiumHandle, Promise<unknown>>();

let screenshotCounter = 0;
let processScreenshotDir: Promise<string> | undefined;

/** Screenshots are evidence for the report, so they outlive the drive: one temp folder per process, left for the caller. */
function defaultScreenshotDir(): Promise<string> {
  processScreenshotDir ??= mkdtemp(join(tmpdir(), 'bsck-auth-screenshots-'));
  return processScreenshotDir;
}

/**
 * The real browser (playwright-core with the system Chromium) through the provider's pages, for UIs the HTTP
 * drivers cannot play: scripts, widgets, multi-step logins. Declarative steps or a provider script drive it when
 * given; otherwise the form driver's heuristics fill and submit the page's form. The drive ends when the browser
 * is sent to redirect_uri [C-AUTH] [C-REFRESH].
 */
export function createBrowserDriver(options: BrowserDriverOptions = {}): AuthDriver {
  if (options.steps !== undefined && options.script !== undefined) {
    throw new AuthDriverError('auth.browser: declare steps or script, not both');
  }
  let script: Promise<ProviderScript> | undefined;
  return {
    name: 'browser',
    async run(input) {
      assertDriveInput(input);
      const renderedSteps = renderSteps(options.steps, input.user);
      script ??= options.script === undefined ? undefined : loadProviderScript(options.script);
      const providerScript = await script;
      const directory = options.screenshotDir ?? (await defaultScreenshotDir());

      const shared = options.browser;
      if (shared === undefined) {
        const browser = await launchChromium(options.launch ?? {});
        try {
          return await drive(browser, input, { ...options, renderedSteps, providerScript, directory });
        } finally {
          await browser.close();
        }
      }
      const previous = queues.get(shared) ?? Promise.resolve();
      const current = previous.catch(() => undefined).then(() => drive(shared, input, { ...options, renderedSteps, providerScript, directory }));
      queues.set(shared, current);
      return current;
    },
  };
}

interface DriveSettings extends BrowserDriverOptions {
  readonly renderedSteps: readonly BrowserStep[] | undefined;
  readonly providerScript: ProviderScript | undefined;
  readonly directory: string;
}

/** The reason the drive stopped early, when it was not the hand-back or the clock. */
interface EarlyEnd {
  readonly outcome: Exclude<AuthDriveOutcome, 'returned'>;
  readonly message: string;
}

async function drive(browser: ChromiumHandle, input: AuthDriveInput, settings: DriveSettings): Promise<AuthDriveResult> {
  const started = performance.now();
  const deadline = started + input.timeoutMs;
  const remaining = () => Math.max(0, deadline - performance.now());
  const mask = (text: string) => maskCredentials(text, input.user);
  // A reused browser must not carry one drive's provider session into the next.
  await browser.context.clearCookies();
  const page = await browser.newPage();
  let watch: PageWatch | undefined;
  let screenshotPath: string | undefined;
  const screenshotFile = join(settings.directory, `auth-${process.pid}-${++screenshotCounter}.png`);
  const screenshot = async (budgetMs = Math.min(ACTION_TIMEOUT_MS, Math.max(1, remaining()))): Promise<void> => {
    if (watch === undefined || !watch.isProviderPage(page.url())) return;
    try {
      await page.screenshot({ path: screenshotFile, timeout: budgetMs });
      screenshotPath = screenshotFile;
    } catch {
      // A page that navigates away mid-shot leaves the previous screenshot in place: still the last one taken.
    }
  };

  try {
    watch = PageWatch.attach(page, {
      startUrl: input.startUrl, returnUrlPrefix: input.returnUrlPrefix, operationId: input.operationId,
      ...(input.traffic !== undefined ? { traffic: input.traffic } : {}),
      ...(input.user !== undefined ? { user: input.user } : {}),
    });
    if (settings.providerScript === undefined) page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));

    let gotoError: Error | undefined;
    try {
      await page.goto(input.startUrl, { waitUntil: 'commit', timeout: Math.max(1, remaining()) });
    } catch (error) {
      gotoError = error as Error;
    }

    let early: EarlyEnd | undefined;
    if (watch.returnUrl === undefined && !watch.documentFailed() && gotoError === undefined) {
      if (settings.providerScript !== undefined) early = await runProviderScript(page, watch, settings.providerScript, input.user, remaining, screenshot);
      else if (settings.renderedSteps !== undefined) early = await runSteps(page, watch, settings.renderedSteps, remaining, screenshot);
      else early = await runHeuristics(page, watch, input, settings, remaining, screenshot);
      if (early === undefined && watch.returnUrl === undefined && !watch.documentFailed()) await waitForReturn(page, watch, input.returnUrlPrefix, remaining());
    }
    if (watch.returnUrl === undefined) await screenshot(FINAL_SCREENSHOT_TIMEOUT_MS);

    const hops = await watch.finish();
    const end = decide(watch, hops, early, gotoError, input);
    return {
      outcome: end.outcome,
      ...(end.returnUrl !== undefined ? { returnUrl: end.returnUrl } : {}),
      hops: hops.map((hop) => ({ ...hop, url: mask(hop.url) })),
      message: mask(end.message),
      ...(screenshotPath !== undefined ? { screenshotPath } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    if (watch !== undefined) await watch.finish().catch(() => undefined);
    await closePage(page);
  }
}

/** Fills and submits the page's form by the form driver's rules, page after page, until the hand-back or the clock. */
async function runHeuristics(
  page: Page, watch: PageWatch, input: AuthDriveInput, settings: DriveSettings, remaining: () => number, screenshot: () => Promise<void>,
): Promise<EarlyEnd | undefined> {
  const submitted = new Set<string>();
  const maxSubmissions = settings.maxSubmissions ?? DEFAULT_MAX_SUBMISSIONS;
  for (;;) {
    if (watch.returnUrl !== undefined || watch.documentFailed() || remaining() <= 0) return undefined;
    const seen = watch.navigations;
    const hop = watch.currentHop();
    let chosen: ChosenForm | undefined;
    try {
      await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, remaining()) });
      if (watch.isProviderPage(page.url()) && hop?.acted !== true) {
        // A page whose script never yields would hold these reads forever: they get the drive's remaining time.
        await withinDeadline(page.evaluate(TAG_CONTROLS), remaining());
        chosen = chooseForm(findForms(parseHtmlDocument(await withinDeadline(page.content(), remaining()), page.url())));
      }
    } catch (error) {
      if (isTimeout(error)) return undefined;
      // The page navigated while being read (a script redirect): read the next one.
    }
    if (chosen === undefined || watch.navigations > seen) {
      if ((await watch.waitForNavigationOrReturn(seen, remaining())) !== 'navigated') return undefined;
      continue;
    }

    const { form } = chosen;
    const signature = `${form.method} ${form.action} ${form.controls.map((control) => control.name).sort().join(',')}`;
    const what = `${hop?.method ?? 'GET'} ${pathOf(page.url())}`;
    if (submitted.has(signature)) return { outcome: 'stuck', message: `${what} showed the form the driver had already submitted: a failed login must still send the user to redirect_uri with state [C-AUTH] [C-REFRESH]` };
    if (submitted.size >= maxSubmissions) return { outcome: 'stuck', message: `${what} showed yet another form after ${submitted.size} submissions` };
    const filled = fillForm(chosen, { user: input.user, ...(settings.fields !== undefined ? { fields: settings.fields } : {}) });
    if (input.user === undefined && filled.unfilled.length > 0) {
      return { outcome: 'stuck', message: `${what} asks for ${filled.unfilled.join(', ')} but the drive has no test user: declare auth.users in the config` };
    }
    await screenshot();
    submitted.add(signature);
    watch.markActed();
    try {
      await typeIntoForm(page, chosen, input.user, settings.fields, remaining);
    } catch (error) {
      if (watch.returnUrl !== undefined || watch.navigations > seen) continue;
      if (isTimeout(error) && remaining() <= 0) return undefined;
      return { outcome: 'stuck', message: `${what}: the driver could not fill or submit the form: ${firstLine(error)}` };
    }
    if ((await watch.waitForNavigationOrReturn(seen, remaining())) !== 'navigated') return undefined;
  }
}

/** Types what a user would into the chosen form, as key presses (so the page's own scripts see them), then submits. */
async function typeIntoForm(page: Page, chosen: ChosenForm, user: TestUser | undefined, fields: Readonly<Record<string, string>> | undefined, remaining: () => number): Promise<void> {
  const timeout = () => Math.max(1, Math.min(ACTION_TIMEOUT_MS, remaining()));
  const controlAt = (index: number) => page.locator(`[data-bsck-control="${chosen.form.index}:${index}"]`);
  const overrides = new Map(Object.entries(fields ?? {}).map(([name, template]) => [name, renderTemplate(template, credentialTemplateValues(user))]));
  for (const [index, control] of chosen.form.controls.entries()) {
    if (control.disabled || overrides.has(control.name)) continue;
    const role = credentialRoleOf(control);
    const value = role === undefined || user === undefined ? undefined : credentialValue(role, user);
    if (value !== undefined) await controlAt(index).fill(value, { timeout: timeout() });
  }
  for (const [name, value] of overrides) {
    const index = chosen.form.controls.findIndex((control) => control.name === name);
    const control = chosen.form.controls[index];
    if (control !== undefined && control.tagName === 'input' && credentialRoleOf(control) !== undefined) await controlAt(index).fill(value, { timeout: timeout() });
    else if (control !== undefined) await controlAt(index).evaluate((element, v) => ((element as { value: string }).value = v), value, { timeout: timeout() });
    else {
      // As in the form driver, an override naming no field adds it to the submission.
      await page.locator(`[data-bsck-form="${chosen.form.index}"]`).evaluate((form, [n, v]) => {
        const extra = form.ownerDocument.createElement('input');
        extra.type = 'hidden';
        extra.name = n ?? '';
        extra.value = v ?? '';
        form.appendChild(extra);
      }, [name, value], { timeout: timeout() });
    }
  }
  const submitterIndex = chosen.submitter === undefined ? -1 : chosen.form.controls.indexOf(chosen.submitter);
  if (submitterIndex >= 0) await controlAt(submitterIndex).click({ timeout: timeout() });
  else await page.locator(`[data-bsck-form="${chosen.form.index}"]`).evaluate((form) => (form as { requestSubmit(): void }).requestSubmit(), undefined, { timeout: timeout() });
}

async function runSteps(page: Page, watch: PageWatch, steps: readonly BrowserStep[], remaining: () => number, screenshot: () => Promise<void>): Promise<EarlyEnd | undefined> {
  await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, remaining()) }).catch(() => undefined);
  await screenshot();
  for (const [index, step] of steps.entries()) {
    if (watch.returnUrl !== undefined || watch.documentFailed()) return undefined;
    const timeout = Math.max(1, remaining());
    try {
      if ('fill' in step) {
        watch.markActed();
        await page.fill(step.fill, step.value, { timeout });
      } else if ('click' in step) {
        watch.markActed();
        await page.click(step.click, { timeout });
      } else {
        // Landing on redirect_uri satisfies any wait: the drive is over.
        const returned = watch.waitForNavigationOrReturn(Number.POSITIVE_INFINITY, timeout).then((state) => (state === 'returned' ? undefined : new Promise<never>(() => undefined)));
        await Promise.race([page.waitForURL(step.waitForUrl, { timeout, waitUntil: 'commit' }), returned]);
      }
    } catch (error) {
      if (watch.returnUrl !== undefined) return undefined;
      const described = 'fill' in step ? `fill ${step.fill}` : 'click' in step ? `click ${step.click}` : `waitForUrl ${step.waitForUrl}`;
      return { outcome: 'stuck', message: `browser step ${index + 1} (${described}) failed on ${pathOf(page.url())}: ${firstLine(error)}` };
    }
  }
  return undefined;
}

async function runProviderScript(
  page: Page, watch: PageWatch, script: ProviderScript, user: TestUser | undefined, remaining: () => number, screenshot: () => Promise<void>,
): Promise<EarlyEnd | undefined> {
  await page.waitForLoadState('domcontentloaded', { timeout: Math.max(1, remaining()) }).catch(() => undefined);
  await screenshot();
  watch.markActed();
  const run = Promise.resolve().then(() => script(page, user));
  // The script may still be running when the clock ends the drive; closing the page ends it, and its error is moot.
  run.catch(() => undefined);
  const outcome = await Promise.race([
    run.then(() => 'done' as const, (error: unknown) => error),
    watch.waitForNavigationOrReturn(Number.POSITIVE_INFINITY, remaining()).then(() => 'clock' as const),
  ]);
  if (outcome === 'done' || outcome === 'clock' || watch.returnUrl !== undefined) return undefined;
  return { outcome: 'stuck', message: `the provider script failed on ${pathOf(page.url())}: ${firstLine(outcome)}` };
}

/** Waits for the browser to land on redirect_uri: the URL commits, or (a 30x there) the request that takes it there leaves. */
async function waitForReturn(page: Page, watch: PageWatch, returnUrlPrefix: string, timeoutMs: number): Promise<void> {
  if (timeoutMs <= 0) return;
  await Promise.race([
    page.waitForURL((url) => reachesReturnUrl(url.href, returnUrlPrefix), { timeout: timeoutMs, waitUntil: 'commit' }).catch(() => undefined),
    watch.waitForNavigationOrReturn(Number.POSITIVE_INFINITY, timeoutMs),
  ]);
}

interface DriveEnd {
  readonly outcome: AuthDriveOutcome;
  readonly message: string;
  readonly returnUrl?: string;
}

function decide(watch: PageWatch, hops: readonly AuthHop[], early: EarlyEnd | undefined, gotoError: Error | undefined, input: AuthDriveInput): DriveEnd {
  if (watch.returnUrl !== undefined) {
    const via = hops.map((hop) => (hop.kind === '30x' ? String(hop.status) : hop.kind)).join(' → ');
    return { outcome: 'returned', message: `the candidate sent the browser to redirect_uri after ${hops.length} navigation(s), via ${via}`, returnUrl: watch.returnUrl };
  }
  const last = watch.currentHop();
  const what = last === undefined ? `GET ${pathOf(input.startUrl)}` : `${last.method} ${pathOf(last.url)}`;
  if (last?.failure !== undefined) {
    const timedOut = /ERR_TIMED_OUT/.test(last.failure);
    return { outcome: timedOut ? 'timeout' : 'candidate-error', message: `${what} failed: ${last.failure}` };
  }
  if (last?.status !== undefined && last.status >= 400) {
    if (hops.length === 1 && last.status < 500) return { outcome: 'refused', message: `${what} answered ${last.status}: the candidate refused the authorisation at the first request` };
    return { outcome: 'candidate-error', message: `${what} answered ${last.status}${hops.length === 1 ? '' : ' after the flow had started'}` };
  }
  if (last === undefined || last.status === undefined) {
    if (gotoError !== undefined && !isTimeout(gotoError)) return { outcome: 'candidate-error', message: `${what} failed: ${firstLine(gotoError)}` };
    return { outcome: 'timeout', message: `${what} got no answer within the drive's ${input.timeoutMs} ms` };
  }
  if (early !== undefined) return early;
  if (watch.candidateRequestInFlight() && last.status >= 300 && last.status < 400) {
    return { outcome: 'timeout', message: `${what} redirected to a page that did not answer within the drive's ${input.timeoutMs} ms` };
  }
  return { outcome: 'stuck', message: `${what} stayed on a page for the rest of the drive's ${input.timeoutMs} ms without sending the browser to redirect_uri` };
}

function renderSteps(steps: readonly BrowserStep[] | undefined, user: TestUser | undefined): readonly BrowserStep[] | undefined {
  if (steps === undefined) return undefined;
  const values = credentialTemplateValues(user);
  return steps.map((step, index) => {
    if (!('fill' in step)) return step;
    try {
      return { fill: step.fill, value: renderTemplate(step.value, values) };
    } catch (error) {
      throw new AuthDriverError(`auth.browser.steps[${index}].value: ${(error as Error).message}`);
    }
  });
}

async function loadProviderScript(path: string): Promise<ProviderScript> {
  const absolute = resolve(path);
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    throw new AuthDriverError(`auth.browser.script ${absolute} could not be loaded: ${firstLine(error)}`);
  }
  if (typeof loaded.default !== 'function') {
    throw new AuthDriverError(`auth.browser.script ${absolute} must export a default async function (page, user)`);
  }
  return loaded.default as ProviderScript;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).trim();
}

/** Closes a drive's page, bounded: a page whose renderer is stuck must not cost the run more than this. */
async function closePage(page: Page): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([page.close().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, PAGE_CLOSE_TIMEOUT_MS)))]);
  clearTimeout(timer);
}

/**
 * Playwright's timeouts are told by name, as its errors.TimeoutError sets it: importing Playwright for the class
 * would load it (half a second) in every run, whatever its auth driver.
 */
const isTimeout = (error: unknown): boolean => error instanceof Error && error.name === 'TimeoutError';

class PageTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** A page read that has no timeout of its own, given one: it rejects as Playwright's own timeouts do. */
async function withinDeadline<T>(read: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new PageTimeoutError(`page did not answer within ${timeoutMs} ms`)), Math.max(1, timeoutMs));
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
    read.catch(() => undefined);
  }
}
