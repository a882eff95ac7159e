import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_NAMES, BUNDLED_SPEC_FOLDER, bundledSpecPath, isApiName } from './api-names.ts';

describe('api-names', () => {
  it('names the four APIs, frozen', () => {
    expect(API_NAMES).toEqual(['connector-api', 'provider-api', 'consumer-api', 'sage-id']);
    expect(Object.isFrozen(API_NAMES)).toBe(true);
  });

  it('recognises only those names', () => {
    expect(isApiName('provider-api')).toBe(true);
    expect(isApiName('provider')).toBe(false);
    expect(isApiName('Provider-API')).toBe(false);
  });

  it('places the bundled documents in specs/<api>.yaml', () => {
    const path = bundledSpecPath('sage-id');
    expect(basename(path)).toBe('sage-id.yaml');
    expect(dirname(path)).toBe(BUNDLED_SPEC_FOLDER.replace(/\/$/, ''));
    expect(basename(BUNDLED_SPEC_FOLDER.replace(/\/$/, ''))).toBe('specs');
    expect(existsSync(BUNDLED_SPEC_FOLDER)).toBe(true);
  });
});
