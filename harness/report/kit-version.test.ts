import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT, KIT_ROOT } from './kit-version.ts';

describe('KIT', () => {
  it('names the package and its semantic version, and the root holds the package file', () => {
    expect(KIT.name).toBe('banking-service-conformance-kit');
    expect(KIT.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(join(KIT_ROOT, 'package.json'))).toBe(true);
  });
});
