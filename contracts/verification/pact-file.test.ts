import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDER_API_PACT_FILE } from '../pact-environment.ts';
import { PactFileError, parsePactDocument, readPactDocument } from './pact-file.ts';

describe('readPactDocument', () => {
  it('reads a V4 pact: participants, specification, interactions with their provider states', async () => {
    const document = await readPactDocument(PROVIDER_API_PACT_FILE);
    expect(document.consumer).toBe('reference-connector');
    expect(document.specification).toBe('4.0');
    const patch = document.interactions.find((interaction) => interaction.method === 'PATCH' && interaction.providerStates[0]?.name.startsWith('an onboarding'));
    expect(patch?.kind).toBe('http');
    expect(patch?.path).toMatch(/^\/v1\/authorisations\//);
  });

  it('reads a V2 pact (providerState, a matcher as path)', () => {
    const document = parsePactDocument(
      JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, metadata: { 'pact-specification': { version: '2.0.0' } }, interactions: [{ description: 'd', providerState: 's', request: { method: 'get', path: { value: '/v1/x' } }, response: { status: 200 } }] }),
      'v2.json',
    );
    expect(document.specification).toBe('2.0.0');
    expect(document.interactions[0]).toEqual({ description: 'd', providerStates: [{ name: 's', params: {} }], kind: 'http', method: 'GET', path: '/v1/x' });
  });

  it('marks message interactions as not verifiable over HTTP', () => {
    const document = parsePactDocument(JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [{ description: 'm', type: 'Asynchronous/Messages', contents: {} }] }), 'm.json');
    expect(document.interactions[0]?.kind).toBe('other');
  });

  it.each([
    ['not json', 'x.json is not JSON'],
    ['[]', 'x.json is not a pact file: it holds no JSON object'],
    ['{"consumer":{"name":"c"}}', 'consumer.name or provider.name is missing'],
    ['{"consumer":{"name":"c"},"provider":{"name":"p"},"messages":[]}', 'it is a message pact'],
    ['{"consumer":{"name":"c"},"provider":{"name":"p"},"interactions":[]}', 'has no interactions'],
    ['{"consumer":{"name":"c"},"provider":{"name":"p"},"interactions":[{"request":{}}]}', 'interactions[0] has no description'],
  ])('refuses %s in one line naming the file', (text, message) => {
    expect(() => parsePactDocument(text, 'x.json')).toThrow(PactFileError);
    expect(() => parsePactDocument(text, 'x.json')).toThrow(message);
  });

  it('names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bsck-pact-file-'));
    try {
      await expect(readPactDocument(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json does not exist: give the path of a pact file/);
      await writeFile(join(dir, 'ok.json'), JSON.stringify({ consumer: { name: 'c' }, provider: { name: 'p' }, interactions: [{ description: 'd', request: { method: 'POST', path: '/v1/banks' } }] }));
      expect((await readPactDocument(join(dir, 'ok.json'))).interactions[0]?.path).toBe('/v1/banks');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
