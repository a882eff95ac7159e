import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as loader from './index.ts';
import { SpecLoadError as SpecLoadErrorItself } from './spec-load-error.ts';

const contract = readFileSync(new URL('../../docs/loader-api.md', import.meta.url), 'utf8');

describe('specs/loader public surface', () => {
  it('exports at run time exactly the values docs/loader-api.md declares', () => {
    const declared = [...contract.matchAll(/^export (?:function|const|class) (\w+)/gm)].map((match) => match[1]);
    expect(Object.keys(loader).sort()).toEqual(declared.sort());
  });

  it('declares every field an ApiValidator has in the contract', async () => {
    const validator = await loader.loadApiValidator('consumer-api', new URL('./fixtures/set/consumer-api.yaml', import.meta.url).pathname);
    for (const field of Object.keys(validator)) expect(contract, `docs/loader-api.md declares ${field}`).toMatch(new RegExp(`\\b${field}\\b`));
  });

  it('throws the SpecLoadError it exports', async () => {
    expect(loader.SpecLoadError).toBe(SpecLoadErrorItself);
    await expect(loader.loadApiValidator('sage-id', '/nonexistent/sage-id.yaml')).rejects.toBeInstanceOf(loader.SpecLoadError);
  });
});
