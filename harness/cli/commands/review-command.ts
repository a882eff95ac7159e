import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { UsageError, type ExitCode } from '../exit-codes.ts';

const USAGE = 'bsck review BUNDLE [--public-key PEM] [--record FILE]';

const HELP = [
  'Verifies a submission bundle offline, as the Sage Banking Service team does before granting production',
  'credentials: every member\'s SHA-256, the Ed25519 signature, the requirement set and specs against this kit,',
  'completeness, and every verdict re-computed from the bundled evidence with this kit\'s checks. Prints the',
  'decision record (Markdown).',
  '',
  '  --public-key PEM  the provider\'s Ed25519 public key: the bundle must be signed with it',
  '  --record FILE     also write the decision record to FILE',
  '',
  'Exit codes: 0 approve · 1 reject (a MUST fails) · 2 usage error · 3 the kit failed ·',
  '            4 tampered (verification failed) · 5 incomplete (not every requirement judged and decided)',
].join('\n');

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export const reviewCommand: Command = {
  spec: {
    name: 'review',
    summary: 'Verify a submission bundle and decide: approve, reject, tampered or incomplete',
    usage: USAGE,
    help: HELP,
    options: {
      'public-key': { type: 'string' },
      record: { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
  },
  async run(parsed, io) {
    const file = resolve(parsed.positionals[0] ?? '');
    const stats = (() => {
      try {
        return statSync(file);
      } catch {
        return undefined;
      }
    })();
    if (!stats) throw new UsageError(`review: ${file} does not exist; give the path of a submission bundle (.bsck.tar.gz)`);
    if (!stats.isFile()) throw new UsageError(`review: ${file} is not a file; give the path of a submission bundle (.bsck.tar.gz)`);

    // Loaded on use, as certify does: `bsck --help` should not wait for the checks to load.
    const { readPublicKey, SigningKeyError } = await import('../../bundle/signing.ts');
    const keyFile = stringValue(parsed.values['public-key']);
    let publicKey;
    try {
      publicKey = keyFile === undefined ? undefined : readPublicKey(resolve(keyFile));
    } catch (error) {
      if (error instanceof SigningKeyError) throw new UsageError(`review: ${error.message}`);
      throw error;
    }

    const { reviewBundle } = await import('../../review/review-bundle.ts');
    const result = await reviewBundle(file, publicKey ? { publicKey } : {});
    io.out(result.record);
    const recordFile = stringValue(parsed.values['record']);
    if (recordFile !== undefined) await writeFile(resolve(recordFile), result.record);
    // review's exit codes extend certify's (harness/review/review-decision.ts REVIEW_EXIT: 4 tampered, 5 incomplete);
    // ExitCode names certify's five, hence the widening.
    return result.exitCode as ExitCode;
  },
};
