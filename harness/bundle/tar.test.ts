import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packArchive, unpackArchive } from './archive.ts';
import { memberNameProblem, readTar, TarError, writeTar, type TarEntry } from './tar.ts';

const root = await mkdtemp(join(tmpdir(), 'bsck-tar-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const gnuTar = ['/usr/bin/tar', '/bin/tar'].find((path) => existsSync(path));
const withGnuTar = gnuTar ? it : it.skip;

const entries: TarEntry[] = [
  { name: 'manifest.json', data: Buffer.from('{"a":1}\n') },
  { name: 'evidence/traffic.jsonl', data: Buffer.from('{"id":"x-000001"}\n'.repeat(100)) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'block.bin', data: Buffer.alloc(512, 7) },
  { name: `reports/allure-report/${'deep/'.repeat(30)}index.html`, data: Buffer.from('<!DOCTYPE html>ü') },
];

describe('ustar writer and reader', () => {
  it('round-trips every member byte for byte, long names (prefix field) and empty members included', () => {
    const read = readTar(writeTar(entries));
    expect(read.map((entry) => entry.name)).toEqual(entries.map((entry) => entry.name));
    for (const [index, entry] of read.entries()) expect(entry.data.equals(entries[index]?.data ?? Buffer.alloc(1))).toBe(true);
  });

  it('is deterministic: the same members give the same bytes, whatever order they are given in (packArchive sorts)', () => {
    const once = packArchive(entries);
    const again = packArchive([...entries].reverse());
    expect(once.equals(again)).toBe(true);
    expect(unpackArchive(once).map((entry) => entry.name)).toEqual([...entries.map((entry) => entry.name)].sort());
  });

  withGnuTar('writes archives GNU tar lists and extracts with fixed mtime, mode and owner', async () => {
    const file = join(root, 'ours.tar.gz');
    await writeFile(file, packArchive(entries));
    const listing = execFileSync(gnuTar ?? 'tar', ['--numeric-owner', '-tvzf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing).toHaveLength(entries.length);
    for (const line of listing) expect(line).toMatch(/^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 /);
    const out = join(root, 'extracted');
    await mkdir(out);
    execFileSync(gnuTar ?? 'tar', ['-xzf', file, '-C', out]);
    for (const entry of entries) expect((await readFile(join(out, entry.name))).equals(entry.data)).toBe(true);
  });

  withGnuTar('reads a ustar archive GNU tar wrote (its folder entries skipped)', async () => {
    const source = join(root, 'source');
    await mkdir(join(source, 'evidence'), { recursive: true });
    await writeFile(join(source, 'evidence', 'steps.jsonl'), '{"seq":1}\n');
    await writeFile(join(source, 'verdicts.json'), '[]\n');
    const file = join(root, 'theirs.tar');
    execFileSync(gnuTar ?? 'tar', ['--format=ustar', '-cf', file, '-C', source, 'evidence', 'verdicts.json']);
    const read = readTar(await readFile(file));
    expect(read.map((entry) => [entry.name, entry.data.toString()])).toEqual([['evidence/steps.jsonl', '{"seq":1}\n'], ['verdicts.json', '[]\n']]);
  });

  it('refuses a damaged header, a truncated member, a link, data after the end, and duplicate or unsafe names', () => {
    const tar = writeTar([{ name: 'a.txt', data: Buffer.from('hello') }]);
    const damaged = Buffer.from(tar);
    damaged[3] = 0x41;
    expect(() => readTar(damaged)).toThrow(/wrong checksum/);
    expect(() => readTar(tar.subarray(0, 514))).toThrow(/cut short/);
    expect(() => readTar(tar.subarray(0, 1024))).toThrow(/truncated/);
    const link = Buffer.from(tar);
    link[156] = 0x32; // '2': a symbolic link
    link.write(`${checksum(link).toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
    expect(() => readTar(link)).toThrow('member a.txt has tar type "2"; a bundle holds regular files only');
    const trailing = Buffer.concat([tar, Buffer.from('hidden')]);
    expect(() => readTar(trailing)).toThrow(/data after its end-of-archive block/);
    const twice = Buffer.concat([tar.subarray(0, 1024), tar]);
    expect(() => readTar(twice)).toThrow('member a.txt appears twice in the archive');
    expect(() => writeTar([{ name: '../escape', data: Buffer.alloc(0) }])).toThrow(TarError);
    expect(memberNameProblem('/etc/passwd')).toBe('is absolute');
    expect(memberNameProblem('a/../b')).toBe('has an empty, "." or ".." segment');
    expect(memberNameProblem('reports/summary.json')).toBeUndefined();
  });

  it('refuses what is not a gzip file, damaged gzip data, and an archive that unpacks past the limit', () => {
    expect(() => unpackArchive(Buffer.from('PK\u0003\u0004 a zip'))).toThrow('not a gzip file (a bundle is a .tar.gz)');
    const packed = packArchive(entries);
    expect(() => unpackArchive(packed.subarray(0, packed.length - 20))).toThrow(/gzip data is damaged/);
    expect(() => unpackArchive(packed, 1024)).toThrow('the archive unpacks to more than 1024 bytes');
  });
});

function checksum(header: Buffer): number {
  let sum = 0;
  for (let index = 0; index < 512; index += 1) sum += index >= 148 && index < 156 ? 0x20 : (header[index] ?? 0);
  return sum;
}
