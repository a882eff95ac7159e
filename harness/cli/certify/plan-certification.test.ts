import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REFERENCE_CONFIG_FILE } from '../../run/reference-connector.ts';
import { UsageError } from '../exit-codes.ts';
import { planCertification } from './plan-certification.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-plan-'));
/** What a url candidate's config pins (the secrets from the environment, stubbed here). */
const pinned = 'bankingService: { ports: { sageId: 4010, providerApi: 4011 }, provider: { clientId: c, audience: a, clientSecret: "{{env.PLAN_S}}", apiKey: "{{env.PLAN_S}}", notificationHeaderValue: "{{env.PLAN_S}}" } }';
vi.stubEnv('PLAN_S', 'plan-test-secret-value');
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const problemsOf = async (promise: Promise<unknown>): Promise<string[]> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected a UsageError');
};

describe('planCertification', () => {
  it('plans the reference connector with its own config when given nothing', async () => {
    const plan = await planCertification({}, dir);
    expect(plan.configSource).toBe(REFERENCE_CONFIG_FILE);
    expect(plan.config.candidate.kind).toBe('reference');
    expect(plan.requirements).toHaveLength(plan.requirementSet.requirements.length);
    expect(plan.drivers.length).toBeGreaterThan(0);
    expect(plan.outDir).toBe(join(dir, 'reports'));
    expect(plan).toMatchObject({ referenceMode: undefined, allure: true, baseline: undefined, only: [] });
  });

  it('reports every problem of the config, the baseline, --only, --out and --reference-mode at once, one line each', async () => {
    const baseline = join(dir, 'baseline.yaml');
    await writeFile(baseline, 'knownFailures:\n  - { requirement: NOPE-01, reason: x }\n');
    const config = join(dir, 'config.yaml');
    await writeFile(config, 'capabilities: [teleport]\nbaseline: baseline.yaml\n');
    const outFile = join(dir, 'a-file');
    await writeFile(outFile, '');
    const lines = await problemsOf(planCertification({ config, only: ['nope'], out: join(outFile, 'reports'), referenceMode: 'vm', url: 'ftp://x' }, dir));
    expect(lines).toEqual([
      'certify: --url "ftp://x" is not an http:// or https:// URL',
      expect.stringMatching(new RegExp(`^${config}: capabilities: unknown capability "teleport"`)),
      expect.stringMatching(new RegExp(`^${config}: bank: is required`)),
      expect.stringMatching(new RegExp(`^${config}: auth.users.multiAccount: is required`)),
      expect.stringMatching(new RegExp(`^${config}: bankingService: is required for a url candidate`)),
      `${baseline}: knownFailures[0].requirement: "NOPE-01" is not a requirement of this set`,
      expect.stringMatching(/^certify: --only "nope" is neither a flow nor a requirement id/),
      `certify: --out: ${outFile} is a file, not a folder; choose another --out`,
      'certify: --reference-mode must be one of container, process, got "vm"',
    ]);
  });

  it('reports a config file that does not parse, and a missing one, in one line', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'candidate: [\n');
    expect(await problemsOf(planCertification({ config: broken }, dir))).toEqual([expect.stringMatching(new RegExp(`^${broken}: not valid YAML or JSON: `))]);
    expect(await problemsOf(planCertification({ config: 'missing.yaml' }, dir))).toEqual([`${join(dir, 'missing.yaml')}: cannot read the config file (ENOENT)`]);
  });

  it('refuses --reference-mode for a candidate that is not the reference connector', async () => {
    const config = join(dir, 'url.yaml');
    await writeFile(config, `candidate: { url: "http://127.0.0.1:9" }\ncapabilities: [bank-sync]\nauth: { driver: redirect }\n${pinned}\n`);
    expect(await problemsOf(planCertification({ config, referenceMode: 'process' }, dir))).toEqual([
      'certify: --reference-mode only applies to the bundled reference connector, not to a url candidate',
    ]);
  });

  it('applies a candidate flag over the config, and reads the baseline it names', async () => {
    const baseline = join(dir, 'ok-baseline.yaml');
    await writeFile(baseline, 'knownFailures:\n  - { requirement: SYNC-01, reason: known }\n');
    const config = join(dir, 'command.yaml');
    await writeFile(config, `candidate: { command: "node a.js" }\ncapabilities: [bank-sync]\nauth: { driver: redirect }\nbaseline: ${baseline}\n${pinned}\n`);
    const plan = await planCertification({ config, url: 'http://127.0.0.1:9', only: ['bank-sync'], out: 'out', allure: false }, dir);
    expect(plan.config.candidate).toEqual({ kind: 'url', url: 'http://127.0.0.1:9' });
    expect(plan.baseline?.knownFailures).toEqual([{ requirement: 'SYNC-01', reason: 'known' }]);
    expect(plan.drivers.map((driver) => driver.id)).toEqual(['bank-sync']);
    expect(plan).toMatchObject({ outDir: join(dir, 'out'), allure: false, configDir: dir });
  });
});
