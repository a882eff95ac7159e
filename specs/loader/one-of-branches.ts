import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { encodeRefToken } from './json-pointer.ts';

/** The compiled branches of each oneOf/anyOf, keyed by the combinator's array in the compiled schema. */
export type BranchValidators = WeakMap<object, readonly ValidateFunction[]>;

const COMBINATORS = Object.freeze(['oneOf', 'anyOf'] as const);
let rootCounter = 0;

/**
 * Compiles, at load time, each branch of every oneOf/anyOf in a compiled (decycled) root schema, so that a failed
 * combinator can later be explained branch by branch without compiling anything per call. The root is added to
 * `ajv` under a private key and each branch compiled as a `$ref` into it, so the branch's own `$ref`s resolve
 * inside the same root and its combinator arrays are the very objects Ajv reports in errors.
 */
export function indexCombinatorBranches(ajv: Ajv, root: unknown, into: BranchValidators): void {
  if (root === null || typeof root !== 'object') return;
  const key = `spec-loader-root-${(rootCounter += 1)}`;
  try {
    ajv.addSchema(root, key);
  } catch {
    return; // Narrowing is an aid to reading findings; without it every branch's errors are listed.
  }
  const seen = new Set<object>();
  const visit = (node: unknown, pointer: string): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    for (const keyword of COMBINATORS) {
      const branches = (node as Record<string, unknown>)[keyword];
      if (!Array.isArray(branches) || into.has(branches)) continue;
      try {
        into.set(
          branches,
          Object.freeze(branches.map((_, index) => ajv.compile({ $ref: `${key}#${pointer}/${keyword}/${index}` }))),
        );
      } catch {
        // Not a schema after all (a oneOf key inside an example, say): no narrowing there.
      }
    }
    for (const [token, child] of Object.entries(node)) visit(child, `${pointer}/${encodeRefToken(token)}`);
  };
  visit(root, '');
}

/**
 * Narrows failed oneOf/anyOf errors to the branch the payload was evidently meant to be.
 *
 * With allErrors, Ajv reports every branch's errors followed by "must match exactly one schema in oneOf": for a
 * notification with three variants a provider reads a dozen contradictory lines. Each branch is re-run on the
 * failing value (its compiled validator, from indexCombinatorBranches) to know exactly which errors are whose:
 * `schemaPath` cannot tell, since a branch that reaches a shared schema through a `$ref` reports the shared
 * schema's path. The branch kept is the one whose JSON type matches, then whose discriminating values match
 * (single-valued `enum`/`const`, e.g. `type` and `resource.type`), then the one with the fewest errors. When no
 * branch's discriminators match, the discriminator finding lists every branch's allowed values.
 */
export function narrowCombinatorErrors(errors: readonly ErrorObject[], branchesOf: BranchValidators | undefined): ErrorObject[] {
  let list = [...errors];
  if (branchesOf === undefined) return list;
  const handled = new Set<ErrorObject>();
  for (;;) {
    const index = findLastIndex(list, (error) => !handled.has(error) && isFailedCombinator(error));
    if (index < 0) return list;
    const combinator = list[index] as ErrorObject;
    handled.add(combinator);
    list = narrowOne(list, index, combinator, branchesOf) ?? list;
  }
}

function isFailedCombinator(error: ErrorObject): boolean {
  if (error.keyword === 'anyOf') return true;
  return error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas == null;
}

function narrowOne(list: ErrorObject[], index: number, combinator: ErrorObject, branchesOf: BranchValidators): ErrorObject[] | undefined {
  const validators = combinator.schema !== null && typeof combinator.schema === 'object' ? branchesOf.get(combinator.schema) : undefined;
  if (validators === undefined) return undefined;
  const perBranch = validators.map((validate) =>
    validate(combinator.data) ? [] : (validate.errors ?? []).map((error) => ({ ...error, instancePath: combinator.instancePath + error.instancePath })),
  );
  // Ajv appended exactly these errors, branch after branch, just before the combinator's own error. If they do not
  // line up (a branch passes alone, counts differ), the attribution is not trustworthy: leave Ajv's list as it is.
  if (perBranch.some((errors) => errors.length === 0)) return undefined;
  const expected = perBranch.flat();
  const start = index - expected.length;
  if (start < 0) return undefined;
  for (let offset = 0; offset < expected.length; offset += 1) {
    const actual = list[start + offset] as ErrorObject;
    const wanted = expected[offset] as ErrorObject;
    if (actual.keyword !== wanted.keyword || actual.instancePath !== wanted.instancePath) return undefined;
  }
  const best = perBranch[bestBranch(perBranch, combinator.instancePath)] as ErrorObject[];
  const union = discriminatorUnion(perBranch);
  return [...list.slice(0, start), ...best.map((error) => widenDiscriminator(error, union)), ...list.slice(index + 1)];
}

function bestBranch(branchErrors: readonly (readonly ErrorObject[])[], instancePath: string): number {
  const score = (errors: readonly ErrorObject[]): readonly number[] => [
    errors.filter((error) => error.keyword === 'type' && error.instancePath === instancePath).length,
    errors.filter(isDiscriminatorMismatch).length,
    errors.length,
  ];
  let best = 0;
  let bestScore = score(branchErrors[0] ?? []);
  for (let branch = 1; branch < branchErrors.length; branch += 1) {
    const candidate = score(branchErrors[branch] ?? []);
    if (lexicographicallyLess(candidate, bestScore)) {
      best = branch;
      bestScore = candidate;
    }
  }
  return best;
}

function isDiscriminatorMismatch(error: ErrorObject): boolean {
  if (error.keyword === 'const') return true;
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  return error.keyword === 'enum' && Array.isArray(allowed) && allowed.length === 1;
}

/** For each instance path, every value some branch would have accepted there as a discriminator. */
function discriminatorUnion(branchErrors: readonly (readonly ErrorObject[])[]): Map<string, unknown[]> {
  const union = new Map<string, unknown[]>();
  for (const errors of branchErrors) {
    for (const error of errors) {
      if (error.keyword !== 'enum' || !isDiscriminatorMismatch(error)) continue;
      const values = union.get(error.instancePath) ?? [];
      for (const value of (error.params as { allowedValues: unknown[] }).allowedValues) if (!values.includes(value)) values.push(value);
      union.set(error.instancePath, values);
    }
  }
  return union;
}

function widenDiscriminator(error: ErrorObject, unionByPath: ReadonlyMap<string, unknown[]>): ErrorObject {
  if (error.keyword !== 'enum' || !isDiscriminatorMismatch(error)) return error;
  const values = unionByPath.get(error.instancePath);
  if (values === undefined || values.length <= 1) return error;
  return { ...error, params: { ...error.params, allowedValues: values } };
}

function lexicographicallyLess(a: readonly number[], b: readonly number[]): boolean {
  for (let position = 0; position < a.length; position += 1) {
    if ((a[position] ?? 0) !== (b[position] ?? 0)) return (a[position] ?? 0) < (b[position] ?? 0);
  }
  return false;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let position = items.length - 1; position >= 0; position -= 1) if (predicate(items[position] as T)) return position;
  return -1;
}
