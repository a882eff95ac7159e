import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTICIPANTS, PROVIDER_API_PACT_FILE, pactFileName } from '../../../contracts/index.ts';
import { THIRD_PARTY_CONSUMER, THIRD_PARTY_DESCRIPTIONS, writeThirdPartyPact } from '../../../contracts/test-support/third-party-pact.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { parseCommandLine } from '../parse-command-line.ts';
import { verifyPactCommand } from './verify-pact-command.ts';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verifyPactCommand.run(parseCommandLine(verifyPactCommand.spec, argv), { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bsck verify-pact <file>', () => {
  let folder: string;
  let wrongPact: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bsck-verify-pact-'));
    await writeThirdPartyPact(folder);
    wrongPact = join(folder, pactFileName(THIRD_PARTY_CONSUMER, PARTICIPANTS.bankingService));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("exits 0 for the reference connector's pact, one PASS line per interaction, and writes the JSON report", async () => {
    const report = join(folder, 'report.json');
    const { code, out } = await run([PROVIDER_API_PACT_FILE, '--out', report]);
    expect(code).toBe(EXIT.conformant);
    expect(out).toMatch(/^verify-pact: reference-connector → banking-service \(pact specification 4\.0\) against the simulated Banking Service$/m);
    expect(out.match(/^ {2}PASS {2}/gm)).toHaveLength(6);
    expect(out).toContain('verify-pact: all 6 interactions verified');
    expect(JSON.parse(await readFile(report, 'utf8')).passed).toBe(true);
  });

  it('exits 1 for a wrong third-party pact and says why each interaction failed', async () => {
    const { code, out } = await run([wrongPact]);
    expect(code).toBe(EXIT.nonConformant);
    expect(out).toContain(`  FAIL  ${THIRD_PARTY_DESCRIPTIONS.wrongPath}  [SPEC-07]`);
    expect(out).toContain('        why: POST /v1/statement answered 404: not-found: no route for POST /v1/statement');
    expect(out).toContain(`  FAIL  ${THIRD_PARTY_DESCRIPTIONS.wrongType}  [SPEC-05]`);
    expect(out).toContain('why: PATCH /v1/authorisations/');
    expect(out).toContain('Provider API document (specs/provider-api.yaml): body /data/bankAccounts/0/accountIdentifier: must be string');
    expect(out).toContain(`  FAIL  ${THIRD_PARTY_DESCRIPTIONS.wrongField}  [SPEC-05]`);
    expect(out).toContain(`  PASS  ${THIRD_PARTY_DESCRIPTIONS.statement}  [SPEC-06]`);
    expect(out).toContain('verify-pact: 3 of 5 interactions failed');
  });

  it('exits 2 (usage) for a missing file, a file that is not a pact, and publishing without a version', async () => {
    await expect(run([join(folder, 'missing.json')])).rejects.toThrow(UsageError);
    await expect(run([join(folder, 'missing.json')])).rejects.toThrow(/missing\.json does not exist/);
    const notPact = join(folder, 'not-a-pact.json');
    await writeFile(notPact, '{"hello":"world"}');
    await expect(run([notPact])).rejects.toThrow(/is not a pact file/);
    await expect(run([PROVIDER_API_PACT_FILE, '--publish', '--broker-url', 'https://b.example', '--broker-token', 't'])).rejects.toThrow(/refusing to publish without a version/);
    await expect(run([PROVIDER_API_PACT_FILE, '--publish', '--version', '1'])).rejects.toThrow(/--publish needs a broker/);
    await expect(run([PROVIDER_API_PACT_FILE, '--version', '1'])).rejects.toThrow(/only apply with --publish/);
    expect(() => parseCommandLine(verifyPactCommand.spec, [])).toThrow(/expected 1 argument/);
  });

  it('documents its usage, exit codes and the provider states it can set up', () => {
    expect(verifyPactCommand.spec.usage).toMatch(/Exit codes: 0 every interaction verified · 1 an interaction failed · 2 usage error/);
    expect(verifyPactCommand.spec.usage).toContain('"a bank account of the provider\'s bank is linked"');
  });
});
