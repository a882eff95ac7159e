import { encodeRefToken } from './json-pointer.ts';

/**
 * Copies a dereferenced schema, replacing each object met a second time (a recursive schema's cycle, or a
 * schema shared by several places) with a `$ref` to where it was first met. swagger-parser's dereference
 * leaves real object cycles, which Ajv cannot compile; this is the same treatment openapi-backend gives its
 * request schemas, so request and response schemas compile alike.
 */
export function decycleSchema(schema: unknown): unknown {
  const firstSeenAt = new WeakMap<object, string>();
  const copy = (value: unknown, pointer: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const earlier = firstSeenAt.get(value);
    if (earlier !== undefined) return { $ref: `#${earlier}` };
    firstSeenAt.set(value, pointer);
    if (Array.isArray(value)) return value.map((item, index) => copy(item, `${pointer}/${index}`));
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) result[key] = copy(child, `${pointer}/${encodeRefToken(key)}`);
    return result;
  };
  return copy(schema, '');
}
