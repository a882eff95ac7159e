/**
 * The kit's one door to testcontainers: import it from here, never from 'testcontainers' directly, so these
 * defaults hold for every test and tool, locally as in CI, with no vitest setup file.
 *
 * - Ryuk, the reaper container, is an image that must be pulled, and no registry is reachable here; without
 *   this the first container start fails trying. Cleanup is the kit's own job instead (stop in `finally`,
 *   remove built images; .ci/run fails on leftovers).
 * - Containers run on the host network (no bridge exists), so the host to reach them on is 127.0.0.1.
 *
 * Setting them here, after testcontainers' modules are loaded, is enough: testcontainers reads both when it
 * first talks to the engine (its reaper and host resolution), not at import. `??=` keeps a value the caller
 * set, so someone with a registry and a bridge can turn Ryuk back on.
 */
process.env['TESTCONTAINERS_RYUK_DISABLED'] ??= 'true';
process.env['TESTCONTAINERS_HOST_OVERRIDE'] ??= '127.0.0.1';

export { GenericContainer, Wait } from 'testcontainers';
export type { StartedTestContainer } from 'testcontainers';
