import { Ajv, type Options } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { AjvCustomizer } from 'openapi-backend';

// ajv-formats is CommonJS with an `exports.default`; under NodeNext TypeScript types the default import as the
// module object. At run time either shape is the plugin function.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

/**
 * The options of every Ajv the loader compiles with, and of the raw Ajv the benchmark compares against.
 * - strict: false — OpenAPI schemas carry keywords Ajv does not know (`x-policy`, `example`, `discriminator`,
 *   `xml`); strict mode would refuse to compile them.
 * - allErrors — a provider fixes everything wrong in one round, not one finding per run.
 * - verbose — errors carry the schema node that failed, which is how oneOf failures are narrowed to the
 *   branch the payload was meant to be (see one-of-branches.ts).
 */
export const AJV_OPTIONS: Readonly<Options> = Object.freeze({ strict: false, allErrors: true, verbose: true });

/** openapi-backend's own Ajv ignores `format` (date-time, uuid, email, uri); ajv-formats makes it enforce them. */
export const customizeAjv: AjvCustomizer = (ajv) => {
  addFormats(ajv);
  return ajv;
};

/** A stand-alone Ajv configured like the loader's (used by tests and the benchmark as the baseline). */
export function createRawAjv(extra: Readonly<Options> = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  return ajv;
}
