import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CANDIDATE_CONTAINER_LABEL } from '../candidate/index.ts';
import { imageExists, listContainersByLabel, probeDockerEngine } from '../docker/docker-engine.ts';
import type { CertificationSummary } from '../report/index.ts';
import { runBsck } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-container-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const engine = await probeDockerEngine(5_000);
// CI provides an engine (.ci/run): there this test must run, never be skipped.
const containerTest = engine.available || process.env['CI'] === 'true' ? it : it.skip;

/** Containers, running or not, the kit's candidate launcher started from an image: what `docker ps -aq` would list. */
async function containersFrom(imageId: string): Promise<string[]> {
  const containers = (await listContainersByLabel(CANDIDATE_CONTAINER_LABEL, 5_000)) as (Awaited<ReturnType<typeof listContainersByLabel>>[number] & { ImageID?: string })[];
  return containers.filter((container) => container.ImageID === imageId).map((container) => container.Id);
}

describe('bsck certify with a Docker engine', () => {
  containerTest('certifies the reference connector as a container by default and leaves no container or image behind', async () => {
    const out = join(dir, 'reports');
    const result = await runBsck(['certify', '--only', 'bank-sync', '--out', out, '--no-allure']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('starting reference connector (container)');
    expect(result.code).toBe(0);
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as CertificationSummary;
    expect(summary.candidate).toMatchObject({ label: 'reference connector (container)', imageId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    // The engine is shared with the kit's other container tests, which may run at the same time, so the global
    // `docker ps -aq` is .ci/run's check after all tests; here: no container of this run's image, and no image.
    const imageId = summary.candidate.imageId ?? '';
    expect(await containersFrom(imageId)).toEqual([]);
    expect(await imageExists(imageId, 5_000)).toBe(false);
  }, 180_000);
});
