import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isInsideFolder } from './confined-file-resolver.ts';

const root = mkdtempSync(join(tmpdir(), 'spec-loader-confine-'));
const folder = join(root, 'specs');
mkdirSync(join(folder, 'schemas'), { recursive: true });
writeFileSync(join(folder, 'schemas', 'a.yaml'), 'A: {type: string}\n');
writeFileSync(join(root, 'secret.yaml'), 'S: {type: string}\n');
symlinkSync(join(root, 'secret.yaml'), join(folder, 'link.yaml'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('isInsideFolder', () => {
  it('allows files in the folder and its sub-folders, as paths or file: URLs', () => {
    expect(isInsideFolder(folder, join(folder, 'schemas', 'a.yaml'))).toBe(true);
    expect(isInsideFolder(folder, pathToFileURL(join(folder, 'schemas', 'a.yaml')).href)).toBe(true);
    expect(isInsideFolder(folder, join(folder, 'not-yet-written.yaml'))).toBe(true);
  });

  it('refuses files outside the folder, however they are reached', () => {
    expect(isInsideFolder(folder, join(root, 'secret.yaml'))).toBe(false);
    expect(isInsideFolder(folder, join(folder, '..', 'secret.yaml'))).toBe(false);
    expect(isInsideFolder(folder, join(folder, 'link.yaml'))).toBe(false);
    expect(isInsideFolder(folder, '/etc/passwd')).toBe(false);
    expect(isInsideFolder(folder, folder)).toBe(false);
  });

  it('refuses every URL that is not a local file', () => {
    expect(isInsideFolder(folder, 'http://127.0.0.1/schema.json')).toBe(false);
    expect(isInsideFolder(folder, 'https://example.com/schema.json')).toBe(false);
    expect(isInsideFolder(folder, 'data:application/json,{}')).toBe(false);
  });
});
