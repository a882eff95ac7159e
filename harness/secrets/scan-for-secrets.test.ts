import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { packArchive } from '../bundle/archive.ts';
import { describeSecretHit, scanBytes, scanForSecrets } from './scan-for-secrets.ts';
import { secretNeedles } from './secret-spellings.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-secret-scan-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const clientSecret = { label: 'client-secret', value: 'Zx9/q+Lm"w<3>&k=Pq7_rT2uVb' };
const apiKey = { label: 'api-key', value: 'b2Qd8sKp0Lw3nXy6Vr1Tz5Hm' };
const otp = { label: 'test-user-otp', value: '111111' };
const password = { label: 'test-user-password', value: 'open sesame 42!' };
const secrets = [clientSecret, apiKey, otp, password];

const labelsFound = (text: string | Buffer) => scanBytes('f', Buffer.isBuffer(text) ? text : Buffer.from(text), secrets).map((hit) => `${hit.label} ${hit.spelling}`);

describe('secret spellings', () => {
  it('finds each secret plain, URL- and form-encoded, JSON- and HTML-escaped', () => {
    expect(labelsFound(`{"k":"${apiKey.value}"}`)).toEqual(['api-key plain']);
    expect(labelsFound(`GET /cb?s=${encodeURIComponent(clientSecret.value)}`)).toEqual(['client-secret url-encoded']);
    expect(labelsFound(new URLSearchParams({ username: 'alice', password: password.value }).toString())).toEqual(['test-user-password form-encoded']);
    expect(labelsFound(JSON.stringify({ secret: clientSecret.value }))).toEqual(['client-secret json-escaped']);
    expect(labelsFound(`<td>${clientSecret.value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</td>`)).toEqual(['client-secret html-escaped']);
  });

  it('finds a secret base64-encoded at any byte offset inside a longer value (a Basic credential, an attachment)', () => {
    for (const prefix of ['', 'p', 'pr', 'provider-1:', 'provider-12:', 'provider-123:']) {
      const basic = Buffer.from(`${prefix}${apiKey.value}`).toString('base64');
      expect(labelsFound(`authorization: Basic ${basic}`)).toContain('api-key base64');
      expect(labelsFound(Buffer.from(`${prefix}${apiKey.value}`).toString('base64url'))).toEqual(expect.arrayContaining([expect.stringMatching(/^api-key base64(url)?$/)]));
    }
  });

  it('matches a short secret (a one-time code) only as a whole word', () => {
    expect(labelsFound('otp=111111&next=1')).toEqual(['test-user-otp plain']);
    expect(labelsFound('"durationMs": 17000011111119')).toEqual([]);
    expect(labelsFound(`code ${Buffer.from('111111').toString('base64')}.`)).toEqual(['test-user-otp base64']);
    expect(secretNeedles([otp]).every((needle) => needle.wholeWord)).toBe(true);
  });
});

describe('scanForSecrets', () => {
  it('scans every file below the folder, gzip and tar archives member by member, and file names; reports labels, never values', async () => {
    const out = join(root, 'out');
    await mkdir(join(out, 'allure-report', 'data'), { recursive: true });
    await writeFile(join(out, 'summary.md'), '## Conformant\nNothing to see.\n');
    await writeFile(join(out, 'allure-report', 'data', 'attachment.txt'), `x-api-key: ${apiKey.value}\n`);
    await writeFile(join(out, `token-${apiKey.value}.txt`), 'named after a secret\n');
    await writeFile(join(out, 'log.gz'), gzipSync(`secret=${encodeURIComponent(clientSecret.value)}\n`));
    await writeFile(join(out, 'submission.bsck.tar.gz'), packArchive([
      { name: 'reports/summary.md', data: Buffer.from(`pin ${otp.value}\n`) },
      { name: 'verdicts.json', data: Buffer.from('[]\n') },
    ]));
    const hits = await scanForSecrets(out, secrets);
    expect(hits.map((hit) => `${hit.file} ${hit.label} ${hit.spelling}`).sort()).toEqual([
      'allure-report/data/attachment.txt api-key plain',
      'log.gz!(decompressed) client-secret url-encoded',
      'submission.bsck.tar.gz!reports/summary.md test-user-otp plain',
      `token-${apiKey.value}.txt api-key file name`,
    ]);
    const described = hits.map(describeSecretHit).join('\n');
    expect(described).toContain("allure-report/data/attachment.txt holds the run's api-key at byte 11, plain");
    for (const secret of [clientSecret.value, encodeURIComponent(clientSecret.value), otp.value]) expect(described).not.toContain(secret);
  });

  it('finds nothing in a clean folder, and nothing at all with no secrets to look for', async () => {
    const clean = join(root, 'clean');
    await mkdir(clean);
    await writeFile(join(clean, 'summary.json'), JSON.stringify({ redacted: '[REDACTED:api-key]', bearer: 'Bearer [REDACTED:bearer#abcd1234]' }));
    expect(await scanForSecrets(clean, secrets)).toEqual([]);
    expect(await scanForSecrets(join(root, 'out'), [])).toEqual([]);
  });
});
