import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** contracts/ itself: the pacts folder and the fixtures are found relative to it, whatever the working directory. */
export const CONTRACTS_DIR = dirname(fileURLToPath(import.meta.url));

/** Where the kit's own consumer tests write its published contracts (committed: see contracts/README.md). */
export const PACTS_DIR = join(CONTRACTS_DIR, 'pacts');

/** Pacticipant names. `connector` stands for any provider's connector: the webhook pact is the same for all of them. */
export const PARTICIPANTS = Object.freeze({
  bankingService: 'banking-service',
  connector: 'connector',
  referenceConnector: 'reference-connector',
});

export function pactFileName(consumer: string, provider: string): string {
  return `${consumer}-${provider}.json`;
}

/** Banking Service (consumer) → connector (provider): notifications, /auth, /authrefresh, /availableaccounts. */
export const WEBHOOK_PACT_FILE = join(PACTS_DIR, pactFileName(PARTICIPANTS.bankingService, PARTICIPANTS.connector));

/** Reference connector (consumer) → Banking Service (provider): Sage ID token, bank sync, PATCH, statements. */
export const PROVIDER_API_PACT_FILE = join(PACTS_DIR, pactFileName(PARTICIPANTS.referenceConnector, PARTICIPANTS.bankingService));

/**
 * Pact's native core reports usage unless told not to; the kit runs offline and must not phone home, so every
 * entry point that loads the core calls this first (the vitest contracts projects also set it).
 */
export function usePactEnvironment(): void {
  process.env['PACT_DO_NOT_TRACK'] = 'true';
}

/** The pact files the kit's own consumer tests write; each test removes its own file before writing it again. */
export const KIT_PACT_FILES: readonly string[] = Object.freeze([WEBHOOK_PACT_FILE, PROVIDER_API_PACT_FILE]);

/**
 * Removes the pact files from `dir` (creating it if needed), except those named in `keep`. Pact merges new
 * interactions into an existing file, so a stale file would carry interactions no test declares any more.
 */
export async function clearPactsFolder(dir: string = PACTS_DIR, keep: readonly string[] = []): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    const file = join(dir, name);
    if (name.endsWith('.json') && !keep.includes(file)) await rm(file, { force: true });
  }
}
