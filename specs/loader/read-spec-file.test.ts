import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSpecFile } from './read-spec-file.ts';
import { SpecLoadError } from './spec-load-error.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('readSpecFile', () => {
  it('hashes the bytes as read and parses YAML, keeping ISO dates as strings', async () => {
    const file = fixture('set/provider-api.yaml');
    const content = await readSpecFile(file);
    expect(content.digest).toBe(`sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`);
    expect(content.parsed['openapi']).toBe('3.0.3');
  });

  it('parses JSON files', async () => {
    const content = await readSpecFile(fixture('set/sage-id.json'));
    expect(content.parsed['swagger']).toBe('2.0');
    expect(content.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('names the file and the line of a YAML syntax error, in one line', async () => {
    const file = fixture('broken/unparseable.yaml');
    const attempt = readSpecFile(file);
    await expect(attempt).rejects.toBeInstanceOf(SpecLoadError);
    await expect(attempt).rejects.toThrow(new RegExp(`^${file}: not valid YAML: .*line 3, column \\d+$`));
  });

  it('says when the file is missing or is a folder', async () => {
    await expect(readSpecFile(fixture('broken/absent.yaml'))).rejects.toThrow(/absent\.yaml: file not found$/);
    await expect(readSpecFile(fixture('broken'))).rejects.toThrow(/broken: is a folder, not a spec file$/);
  });
});
