import { Ajv } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { MutationKind } from './example-manifest.ts';

// ajv-formats is CommonJS with an `exports.default`; under NodeNext either shape may arrive at run time.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

type Schema = Readonly<Record<string, unknown>>;

/**
 * Which mutation kinds a (dereferenced) schema makes possible on one concrete example: a present property the
 * schema requires (missing-required), a present value under an `enum` (wrong-enum), under a `type`
 * (wrong-type), or a string under a `format` (wrong-format). For oneOf/anyOf it follows the branch the example
 * matches, as a validator would. The manifest must give every example each kind this returns.
 */
export function possibleMutationKinds(schema: unknown, example: unknown): Set<MutationKind> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const kinds = new Set<MutationKind>();
  walk(schema, example, ajv, kinds);
  return kinds;
}

function walk(schema: unknown, value: unknown, ajv: Ajv, kinds: Set<MutationKind>): void {
  if (!isSchema(schema) || value === undefined) return;
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) {
      const matching = branches.find((branch) => isSchema(branch) && ajv.validate(branch, value));
      walk(matching, value, ajv, kinds);
    }
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) for (const part of allOf) walk(part, value, ajv, kinds);
  if (Array.isArray(schema['enum'])) kinds.add('wrong-enum');
  if (schema['type'] !== undefined) kinds.add('wrong-type');
  if (typeof schema['format'] === 'string' && typeof value === 'string') kinds.add('wrong-format');
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
    if (required.some((name) => typeof name === 'string' && Object.hasOwn(record, name))) kinds.add('missing-required');
    const properties = isSchema(schema['properties']) ? schema['properties'] : {};
    for (const [name, child] of Object.entries(properties)) {
      if (Object.hasOwn(record, name)) walk(child, record[name], ajv, kinds);
    }
  }
  if (Array.isArray(value) && isSchema(schema['items'])) {
    for (const element of value) walk(schema['items'], element, ajv, kinds);
  }
}

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
