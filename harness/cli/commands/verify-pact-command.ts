import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PactVerificationReport } from '../../../contracts/verification/interaction-result.ts';
import { KNOWN_BANKING_SERVICE_STATES } from '../../../contracts/provider-api/provider-api-states.ts';
import type { Command } from '../command.ts';
import { EXIT, UsageError } from '../exit-codes.ts';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * `bsck verify-pact <pact-file>`: a provider that already writes Pact consumer tests for its Provider API client
 * brings the pact file; the kit verifies it against the simulated Banking Service and reports each interaction,
 * with the documented rule behind every refusal. With --publish the pact goes to the provider's Pact Broker under
 * the given version and branch once it verifies.
 */
export const verifyPactCommand: Command = {
  spec: {
    name: 'verify-pact',
    summary: "Verify a provider's own pact file (its Provider API client as consumer) against the simulated Banking Service",
    usage: [
      'bsck verify-pact <pact-file> [--out REPORT.json] [--publish --version VERSION [--branch BRANCH] [--build-url URL] [--broker-url URL] [--broker-token TOKEN]]',
      '',
      'Exit codes: 0 every interaction verified · 1 an interaction failed · 2 usage error (no such file, not a pact, publishing without a version) · 3 the kit failed',
      'Broker: --broker-url/--broker-token or PACT_BROKER_BASE_URL/PACT_BROKER_TOKEN; only with --publish.',
      `Provider states the kit sets up: ${KNOWN_BANKING_SERVICE_STATES.map((state) => `"${state}"`).join(', ')}.`,
    ].join('\n'),
    options: {
      out: { type: 'string' },
      publish: { type: 'boolean' },
      version: { type: 'string' },
      branch: { type: 'string' },
      'build-url': { type: 'string' },
      'broker-url': { type: 'string' },
      'broker-token': { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
  },
  async run(parsed, io) {
    // Loaded on use: the simulator is seconds of loading that other commands do not need. Not through
    // contracts/index.ts, which also loads pact-js for the consumer tests: Pact's verifier runs in a child process.
    const [{ BrokerPublishingError, brokerSettingsFrom, publishContracts }, { PactFileError }, { renderVerificationReport }, { verifyPactAgainstSimulator }] = await Promise.all([
      import('../../../contracts/broker/index.ts'),
      import('../../../contracts/verification/pact-file.ts'),
      import('../../../contracts/verification/render-report.ts'),
      import('../../../contracts/provider-api/verify-against-simulator.ts'),
    ]);
    const pactFile = resolve(parsed.positionals[0] ?? '');
    const publish = parsed.values['publish'] === true;
    const version = text(parsed.values['version']);
    const branch = text(parsed.values['branch']);
    const buildUrl = text(parsed.values['build-url']);
    let broker;
    try {
      broker = publish ? brokerSettingsFrom({ url: text(parsed.values['broker-url']), token: text(parsed.values['broker-token']) }) : undefined;
    } catch (error) {
      throw new UsageError(`verify-pact: ${(error as Error).message}`);
    }
    if (publish && !broker) throw new UsageError('verify-pact: --publish needs a broker: give --broker-url and --broker-token (or PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN)');
    if (publish && !version) throw new UsageError("verify-pact: refusing to publish without a version: add --version (the connector's version, e.g. its git commit sha) and --branch");
    if (!publish && (version || branch || buildUrl || parsed.values['broker-url'] || parsed.values['broker-token'])) {
      throw new UsageError('verify-pact: --version, --branch, --build-url and the broker options only apply with --publish');
    }

    let report: PactVerificationReport;
    try {
      report = await verifyPactAgainstSimulator({ pactFile });
    } catch (error) {
      if (error instanceof PactFileError) throw new UsageError(`verify-pact: ${error.message}`);
      throw error;
    }
    const failed = report.interactions.filter((interaction) => interaction.status !== 'passed');
    io.out(`verify-pact: ${report.pact.consumer} → ${report.pact.provider} (pact specification ${report.pact.specification}) against the simulated Banking Service`);
    for (const line of renderVerificationReport(report)) io.out(line);
    io.out(failed.length === 0 ? `verify-pact: all ${report.interactions.length} interactions verified` : `verify-pact: ${failed.length} of ${report.interactions.length} interactions failed`);
    const out = text(parsed.values['out']);
    if (out) {
      await writeFile(resolve(out), `${JSON.stringify(report, null, 2)}\n`);
      io.out(`verify-pact: report written to ${out}`);
    }
    if (failed.length > 0) {
      if (publish) io.err('verify-pact: not published: the pact does not verify against the simulated Banking Service');
      return EXIT.nonConformant;
    }
    if (publish && broker && version) {
      try {
        const published = await publishContracts({ broker, version: { version, ...(branch ? { branch } : {}), ...(buildUrl ? { buildUrl } : {}) }, pactFiles: [pactFile] });
        io.out(`verify-pact: published to ${broker.url} as ${report.pact.consumer} ${version}${branch ? ` (branch ${branch})` : ''}`);
        for (const notice of published.notices) io.out(`  broker: ${notice}`);
      } catch (error) {
        if (error instanceof BrokerPublishingError) {
          io.err(`verify-pact: ${error.message}`);
          return EXIT.kitFailure;
        }
        throw error;
      }
    }
    return EXIT.conformant;
  },
};
