import { clearPactsFolder, KIT_PACT_FILES, PACTS_DIR } from '../pact-environment.ts';

/**
 * Global setup of the `contracts-consumer` vitest project: before the consumer tests run, every file in the pacts
 * folder goes except the kit's own pairs, and each consumer test file deletes its own pair before writing it
 * again. So no interaction (and no pair) a test no longer declares survives, while running one consumer test file
 * alone leaves the other pair's committed file in place.
 */
export default async function clearPactsBeforeConsumerTests(): Promise<void> {
  await clearPactsFolder(PACTS_DIR, KIT_PACT_FILES);
}
