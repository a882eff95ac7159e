import { describe, expect, it } from 'vitest';
import { candidateFlagProblems, overrideCandidate } from './candidate-override.ts';

describe('overrideCandidate', () => {
  const config = { capabilities: ['bank-sync'], candidate: { command: 'node x.js', workdir: 'app', env: { A: '{{port}}' }, readiness: { path: '/health' } } };

  it('leaves the config alone without a candidate flag', () => {
    expect(overrideCandidate(config, {})).toBe(config);
  });

  it('replaces the candidate, keeping env and readiness and dropping settings of the replaced kind', () => {
    expect(overrideCandidate(config, { image: 'acme:1' }).candidate).toEqual({ image: 'acme:1', env: { A: '{{port}}' }, readiness: { path: '/health' } });
    expect(overrideCandidate(config, { url: 'http://127.0.0.1:9' }).candidate).toEqual({ url: 'http://127.0.0.1:9', env: { A: '{{port}}' }, readiness: { path: '/health' } });
    expect(overrideCandidate(config, { command: 'node y.js' }).candidate).toMatchObject({ command: 'node y.js', workdir: 'app' });
    expect(overrideCandidate({ candidate: { image: 'a', network: 'bridge' } }, { image: 'b' }).candidate).toEqual({ image: 'b', network: 'bridge' });
    expect(overrideCandidate(config, { image: 'acme:1' }).capabilities).toEqual(['bank-sync']);
  });
});

describe('candidateFlagProblems', () => {
  it('refuses empty values and URLs that are not http(s)', () => {
    expect(candidateFlagProblems({ image: ' ', url: 'ftp://x' })).toEqual([
      'certify: --image needs a non-empty value',
      'certify: --url "ftp://x" is not an http:// or https:// URL',
    ]);
    expect(candidateFlagProblems({ url: 'http://127.0.0.1:8080' })).toEqual([]);
  });
});
