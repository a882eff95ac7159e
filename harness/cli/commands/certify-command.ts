import type { CertifyFlags } from '../certify/plan-certification.ts';
import type { Command } from '../command.ts';

const USAGE =
  'bsck certify [--config FILE] [--image IMAGE | --command CMD | --url URL] [--only FLOW|ID]... [--out DIR] [--reference-mode container|process] [--no-allure] [--no-pact]';

const HELP = [
  'With no options, certifies the bundled reference connector with examples/reference-connector/certification.yaml',
  '(in a container when a Docker engine answers, otherwise as a process).',
  '',
  '  --config FILE       the certification config (YAML or JSON; schema: harness/config/config.schema.json)',
  '  --image IMAGE       certify a local Docker image (replaces the config\'s candidate)',
  '  --command CMD       certify a command the kit starts (replaces the config\'s candidate)',
  '  --url URL           certify a connector already running at URL (replaces the config\'s candidate)',
  '  --only FLOW|ID      judge only this flow or requirement (repeatable); the flows it builds on are driven too',
  '  --out DIR           where the reports go (default: reports/)',
  '  --reference-mode M  run the reference connector as a container or a process (the kit\'s own tests)',
  '  --sign-key PEM      sign the submission bundle with this Ed25519 private key',
  '  --ticket TEXT       a run ticket recorded in the submission bundle',
  '  --no-allure         skip the Allure results and HTML report (saves a few seconds; JSON, Markdown, JUnit still written)',
  '  --no-pact           skip verifying the webhook Pact contract after the flows (runs by default when every flow runs;',
  '                      --only pact verifies it after bank sync alone)',
  '',
  'Exit codes: 0 conformant · 1 non-conformant · 2 usage or config error · 3 the kit failed · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM)',
].join('\n');

export const certifyCommand: Command = {
  spec: {
    name: 'certify',
    summary: 'Certify a candidate connector (default: the bundled reference connector)',
    usage: USAGE,
    help: HELP,
    options: {
      image: { type: 'string' },
      command: { type: 'string' },
      url: { type: 'string' },
      config: { type: 'string' },
      only: { type: 'string', multiple: true },
      out: { type: 'string' },
      'reference-mode': { type: 'string' },
      'no-allure': { type: 'boolean' },
      'no-pact': { type: 'boolean' },
      'sign-key': { type: 'string' },
      ticket: { type: 'string' },
    },
    exclusive: [['image', 'command', 'url']],
  },
  async run(parsed, io) {
    const value = (name: string): string | undefined => {
      const given = parsed.values[name];
      return typeof given === 'string' ? given : undefined;
    };
    const only = parsed.values['only'];
    const flags: CertifyFlags = {
      image: value('image'),
      command: value('command'),
      url: value('url'),
      config: value('config'),
      out: value('out'),
      referenceMode: value('reference-mode'),
      allure: parsed.values['no-allure'] !== true,
      pact: parsed.values['no-pact'] !== true,
      signKey: value('sign-key'),
      ticket: value('ticket'),
      only: Array.isArray(only) ? only.filter((entry): entry is string => typeof entry === 'string') : [],
    };
    // Loaded on use: `bsck --help` and a pre-flight error should not wait for the whole kit to compile.
    const { planCertification } = await import('../certify/plan-certification.ts');
    const plan = await planCertification(flags);
    const { runCertify } = await import('../certify/run-certify.ts');
    return runCertify(plan, io);
  },
};
