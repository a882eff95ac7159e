import type { Ajv, ValidateFunction } from 'ajv';
import type { Document, Operation } from 'openapi-backend';
import { decycleSchema } from './decycle-schema.ts';
import { indexCombinatorBranches, type BranchValidators } from './one-of-branches.ts';
import { SpecLoadError, messageOf } from './spec-load-error.ts';

/** What one documented response (a status code, a range or `default`) checks. */
export interface ResponseCheck {
  /** The body schema of its JSON media type; absent when the response documents no JSON body (HTML, none). */
  readonly body: ValidateFunction | undefined;
  /** Its documented headers (names lower-cased); absent when it documents none. */
  readonly headers: ValidateFunction | undefined;
}

export interface OperationResponses {
  readonly keys: readonly string[];
  readonly checks: ReadonlyMap<string, ResponseCheck>;
}

interface ResponseObject {
  readonly content?: Readonly<Record<string, { readonly schema?: unknown }>>;
  readonly headers?: Readonly<Record<string, { readonly schema?: unknown; readonly required?: boolean }>>;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;.*)?$/i;

/**
 * Compiles, once, the checks of every documented response of every operation. openapi-backend's own response
 * validation only knows `application/json` exactly and silently passes an undocumented status, so responses are
 * compiled here, with Ajv instances openapi-backend built (its formats plus our customizeAjv).
 */
export function compileResponseChecks(
  file: string,
  operations: readonly Operation<Document>[],
  bodyAjv: Ajv,
  headerAjv: Ajv,
  branches: BranchValidators,
): ReadonlyMap<string, OperationResponses> {
  const byOperation = new Map<string, OperationResponses>();
  for (const operation of operations) {
    const operationId = operation.operationId ?? '';
    const responses = (operation.responses ?? {}) as Readonly<Record<string, ResponseObject>>;
    const checks = new Map<string, ResponseCheck>();
    for (const [key, response] of Object.entries(responses)) {
      const compile = (what: string, schema: unknown, ajv: Ajv): ValidateFunction => {
        try {
          return ajv.compile(decycleSchema(schema) as object);
        } catch (error) {
          throw new SpecLoadError(file, `cannot compile the ${what} of ${operationId} response ${key}: ${messageOf(error)}`);
        }
      };
      const jsonSchema = jsonBodySchemaOf(response);
      const headerSchema = headerSchemaOf(response);
      const body = jsonSchema === undefined ? undefined : compile('body schema', jsonSchema, bodyAjv);
      if (body !== undefined) indexCombinatorBranches(bodyAjv, body.schema, branches);
      checks.set(
        key,
        Object.freeze({ body, headers: headerSchema === undefined ? undefined : compile('headers', headerSchema, headerAjv) }),
      );
    }
    byOperation.set(operationId, Object.freeze({ keys: Object.freeze([...checks.keys()]), checks }));
  }
  return byOperation;
}

function jsonBodySchemaOf(response: ResponseObject): unknown {
  for (const [mediaType, media] of Object.entries(response.content ?? {})) {
    if (JSON_MEDIA_TYPE.test(mediaType) && media.schema !== undefined) return media.schema;
  }
  return undefined;
}

function headerSchemaOf(response: ResponseObject): object | undefined {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    const lower = name.toLowerCase();
    // OpenAPI: a Content-Type response header definition "SHALL be ignored".
    if (lower === 'content-type') continue;
    properties[lower] = header.schema ?? {};
    if (header.required === true) required.push(lower);
  }
  if (Object.keys(properties).length === 0) return undefined;
  return { type: 'object', properties, required, additionalProperties: true };
}
