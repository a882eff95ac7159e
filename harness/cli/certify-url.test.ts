import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createProcessLauncher, type RunningCandidate } from '../candidate/index.ts';
import { findFreePort } from '../docker/free-port.ts';
import { buildReferenceBundle, REFERENCE_CONFIG_FILE } from '../run/reference-connector.ts';
import { scanForSecrets } from '../secrets/index.ts';
import { createRedactor } from '../traffic/index.ts';
import { expectEveryRequirementPassed } from './test-support/expect-conformant.ts';
import { runBsck } from './test-support/run-bsck.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-url-'));
const bundle = await buildReferenceBundle();
let connector: RunningCandidate | undefined;
afterAll(async () => {
  await connector?.stop();
  await bundle.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The secrets a provider was issued for its certification, in the environment of the shell it runs bsck from. */
const SECRETS = Object.freeze({
  URL_TEST_CLIENT_SECRET: randomBytes(24).toString('base64url'),
  URL_TEST_API_KEY: randomBytes(24).toString('base64url'),
  URL_TEST_NOTIFICATION_VALUE: randomBytes(24).toString('base64url'),
});
const ports = { sageId: await findFreePort(), providerApi: await findFreePort(), consumerApi: await findFreePort() };
const connectorPort = await findFreePort();
const connectorUrl = `http://127.0.0.1:${connectorPort}`;
const provider = { clientId: 'url-test-connector', audience: 'url-test-provider-api', notificationHeaderName: 'x-url-test-key' };

/** The reference connector's own config, its candidate replaced by --url and the Banking Service pinned. */
async function urlConfig(name: string, readiness?: { timeoutMs: number }): Promise<string> {
  const config = parseYaml(readFileSync(REFERENCE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  config['candidate'] = readiness ? { readiness } : {};
  config['bankingService'] = {
    ports,
    provider: {
      ...provider,
      clientSecret: '{{env.URL_TEST_CLIENT_SECRET}}',
      apiKey: '{{env.URL_TEST_API_KEY}}',
      notificationHeaderValue: '{{env.URL_TEST_NOTIFICATION_VALUE}}',
    },
  };
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringifyYaml(config));
  return file;
}

/** The reference connector started the way a provider starts theirs: configured by hand, before the kit runs. */
async function startConnectorFirst(): Promise<RunningCandidate> {
  const redactor = createRedactor();
  for (const [label, value] of Object.entries(SECRETS)) redactor.addSecret(label, value);
  return createProcessLauncher({
    command: [process.execPath, bundle.file],
    port: connectorPort,
    redactor,
    environment: {
      PORT: String(connectorPort),
      BANKING_SERVICE_URL: `http://127.0.0.1:${ports.providerApi}`,
      SAGE_ID_URL: `http://127.0.0.1:${ports.sageId}`,
      SAGE_ID_CLIENT_ID: provider.clientId,
      SAGE_ID_CLIENT_SECRET: SECRETS.URL_TEST_CLIENT_SECRET,
      SAGE_ID_AUDIENCE: provider.audience,
      PROVIDER_API_KEY: SECRETS.URL_TEST_API_KEY,
      CONNECTOR_PUBLIC_URL: connectorUrl,
      NOTIFICATION_HEADER_NAME: provider.notificationHeaderName,
      NOTIFICATION_HEADER_VALUE: SECRETS.URL_TEST_NOTIFICATION_VALUE,
      TEST_CONTROL: 'on',
    },
  }).start();
}

describe('bsck certify --url', () => {
  it('certifies a connector started before the run against the pinned Banking Service: every requirement passes, no secret in the outputs, review approves', async () => {
    connector = await startConnectorFirst();
    const out = join(dir, 'reports');
    const config = await urlConfig('url');
    const started = performance.now();
    const certify = await runBsck(['certify', '--url', connectorUrl, '--config', config, '--out', out, '--no-allure'], { env: SECRETS, timeoutMs: 240_000 });
    const wallMs = performance.now() - started;
    const connectorLogs = connector.logs();
    await connector.stop();
    expect(certify.stderr).toBe('');
    expect(certify.stdout).toContain(`starting url ${connectorUrl}`);
    await expectEveryRequirementPassed(out);
    expect(certify.code).toBe(0);
    // The connector registered its bank with the run's simulator after retrying while nothing listened there
    // (its Sage ID client or its bank sync retries, whichever the timing reaches first).
    expect(connectorLogs).toMatch(/ECONNREFUSED[\s\S]*"msg":"bank sync done/);

    const hits = await scanForSecrets(out, Object.entries(SECRETS).map(([label, value]) => ({ label, value })));
    expect(hits).toEqual([]);

    const review = await runBsck(['review', join(out, 'submission.bsck.tar.gz')], { timeoutMs: 60_000 });
    expect(review.stdout).toContain('APPROVE');
    expect(review.code).toBe(0);
    const ready = /candidate ready after (\d+) ms/.exec(certify.stdout)?.[1];
    console.info(`url candidate: ready ${ready} ms after launch; certification wall time ${Math.round(wallMs)} ms`);
  }, 300_000);

  it('refuses, before anything starts, a url candidate whose Banking Service is not pinned or whose secret is not in the environment', async () => {
    const bare = join(dir, 'bare.yaml');
    await writeFile(bare, readFileSync(REFERENCE_CONFIG_FILE, 'utf8'));
    const unpinned = await runBsck(['certify', '--url', connectorUrl, '--config', bare, '--out', join(dir, 'bare'), '--no-allure']);
    expect(unpinned).toMatchObject({ code: 2, stdout: '' });
    expect(unpinned.stderr).toBe(`${bare}: bankingService: is required for a url candidate: it was started before the run, so pin what it was configured with: ports (sageId, providerApi) and provider (clientId, audience, clientSecret, apiKey, notificationHeaderValue; secrets as "{{env.NAME}}")\n`);
    const config = await urlConfig('unset');
    const unset = await runBsck(['certify', '--url', connectorUrl, '--config', config, '--out', join(dir, 'unset'), '--no-allure'], { env: { ...SECRETS, URL_TEST_API_KEY: '' } });
    expect(unset).toMatchObject({ code: 2, stdout: '', stderr: `${config}: bankingService.provider.apiKey: environment variable URL_TEST_API_KEY is not set: export it before running bsck\n` });
  }, 60_000);

  it('says in one line that nothing answers at the URL', async () => {
    const nobody = `http://127.0.0.1:${await findFreePort()}`;
    const config = await urlConfig('nobody', { timeoutMs: 1_000 });
    const out = join(dir, 'nobody');
    const result = await runBsck(['certify', '--url', nobody, '--config', config, '--only', 'bank-sync', '--out', out, '--no-allure'], { env: SECRETS, timeoutMs: 60_000 });
    expect(result.stderr).toBe(`certify: candidate URL ${nobody} refused connections for 1000 ms: start the connector there, or correct the URL\n`);
    expect(result.code).toBe(2);
  }, 120_000);
});
