import SwaggerParser from '@apidevtools/swagger-parser';
import type { Document } from 'openapi-backend';
import { dirname, resolve } from 'node:path';
import { isInsideFolder } from './confined-file-resolver.ts';
import { normaliseExclusiveBounds } from './normalise-exclusive-bounds.ts';
import { convertSwagger2 } from './convert-swagger2.ts';
import { readSpecFile } from './read-spec-file.ts';
import { SpecLoadError, messageOf } from './spec-load-error.ts';

export interface LoadedDocument {
  /** The file as the caller named it. */
  readonly file: string;
  readonly digest: string;
  readonly sourceFormat: 'openapi-3' | 'swagger-2.0';
  /** Validated and fully dereferenced OpenAPI 3 (object cycles where the schemas are recursive). */
  readonly document: Document;
}

const HTTP_METHODS = Object.freeze(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const);

/**
 * Reads, validates and dereferences one spec file. Swagger 2.0 is validated as 2.0, converted, then validated
 * again as OpenAPI 3. `$ref`s may only reach files inside the document's own folder: no URL is fetched.
 */
export async function loadDocument(file: string): Promise<LoadedDocument> {
  const { digest, parsed } = await readSpecFile(file);
  const absolute = resolve(file);
  const folder = dirname(absolute);
  let openapi: Readonly<Record<string, unknown>>;
  let sourceFormat: LoadedDocument['sourceFormat'];
  if (parsed['swagger'] !== undefined) {
    await validateAndDereference(file, absolute, folder, parsed, 'Swagger 2.0 document');
    openapi = await convertSwagger2(file, parsed);
    sourceFormat = 'swagger-2.0';
  } else if (parsed['openapi'] !== undefined) {
    openapi = parsed;
    sourceFormat = 'openapi-3';
  } else {
    throw new SpecLoadError(file, 'not an OpenAPI or Swagger document (no "openapi" or "swagger" field)');
  }
  const kind = sourceFormat === 'swagger-2.0' ? 'OpenAPI document (converted from Swagger 2.0)' : 'OpenAPI document';
  const document = (await validateAndDereference(file, absolute, folder, openapi, kind)) as Document;
  checkOperationIds(file, document);
  if (String(document.openapi).startsWith('3.0')) normaliseExclusiveBounds(document);
  return Object.freeze({ file, digest, sourceFormat, document });
}

/** Exported for its test: swagger-parser's validate() must only ever see a clone. */
export async function validateAndDereference(
  file: string,
  absolute: string,
  folder: string,
  api: Readonly<Record<string, unknown>>,
  kind: string,
): Promise<unknown> {
  try {
    // validate() mutates what it is given (it dereferences in place): it only ever sees a clone.
    const clone = structuredClone(api) as unknown as Parameters<typeof SwaggerParser.validate>[0];
    return await new SwaggerParser().validate(absolute, clone, {
      resolve: {
        external: true,
        http: false,
        file: { canRead: (target: { url: string }) => isInsideFolder(folder, target.url) },
      },
      dereference: { circular: true },
      validate: { schema: true, spec: true },
    });
  } catch (error) {
    throw new SpecLoadError(file, describeParserError(error, folder, kind));
  }
}

/** Turns swagger-parser's errors (an Ajv dump of the meta-schema, a resolver error) into one readable line. */
export function describeParserError(error: unknown, folder: string, kind: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const details = (error as { details?: unknown }).details;
  if (Array.isArray(details) && details.length > 0) return `invalid ${kind}: ${summariseSchemaErrors(details as MetaSchemaError[])}`;
  if (/^(Missing \$ref pointer|Invalid \$ref pointer|Unable to resolve \$ref|Error resolving \$ref|Error opening file)/i.test(raw)) {
    const hint = /Unable to resolve \$ref/i.test(raw) ? ` (only files inside ${folder} are read; no URL is fetched)` : '';
    return `broken $ref: ${messageOf(raw)}${hint}`;
  }
  return `invalid ${kind}: ${messageOf(raw)}`;
}

interface MetaSchemaError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * The OpenAPI meta-schema is full of oneOfs ("a Reference or a Parameter of one of five kinds"), so one mistake
 * fails every alternative. The combinator lines and the "Reference" alternative say nothing; the deepest
 * locations are nearest the mistake, so they come first.
 */
function summariseSchemaErrors(errors: readonly MetaSchemaError[]): string {
  const lines: string[] = [];
  const useful = errors
    .filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf' && error.params?.['missingProperty'] !== '$ref')
    .sort((a, b) => depth(b.instancePath) - depth(a.instancePath));
  for (const error of useful.length > 0 ? useful : errors) {
    const params = error.params ?? {};
    const detail = Array.isArray(params['allowedValues'])
      ? `: ${params['allowedValues'].join(', ')}`
      : typeof params['additionalProperty'] === 'string'
        ? ` (${params['additionalProperty']})`
        : '';
    const line = `#${error.instancePath || '/'} ${error.message ?? error.keyword ?? 'is invalid'}${detail}`;
    if (!lines.includes(line)) lines.push(line);
  }
  const shown = lines.slice(0, 4);
  return `${shown.join('; ')}${lines.length > shown.length ? ` (and ${lines.length - shown.length} more)` : ''}`;
}

function depth(instancePath: string | undefined): number {
  return (instancePath ?? '').split('/').length;
}

/** Every operation needs a unique operationId: openapi-backend skips validation for operations without one. */
function checkOperationIds(file: string, document: Document): void {
  const seen = new Map<string, string>();
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = (pathItem as Record<string, unknown> | undefined)?.[method] as { operationId?: unknown } | undefined;
      if (operation === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId;
      if (typeof id !== 'string' || id.length === 0) {
        throw new SpecLoadError(file, `${where} has no operationId (the kit validates and reports by operationId; add one)`);
      }
      const other = seen.get(id);
      if (other !== undefined) throw new SpecLoadError(file, `operationId "${id}" is used by both ${other} and ${where}`);
      seen.set(id, where);
    }
  }
}
