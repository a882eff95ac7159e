import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { probeDockerEngine } from '../docker/docker-engine.ts';
import { REFERENCE_CONFIG_FILE } from '../run/reference-connector.ts';
import { createKitTmp } from './test-support/kit-tmp.ts';
import { runBsck } from './test-support/run-bsck.ts';

// Each case is a real `node bin/bsck.js` (tsx compiles the kit on start): seconds each on a busy 2-core machine.
const TIMEOUT = 90_000;
const dir = await mkdtemp(join(tmpdir(), 'bsck-cli-usage-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const kitTmp = createKitTmp(dir);
const engine = await probeDockerEngine(5_000);
const MISSING_IMAGE = 'bsck-no-such-image-here:1';

/** A file in the test folder; a path relative to it. */
const at = (name: string): string => join(dir, name);

/** The reference connector's config with one change: how a provider's config goes wrong. */
async function brokenConfig(name: string, change: (config: Record<string, unknown>) => void): Promise<string> {
  const config = parseYaml(readFileSync(REFERENCE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
  change(config);
  await writeFile(at(name), stringifyYaml(config));
  return at(name);
}

const section = (config: Record<string, unknown>, key: string): Record<string, unknown> => config[key] as Record<string, unknown>;

beforeAll(async () => {
  await brokenConfig('unknown-key.yaml', (config) => { config['colour'] = 'blue'; });
  await brokenConfig('unknown-nested-key.yaml', (config) => { section(config, 'candidate')['imagee'] = 'acme:1'; });
  await brokenConfig('wrong-type.yaml', (config) => { config['timeouts'] = { requestMs: 'fast' }; });
  await brokenConfig('negative-timeout.yaml', (config) => { config['timeouts'] = { flowStepMs: -5 }; });
  await brokenConfig('bad-port.yaml', (config) => { config['bankingService'] = { ports: { providerApi: 70_000 } }; });
  await brokenConfig('unknown-capability.yaml', (config) => { (config['capabilities'] as string[]).push('teleport'); });
  await brokenConfig('hook-without-capability.yaml', (config) => { config['capabilities'] = (config['capabilities'] as string[]).filter((name) => name !== 'clock-control-hook'); });
  await brokenConfig('capability-without-hook.yaml', (config) => { delete section(config, 'hooks')['advanceClock']; });
  await brokenConfig('unknown-policy.yaml', (config) => { config['policies'] = { 'no-such-policy': 1 }; });
  await brokenConfig('bad-policy-value.yaml', (config) => { config['policies'] = { 'statement-batch-limit': 'lots' }; });
  await brokenConfig('two-candidates.yaml', (config) => { config['candidate'] = { image: 'acme:1', command: 'node server.js' }; });
  await brokenConfig('absent-baseline.yaml', (config) => { config['baseline'] = 'no-such-baseline.yaml'; });
  await writeFile(at('unknown-requirement.baseline.yaml'), 'knownFailures:\n  - { requirement: SYNC-99, reason: a typo }\n');
  await brokenConfig('bad-baseline.yaml', (config) => { config['baseline'] = 'unknown-requirement.baseline.yaml'; });
  await brokenConfig('no-dockerfile.yaml', (config) => { section(config, 'candidate')['dockerfile'] = '.'; });
  await brokenConfig('workdir-not-folder.yaml', (config) => { config['candidate'] = { command: ['node', 'server.js'], workdir: 'no-such-folder' }; });
  await brokenConfig('absent-browser-script.yaml', (config) => { config['auth'] = { ...section(config, 'auth'), driver: 'browser', browser: { script: 'no-such-script.mjs' } }; });
  await brokenConfig('unknown-template.yaml', (config) => { section(config, 'candidate')['env'] = { TEST_CONTROL: 'on', SECRET: '{{clientSecrett}}' }; });
  await brokenConfig('missing-image.yaml', (config) => { section(config, 'candidate')['image'] = MISSING_IMAGE; });
  await writeFile(at('invalid.yaml'), 'candidate: [unclosed\n');
  await writeFile(at('a-file'), 'not a folder\n');
  await mkdir(at('a-folder'));
  await writeFile(at('public-key.pem'), '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n');
});

interface BadInput {
  readonly problem: string;
  readonly args: () => readonly string[];
  /** Exactly these lines on stderr, one per problem, in order: a string must match whole, a RegExp must match. */
  readonly lines: () => readonly (string | RegExp)[];
}

const certify = (...args: string[]): string[] => ['certify', ...args];
const configLine = (file: string, rest: string): string => `${at(file)}: ${rest}`;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Broken configs and command lines: each is refused before anything starts, one line naming the field or flag. */
const BAD_INPUTS: readonly BadInput[] = [
  { problem: 'unknown key', args: () => certify('--config', at('unknown-key.yaml')), lines: () => [configLine('unknown-key.yaml', 'colour: unknown key')] },
  { problem: 'unknown nested key', args: () => certify('--config', at('unknown-nested-key.yaml')), lines: () => [configLine('unknown-nested-key.yaml', 'candidate.imagee: unknown key')] },
  { problem: 'wrong type', args: () => certify('--config', at('wrong-type.yaml')), lines: () => [configLine('wrong-type.yaml', 'timeouts.requestMs: must be integer')] },
  { problem: 'negative timeout', args: () => certify('--config', at('negative-timeout.yaml')), lines: () => [configLine('negative-timeout.yaml', 'timeouts.flowStepMs: must be >= 50')] },
  { problem: 'bad port', args: () => certify('--config', at('bad-port.yaml')), lines: () => [configLine('bad-port.yaml', 'bankingService.ports.providerApi: must be <= 65535')] },
  { problem: 'unknown capability', args: () => certify('--config', at('unknown-capability.yaml')), lines: () => [new RegExp(`^${escape(at('unknown-capability.yaml'))}: capabilities: unknown capability "teleport" \\(known: [a-z-]+(, [a-z-]+)+\\)$`)] },
  { problem: 'hook without its capability', args: () => certify('--config', at('hook-without-capability.yaml')), lines: () => [configLine('hook-without-capability.yaml', 'hooks.advanceClock: given, but capability "clock-control-hook" is not declared')] },
  { problem: 'capability without its hook', args: () => certify('--config', at('capability-without-hook.yaml')), lines: () => [configLine('capability-without-hook.yaml', 'capabilities: "clock-control-hook" is declared but hooks.advanceClock is missing')] },
  { problem: 'unknown policy', args: () => certify('--config', at('unknown-policy.yaml')), lines: () => [new RegExp(`^${escape(at('unknown-policy.yaml'))}: policies\\.no-such-policy: unknown policy \\(known: .*statement-batch-limit`)] },
  { problem: 'policy value out of its choices', args: () => certify('--config', at('bad-policy-value.yaml')), lines: () => [configLine('bad-policy-value.yaml', 'policies.statement-batch-limit: "lots" is not one of 100, 1000')] },
  { problem: 'invalid YAML', args: () => certify('--config', at('invalid.yaml')), lines: () => [new RegExp(`^${escape(at('invalid.yaml'))}: not valid YAML or JSON: .+`)] },
  { problem: 'two candidates in the config', args: () => certify('--config', at('two-candidates.yaml')), lines: () => [configLine('two-candidates.yaml', 'candidate: image and command cannot be combined; give exactly one')] },
  { problem: 'absent baseline file', args: () => certify('--config', at('absent-baseline.yaml')), lines: () => [configLine('absent-baseline.yaml', `baseline: ${at('no-such-baseline.yaml')} does not exist`)] },
  { problem: 'baseline naming an unknown requirement', args: () => certify('--config', at('bad-baseline.yaml')), lines: () => [`${at('unknown-requirement.baseline.yaml')}: knownFailures[0].requirement: "SYNC-99" is not a requirement of this set`] },
  { problem: 'dockerfile folder without a Dockerfile', args: () => certify('--config', at('no-dockerfile.yaml')), lines: () => [configLine('no-dockerfile.yaml', `candidate.dockerfile: no Dockerfile in ${dir}`)] },
  { problem: 'workdir that is not a folder', args: () => certify('--config', at('workdir-not-folder.yaml')), lines: () => [configLine('workdir-not-folder.yaml', `candidate.workdir: ${at('no-such-folder')} is not a folder`)] },
  { problem: 'absent browser script', args: () => certify('--config', at('absent-browser-script.yaml')), lines: () => [configLine('absent-browser-script.yaml', `auth.browser.script: ${at('no-such-script.mjs')} does not exist`)] },
  { problem: 'unknown template variable', args: () => certify('--config', at('unknown-template.yaml')), lines: () => [new RegExp(`^${escape(at('unknown-template.yaml'))}: candidate\\.env\\.SECRET: unknown template variable \\{\\{clientSecrett\\}\\} \\(known: .*clientSecret`)] },
  {
    problem: 'image the engine does not hold (config)',
    args: () => certify('--config', at('missing-image.yaml')),
    lines: () => [engine.available
      ? configLine('missing-image.yaml', `candidate.image: no image "${MISSING_IMAGE}" in the local Docker engine (the kit pulls nothing): build or load it first (docker build / docker load)`)
      : /^certify: a container candidate needs a Docker engine, and none answers: /],
  },
  {
    problem: 'image the engine does not hold (--image)',
    args: () => certify('--config', REFERENCE_CONFIG_FILE, '--image', MISSING_IMAGE),
    lines: () => [engine.available
      ? `certify: --image: no image "${MISSING_IMAGE}" in the local Docker engine (the kit pulls nothing): build or load it first (docker build / docker load)`
      : /^certify: a container candidate needs a Docker engine, and none answers: /],
  },
  { problem: 'absent config file', args: () => certify('--config', at('no-such-config.yaml')), lines: () => [`${at('no-such-config.yaml')}: cannot read the config file (ENOENT)`] },
  { problem: 'unreadable config file (a folder)', args: () => certify('--config', at('a-folder')), lines: () => [`${at('a-folder')}: cannot read the config file (EISDIR)`] },
  { problem: '--image with --url', args: () => certify('--image', 'acme:1', '--url', 'http://127.0.0.1:9'), lines: () => ['certify: --image and --url cannot be combined; choose one'] },
  { problem: '--command with --image', args: () => certify('--command', 'node server.js', '--image', 'acme:1'), lines: () => ['certify: --image and --command cannot be combined; choose one'] },
  { problem: '--only naming no flow', args: () => certify('--only', 'onbording'), lines: () => [/^certify: --only "onbording" is neither a flow nor a requirement id of set \d+\.\d+ \(flows: bank-sync, onboarding, /] },
  { problem: '--only naming no requirement', args: () => certify('--only', 'STMT-99'), lines: () => [/^certify: --only "STMT-99" is neither a flow nor a requirement id of set [\d.]+ \(STMT requirements: STMT-01 to STMT-\d+\)$/] },
  { problem: '--out that is a file', args: () => certify('--out', at('a-file')), lines: () => [`certify: --out: ${at('a-file')} is a file, not a folder; choose another --out`] },
  { problem: '--out under a file', args: () => certify('--out', join(at('a-file'), 'reports')), lines: () => [`certify: --out: ${at('a-file')} is a file, not a folder; choose another --out`] },
  { problem: 'unknown --reference-mode', args: () => certify('--reference-mode', 'vm'), lines: () => ['certify: --reference-mode must be one of container, process, got "vm"'] },
  { problem: '--reference-mode for another candidate', args: () => certify('--config', REFERENCE_CONFIG_FILE, '--command', 'node server.js', '--reference-mode', 'process'), lines: () => ['certify: --reference-mode only applies to the bundled reference connector, not to a command candidate'] },
  { problem: 'unknown flag', args: () => certify('--imag', 'acme:1'), lines: () => ['certify: unknown option --imag (see: bsck certify --help)'] },
  { problem: 'flag without its value', args: () => certify('--config'), lines: () => ['certify: option --config needs a value (see: bsck certify --help)'] },
  { problem: 'flag followed by another flag instead of its value', args: () => certify('--config', '--only', 'onboarding'), lines: () => ['certify: option --config needs a value, and is followed by another option (a value that starts with "-" is written --config=VALUE) (see: bsck certify --help)'] },
  { problem: 'absent signing key', args: () => certify('--sign-key', at('no-such-key.pem')), lines: () => [`certify: --sign-key: cannot read ${at('no-such-key.pem')} (ENOENT)`] },
  { problem: 'signing key that is not a private key', args: () => certify('--sign-key', at('public-key.pem')), lines: () => [new RegExp(`^certify: --sign-key: ${escape(at('public-key.pem'))} is not a PEM private key; create one with: openssl genpkey -algorithm ed25519 `)] },
  {
    problem: 'a candidate flag without a config: one line per field the config must give',
    args: () => certify('--url', 'http://127.0.0.1:9'),
    lines: () => [
      '(no --config): bank: is required when the candidate does not declare capability "bank-sync"',
      '(no --config): auth.users.multiAccount: is required by driver "form": the kit logs in as this user',
      /^\(no --config\): bankingService: is required for a url candidate: /,
    ],
  },
  { problem: 'bad sandbox port', args: () => ['sandbox', '--provider-port', '70000'], lines: () => ['sandbox: --provider-port must be a port number from 0 to 65535, got "70000"'] },
  { problem: 'absent bundle to review', args: () => ['review', at('no-such.bsck.tar.gz')], lines: () => [`review: ${at('no-such.bsck.tar.gz')} does not exist; give the path of a submission bundle (.bsck.tar.gz)`] },
  { problem: 'absent pact file', args: () => ['verify-pact', at('no-such-pact.json')], lines: () => [`verify-pact: ${at('no-such-pact.json')} does not exist: give the path of a pact file`] },
];

describe('bsck: usage and config errors exit 2 before anything starts', () => {
  it('lists every problem of a bad config, a bad baseline and an unknown --only, one line each', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(join(dir, 'baseline.yaml'), 'knownFailures:\n  - { requirement: SYNC-01 }\n');
    await writeFile(config, 'capabilities: [teleport]\nbaseline: baseline.yaml\ntimeouts: { startupMs: -1 }\n');
    const out = join(dir, 'out-bad-config');
    const result = await runBsck(['certify', '--config', config, '--only', 'onbording', '--out', out, '--reference-mode', 'process']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${config}: timeouts.startupMs: must be >= `)),
      expect.stringMatching(new RegExp(`^${config}: capabilities: unknown capability "teleport"`)),
      `${join(dir, 'baseline.yaml')}: knownFailures[0].reason: a known failure needs a reason`,
      expect.stringMatching(/^certify: --only "onbording" is neither a flow nor a requirement id of set \d+\.\d+ \(flows: /),
    ]);
    expect(existsSync(out)).toBe(false);
  }, TIMEOUT);

  it(`refuses ${BAD_INPUTS.length} broken configs and command lines with exit 2 and one line naming the field or flag, starting nothing`, async () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(20);
    const failures: string[] = [];
    const started = performance.now();
    // Four at a time: each is a whole `node bin/bsck.js`, and the machine is shared.
    const queue = BAD_INPUTS.map((input, index) => ({ input, index }));
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const { input, index } = next;
        const out = join(dir, `out-${index}`);
        const args = input.args();
        // certify writes its reports to --out; the default (reports/) must not be touched by a refused run either.
        const withOut = args[0] === 'certify' && !args.includes('--out') ? ['certify', '--out', out, ...args.slice(1)] : args;
        const result = await runBsck(withOut, { env: { TMPDIR: kitTmp.path }, timeoutMs: 60_000 });
        const lines = result.stderr.split('\n').filter((line) => line !== '');
        const expected = input.lines();
        const matches = lines.length === expected.length && expected.every((line, at) => (typeof line === 'string' ? lines[at] === line : line.test(lines[at] ?? '')));
        // Nothing started: the first thing a run prints (stdout) comes before the simulator or a candidate starts, and
        // a started run creates --out and puts the reference connector's bundle in TMPDIR.
        const nothingStarted = result.stdout === '' && !existsSync(out);
        if (result.code !== 2 || !matches || !nothingStarted) {
          failures.push(`${input.problem} (bsck ${withOut.join(' ')}): exit ${result.code}, stdout ${result.stdout.length} chars, out ${existsSync(out) ? 'created' : 'absent'}, stderr:\n${result.stderr}expected:\n${expected.join('\n')}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    console.info(`${BAD_INPUTS.length} bad inputs refused in ${Math.round(performance.now() - started)} ms (4 at a time)`);
    expect(failures).toEqual([]);
    expect(kitTmp.leftovers()).toEqual([]);
  }, 10 * TIMEOUT);
});
