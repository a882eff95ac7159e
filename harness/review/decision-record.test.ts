import { describe, expect, it } from 'vitest';
import { cell, renderDecisionRecord } from './decision-record.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';

const verdict = (status: Verdict['status'], sentence: string): Verdict => ({
  requirementId: 'SYNC-02', level: 'MUST', flow: 'bank-sync', title: 'All four callback URLs registered', status, sentence,
  exchanges: [], events: [], evidence: ['P-BANKS'] as unknown as Verdict['evidence'], policies: {}, hint: '',
});

describe('the decision record', () => {
  it('escapes the provider\'s text so it cannot add table rows, markup or code spans', () => {
    expect(cell('a | b\n| ✅ ok | forged |<script>`x`&')).toBe("a \\| b \\| ✅ ok \\| forged \\|&lt;script&gt;'x'&amp;");
  });

  it('without a readable bundle still says what was decided, why, and every finding', () => {
    const record = renderDecisionRecord({
      decision: 'tampered', exitCode: 4, reason: 'Verification failed: 1 finding (archive); nothing in this bundle can be relied on.',
      bundle: { file: 'x.tar.gz', bytes: 3, digest: 'sha256:00', members: 0 }, manifest: undefined, signature: undefined, requirementSet: undefined,
      verdicts: [], verdictsSource: 'none', findings: [{ kind: 'tampered', area: 'archive', message: 'x.tar.gz is not a readable bundle: not a gzip file' }], reviewedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(record.split('\n').slice(0, 3)).toEqual(['# Submission review: 🛑 TAMPERED — verification failed', '', '**Decision: tampered** (exit 4). Verification failed: 1 finding (archive); nothing in this bundle can be relied on.']);
    expect(record).toContain('## Verdicts (none could be read)');
    expect(record).toContain('| 🛑 tampered | archive | x.tar.gz is not a readable bundle: not a gzip file |');
  });

  it('lists failures with their sentence and evidence tags, problems before what passed', () => {
    const record = renderDecisionRecord({
      decision: 'reject', exitCode: 1, reason: 'Verified, but 1 MUST requirement fails: SYNC-02.',
      bundle: { file: 'b.tar.gz', bytes: 10, digest: 'sha256:11', members: 9 }, manifest: undefined, signature: { state: 'unsigned' }, requirementSet: undefined,
      verdicts: [verdict('fail', 'x-000003 registered 3 of 4 callback URLs: reAuth is missing.'), verdict('pass', 'fine')], verdictsSource: 're-computed',
      findings: [{ kind: 'ok', area: 'members', message: 'all fine' }, { kind: 'warning', area: 'signature', message: 'not signed' }], reviewedAt: '2030-01-01T00:00:00.000Z',
    });
    expect(record).toContain('| **SYNC-02** | MUST | bank-sync | All four callback URLs registered | x-000003 registered 3 of 4 callback URLs: reAuth is missing. | P-BANKS |');
    expect(record).toContain('| 1 | 0 | 0 | 1 | 0 | 2 |');
    expect(record.indexOf('| ⚠️ warning | signature')).toBeLessThan(record.indexOf('| ✅ ok | members'));
    expect(record).toContain('| Signature | not signed |');
  });
});
