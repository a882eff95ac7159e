/**
 * OpenAPI 3.0 writes an exclusive bound as `minimum: 0, exclusiveMinimum: true` (the draft-04 form); Ajv, like
 * JSON Schema since draft-06, wants `exclusiveMinimum: 0` and refuses to compile the boolean form. Valid 3.0
 * documents would otherwise fail to load. Rewrites the dereferenced 3.0 document in place (it is the loader's
 * own copy); the object graph may be cyclic.
 */
export function normaliseExclusiveBounds(document: unknown): void {
  const seen = new Set<object>();
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (!Array.isArray(node)) {
      const schema = node as Record<string, unknown>;
      rewrite(schema, 'exclusiveMinimum', 'minimum');
      rewrite(schema, 'exclusiveMaximum', 'maximum');
    }
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') pending.push(child);
  }
}

function rewrite(schema: Record<string, unknown>, exclusive: 'exclusiveMinimum' | 'exclusiveMaximum', bound: 'minimum' | 'maximum'): void {
  if (typeof schema[exclusive] !== 'boolean') return;
  if (schema[exclusive] === true && typeof schema[bound] === 'number') {
    schema[exclusive] = schema[bound];
    delete schema[bound];
  } else {
    delete schema[exclusive];
  }
}
