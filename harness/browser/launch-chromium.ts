import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core. Playwright's own browser download cannot reach its host here,
 * so the kit always names the executable: Debian's package, or CHROMIUM_PATH.
 */

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The machine has no network beyond two package registries: without the background-networking, sync,
 * component-update and QUIC switches Chromium keeps dialling Google's hosts and logs refusals many times a
 * second. Root cannot use the sandbox; no GPU exists. First-run UI would steal the first page.
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

export type ChromiumProbe =
  | { readonly available: true; readonly executablePath: string }
  | { readonly available: false; readonly reason: string };

export interface ChromiumHandle {
  /** The browser's only context: a persistent one is how playwright takes a user data dir. */
  readonly context: BrowserContext;
  /** A fresh profile folder that only this launch uses; gone after close(). */
  readonly userDataDir: string;
  newPage(): Promise<Page>;
  /** Closes the browser, waits for it to exit and removes its profile; safe to call more than once. */
  close(): Promise<void>;
}

export interface LaunchChromiumOptions {
  readonly executablePath?: string;
  /** Bound on the browser's start; a hung start must cost this, never the run. */
  readonly timeoutMs?: number;
}

export function chromiumExecutablePath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CHROMIUM_PATH'];
  return fromEnv === undefined || fromEnv === '' ? DEFAULT_CHROMIUM_PATH : fromEnv;
}

/** Whether a Chromium executable is where the kit will look. Never throws. */
export async function findChromium(executablePath = chromiumExecutablePath()): Promise<ChromiumProbe> {
  try {
    await access(executablePath, constants.X_OK);
    return { available: true, executablePath };
  } catch {
    return {
      available: false,
      reason: `no Chromium executable at ${executablePath}: apt-get install chromium, or set CHROMIUM_PATH`,
    };
  }
}

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<ChromiumHandle> {
  const executablePath = options.executablePath ?? chromiumExecutablePath();
  const found = await findChromium(executablePath);
  if (!found.available) throw new Error(found.reason);

  // A fresh profile each launch: a shared one carries cookies and sessions from one candidate to the next.
  const userDataDir = await mkdtemp(join(tmpdir(), 'bsck-chromium-profile-'));
  let context: BrowserContext;
  try {
    // Loaded here, not at import: only a run whose auth driver is `browser` pays for Playwright (half a second).
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: options.timeoutMs ?? 30_000,
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    context,
    userDataDir,
    newPage: () => context.newPage(),
    close: () => {
      closing ??= (async () => {
        try {
          await context.close();
        } finally {
          // Chromium may still be flushing the profile as it exits; retries cover that window.
          await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
        }
      })();
      return closing;
    },
  };
}
