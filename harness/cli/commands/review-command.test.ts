import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBERS } from '../../bundle/bundle-layout.ts';
import { REVIEW_EXIT } from '../../review/review-decision.ts';
import { editJson, rewriteBundle, syntheticInputs, writeRunAndBundle } from '../../review/test-support/bundle-fixture.ts';
import { CHECKS } from '../../../suites/checks/registry.ts';
import type { Verdict } from '../../../suites/checks/verdict.ts';
import { runCli } from '../main.ts';
import { reviewCommand } from './review-command.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-review-command-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const key = generateKeyPairSync('ed25519');
const publicPem = join(root, 'provider-public.pem');
let bundle: string;
let verdicts: readonly Verdict[];

async function review(args: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['review', ...args], { out: (line) => out.push(line), err: (line) => err.push(line) }, [reviewCommand]);
  return { code: code as number, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  await writeFile(publicPem, key.publicKey.export({ type: 'spki', format: 'pem' }));
  // Judged with the kit's own checks, so the command (which re-judges with them) finds the verdicts genuine.
  const inputs = syntheticInputs({ checks: CHECKS });
  verdicts = inputs.run.verdicts;
  bundle = (await writeRunAndBundle(join(root, 'run'), inputs, { signingKey: key.privateKey })).file;
});

describe('bsck review', () => {
  it('prints the decision record and exits with the decision\'s code; --record writes it too', async () => {
    const record = join(root, 'decision.md');
    const result = await review([bundle, '--public-key', publicPem, '--record', record]);
    const expected = verdicts.some((verdict) => verdict.status === 'fail') ? 'reject' : verdicts.some((verdict) => verdict.status === 'error') ? 'incomplete' : 'approve';
    expect(result.err).toBe('');
    expect(result.code).toBe(REVIEW_EXIT[expected]);
    expect(result.out).toMatch(new RegExp(`^# Submission review: .*\\n\\n\\*\\*Decision: ${expected}\\*\\* \\(exit ${REVIEW_EXIT[expected]}\\)`));
    expect(result.out).toMatch(/\| Signature \| verified — Ed25519 key `sha256:[0-9a-f]{64}` \|/);
    expect(await readFile(record, 'utf8')).toBe(result.out);
  });

  it('exits 4 for a tampered bundle, naming what changed', async () => {
    const forged = join(root, 'forged.bsck.tar.gz');
    await writeFile(forged, rewriteBundle(await readFile(bundle), (members) => editJson<Verdict[]>(members, MEMBERS.verdicts, (list) => list.map((verdict, index) => (index === 0 ? { ...verdict, status: verdict.status === 'pass' ? 'fail' : 'pass' } : verdict)))));
    const result = await review([forged, '--public-key', publicPem]);
    expect(result.code).toBe(REVIEW_EXIT.tampered);
    expect(result.out).toContain('**Decision: tampered** (exit 4)');
    expect(result.out).toMatch(/\| 🛑 tampered \| members \| verdicts\.json changed after the bundle was written/);
    expect(result.out).toMatch(new RegExp(`\\| 🛑 tampered \\| re-computation \\| ${verdicts[0]?.requirementId}: verdicts\\.json says`));
  });

  it('is a usage error (exit 2, one line) for a missing bundle, a folder, a bad key file or a missing argument', async () => {
    expect(await review([join(root, 'nope.tar.gz')])).toEqual({ code: 2, out: '', err: `review: ${join(root, 'nope.tar.gz')} does not exist; give the path of a submission bundle (.bsck.tar.gz)` });
    expect((await review([root])).err).toBe(`review: ${root} is not a file; give the path of a submission bundle (.bsck.tar.gz)`);
    const notKey = join(root, 'not-a-key.pem');
    await writeFile(notKey, 'hello');
    expect(await review([bundle, '--public-key', notKey])).toMatchObject({ code: 2, err: expect.stringMatching(/^review: --public-key: .*not-a-key\.pem is not a PEM public key; create one with: openssl genpkey/) });
    expect((await review([])).code).toBe(2);
  });

  it('documents its exit codes in --help', async () => {
    const result = await review(['--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('4 tampered (verification failed) · 5 incomplete');
  });
});
