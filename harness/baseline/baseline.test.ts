import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, readBaseline, type Baseline } from './baseline.ts';

const dir = mkdtempSync(join(tmpdir(), 'baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ids = new Set(['STMT-01', 'STMT-02', 'ONB-01']);
const write = (text: string) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
};

describe('readBaseline', () => {
  it('reads known failures with their reasons', () => {
    const file = write('knownFailures:\n  - requirement: STMT-01\n    reason: batches of 1,000 until release 4\n');
    expect(readBaseline(file, ids).knownFailures).toEqual([{ requirement: 'STMT-01', reason: 'batches of 1,000 until release 4' }]);
  });

  it('lists every problem: unknown ids and keys, blank reasons, duplicates', () => {
    const file = write([
      'knownFailures:',
      '  - { requirement: STMT-99, reason: x }',
      '  - { requirement: STMT-01, reason: "  " }',
      '  - { requirement: STMT-02, reason: ok, ticket: T-1 }',
      '  - { requirement: STMT-02, reason: again }',
      'owner: me',
    ].join('\n'));
    expect(() => readBaseline(file, ids)).toThrow(BaselineError);
    try {
      readBaseline(file, ids);
    } catch (error) {
      expect((error as BaselineError).problems).toEqual([
        `${file}: owner: unknown key`,
        `${file}: knownFailures[0].requirement: "STMT-99" is not a requirement of this set`,
        `${file}: knownFailures[1].reason: a known failure needs a reason`,
        `${file}: knownFailures[2].ticket: unknown key`,
        `${file}: knownFailures[3].requirement: STMT-02 is listed twice`,
      ]);
    }
  });
});

describe('applyBaseline', () => {
  const baseline: Baseline = { source: 'b.yaml', knownFailures: [{ requirement: 'STMT-01', reason: 'r1' }, { requirement: 'STMT-02', reason: 'r2' }] };

  it('accepts baselined failures and fails on new ones', () => {
    const outcome = applyBaseline(new Map([['STMT-01', 'fail'], ['ONB-01', 'fail'], ['STMT-02', 'error']] as const), baseline);
    expect(outcome).toEqual({ newFailures: ['ONB-01'], stale: [], accepted: [{ requirement: 'STMT-01', reason: 'r1' }] });
  });

  it('reports a baselined failure that now passes as stale', () => {
    const outcome = applyBaseline(new Map([['STMT-01', 'pass'], ['STMT-02', 'fail']] as const), baseline);
    expect(outcome.stale).toEqual([{ requirement: 'STMT-01', reason: 'r1' }]);
    expect(outcome.newFailures).toEqual([]);
  });

  it('treats every failure as new without a baseline', () => {
    expect(applyBaseline(new Map([['ONB-01', 'fail']] as const), undefined).newFailures).toEqual(['ONB-01']);
  });
});
