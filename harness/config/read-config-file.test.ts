import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfigFile } from './read-config-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const problemsOf = (path: string): readonly string[] => {
  try {
    readConfigFile(path);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('readConfigFile', () => {
  it('reads YAML and JSON', () => {
    expect(readConfigFile(file('a.yaml', 'candidate:\n  url: http://127.0.0.1:8080\n'))).toEqual({ candidate: { url: 'http://127.0.0.1:8080' } });
    expect(readConfigFile(file('a.json', '{"capabilities":["bank-sync"]}'))).toEqual({ capabilities: ['bank-sync'] });
    expect(readConfigFile(file('empty.yaml', ''))).toEqual({});
  });

  it('names an unreadable file, a syntax error and a duplicate key in one line', () => {
    expect(problemsOf(join(dir, 'missing.yaml'))).toEqual([`${join(dir, 'missing.yaml')}: cannot read the config file (ENOENT)`]);
    expect(problemsOf(file('bad.yaml', 'candidate: [\n'))).toEqual([expect.stringMatching(/bad\.yaml: not valid YAML or JSON: /)]);
    expect(problemsOf(file('dup.yaml', 'baseline: a\nbaseline: b\n'))).toEqual([expect.stringMatching(/dup\.yaml: not valid YAML or JSON: .*unique/i)]);
  });

  it('lists every schema problem with its field', () => {
    const path = file('wrong.yaml', [
      'candidate:', '  imgae: acme', '  command: 5', '  network: nat', '  readiness: { timeoutMs: "soon" }',
      'auth:', '  driver: telepathy', '  users: { multiAccount: { username: alice } }',
      'timeouts: { startupMs: -1 }', 'surprise: true',
    ].join('\n'));
    expect(problemsOf(path)).toEqual([
      `${path}: surprise: unknown key`,
      `${path}: candidate.imgae: unknown key`,
      `${path}: candidate.command: must be a string or a list of strings`,
      `${path}: candidate.network: must be one of "host", "bridge"`,
      `${path}: candidate.readiness.timeoutMs: must be integer`,
      `${path}: auth.driver: must be one of "redirect", "form", "browser"`,
      `${path}: auth.users.multiAccount.password: is required`,
      `${path}: timeouts.startupMs: must be >= 100`,
    ]);
  });

  it('checks the bankingService section: ports in range, known keys', () => {
    const path = file('pinned.yaml', [
      'bankingService:', '  ports: { sageId: 70000, providerApi: 0, consumerApi: 4012, admin: 4013 }',
      '  provider: { clientId: acme, apiKey: "", token: x }',
    ].join('\n'));
    expect(problemsOf(path)).toEqual([
      `${path}: bankingService.ports.admin: unknown key`,
      `${path}: bankingService.ports.sageId: must be <= 65535`,
      `${path}: bankingService.ports.providerApi: must be >= 1`,
      `${path}: bankingService.provider.token: unknown key`,
      `${path}: bankingService.provider.apiKey: must NOT have fewer than 1 characters`,
    ]);
  });
});
