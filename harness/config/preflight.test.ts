import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CertificationConfig } from './config-types.ts';
import { preflightConfig } from './preflight.ts';
import { ConfigError } from './read-config-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const user = { username: 'alice', password: 'pw-alice' };

const problemsOf = (config: CertificationConfig): readonly string[] => {
  try {
    preflightConfig(config, { baseDir: dir, source: 'bsck.yaml' });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('preflightConfig', () => {
  it('resolves an empty config to the bundled reference connector with defaults', () => {
    const resolved = preflightConfig({}, { baseDir: dir, source: 'defaults' });
    expect(resolved.candidate).toEqual({ kind: 'reference' });
    expect(resolved.auth.driver).toBe('form');
    expect(resolved.timeouts).toEqual({ startupMs: 30_000, requestMs: 5_000, flowStepMs: 10_000 });
    expect(resolved.policies['statement-batch-limit']).toBe(100);
  });

  it('gives the candidate timeouts.startupMs to answer its readiness probe, unless candidate.readiness.timeoutMs says otherwise', () => {
    const command = { command: ['node', 'server.js'] };
    const base = { bank: undefined, capabilities: ['bank-sync'], auth: { users: { multiAccount: user } } };
    expect(preflightConfig({ ...base, candidate: command, timeouts: { startupMs: 3_000 } }, { baseDir: dir, source: 'x' }).readiness.timeoutMs).toBe(3_000);
    expect(preflightConfig({ ...base, candidate: { ...command, readiness: { timeoutMs: 700 } }, timeouts: { startupMs: 3_000 } }, { baseDir: dir, source: 'x' }).readiness.timeoutMs).toBe(700);
  });

  it('resolves a url candidate that syncs its own bank, with the Banking Service it was configured against pinned', () => {
    const bankingService = {
      ports: { sageId: 4010, providerApi: 4011 },
      provider: { clientId: 'acme', audience: 'aud', clientSecret: '{{env.T_SECRET}}', apiKey: '{{env.T_KEY}}', notificationHeaderValue: '{{env.T_NOTE}}' },
    };
    const environment = { T_SECRET: 'secret-value-0123', T_KEY: 'api-key-value-0123', T_NOTE: 'note-value-0123' };
    const resolved = preflightConfig(
      { candidate: { url: 'http://127.0.0.1:9000' }, capabilities: ['bank-sync'], auth: { users: { multiAccount: user } }, bankingService },
      { baseDir: dir, source: 'c', environment },
    );
    expect(resolved.candidate).toEqual({ kind: 'url', url: 'http://127.0.0.1:9000' });
    expect(resolved.bankingService.provider).toMatchObject({ clientSecret: 'secret-value-0123', apiKey: 'api-key-value-0123', notificationHeaderValue: 'note-value-0123' });
    expect(() => preflightConfig({ candidate: { url: 'http://127.0.0.1:9000' }, capabilities: ['bank-sync'], auth: { users: { multiAccount: user } }, bankingService }, { baseDir: dir, source: 'c', environment: {} })).toThrow(
      'c: bankingService.provider.clientSecret: environment variable T_SECRET is not set: export it before running bsck',
    );
  });

  it('reports every problem at once, one line each, naming the field', () => {
    const problems = problemsOf({
      candidate: { image: 'acme:1', url: 'http://x', workdir: 'nope', env: { A: '{{providerApiURL}}' } },
      capabilities: ['multi-account-linking', 'teleport'],
      hooks: { revokeConsent: { url: '{{connectorPublicUrl}}/revoke?x={{externalID}}' } },
      policies: { 'statement-batch-limit': 50 },
      baseline: 'missing-baseline.yaml',
    });
    expect(problems).toEqual([
      'bsck.yaml: candidate: image and url cannot be combined; give exactly one',
      'bsck.yaml: candidate.workdir: only applies to a command candidate',
      `bsck.yaml: candidate.workdir: ${join(dir, 'nope')} is not a folder`,
      expect.stringMatching(/^bsck\.yaml: candidate\.env\.A: unknown template variable \{\{providerApiURL\}\} \(known: port, bankingServiceUrl, providerApiUrl/),
      expect.stringMatching(/^bsck\.yaml: capabilities: unknown capability "teleport" \(known: /),
      'bsck.yaml: hooks.revokeConsent: given, but capability "consent-revocation-hook" is not declared',
      expect.stringMatching(/^bsck\.yaml: hooks\.revokeConsent: unknown template variable \{\{externalID\}\}/),
      'bsck.yaml: bank: is required when the candidate does not declare capability "bank-sync"',
      'bsck.yaml: auth.users.multiAccount: is required by driver "form": the kit logs in as this user',
      'bsck.yaml: policies.statement-batch-limit: 50 is not one of 100, 1000',
      `bsck.yaml: baseline: ${join(dir, 'missing-baseline.yaml')} does not exist`,
    ]);
  });

  it('refuses a Dockerfile folder without a Dockerfile and options for the wrong driver', () => {
    writeFileSync(join(dir, 'login.ts'), '');
    const problems = problemsOf({
      candidate: { dockerfile: '.' },
      capabilities: ['bank-sync'],
      auth: { driver: 'redirect', form: { fields: {} }, browser: { steps: [{ click: '#go' }], script: 'login.ts' } },
    });
    expect(problems).toEqual([
      `bsck.yaml: candidate.dockerfile: no Dockerfile in ${dir}`,
      'bsck.yaml: auth.browser: steps and script cannot be combined; choose one',
      'bsck.yaml: auth.browser: only applies to driver "browser" (driver is "redirect")',
      'bsck.yaml: auth.form: only applies to driver "form" (driver is "redirect")',
    ]);
  });
});
