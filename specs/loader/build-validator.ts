import { OpenAPIValidator, ValidationContext, type Document, type Operation, type Request } from 'openapi-backend';
import { AJV_OPTIONS, customizeAjv } from './ajv-setup.ts';
import type { ApiName } from './api-names.ts';
import { findingsFrom, placeIn, placeOfRequestError } from './findings.ts';
import type { LoadedDocument } from './load-document.ts';
import { MemoisedRouter } from './memoised-router.ts';
import { indexCombinatorBranches, type BranchValidators } from './one-of-branches.ts';
import { compileResponseChecks } from './response-validators.ts';
import { SpecLoadError, messageOf } from './spec-load-error.ts';
import { responseKeyFor } from './status-match.ts';
import type { ApiValidator, HttpHeaders, HttpRequestShape, SpecFinding, ValidationOutcome } from './types.ts';

const NO_FINDINGS: readonly SpecFinding[] = Object.freeze([]);

/**
 * Builds the validator of one loaded document: openapi-backend's router and request validators (compiled now,
 * not on first use), plus the response checks. Afterwards nothing is compiled per call and the body is never copied.
 */
export function buildApiValidator(api: ApiName, loaded: LoadedDocument): ApiValidator {
  const { document, file } = loaded;
  const router = new MemoisedRouter(document);
  // openapi-backend's OpenAPIValidator and router rather than OpenAPIBackend: OpenAPIBackend.init() validates
  // the document again (its errors only logged unless strict) and dereferences it again with its own copy of
  // json-schema-ref-parser under default options, which fetch URLs. swagger-parser has done both already, under
  // the confined resolver.
  const validator = new OpenAPIValidator<Document>({
    definition: document,
    router,
    ajvOpts: { ...AJV_OPTIONS },
    customizeAjv,
    lazyCompileValidators: true,
  });
  const operations = router.getOperations();
  const branches: BranchValidators = new WeakMap();
  const branchAjv = validator.getAjv(ValidationContext.RequestBody);
  for (const operation of operations) {
    const operationId = operation.operationId ?? '';
    try {
      // What preCompileRequestValidators() does, one operation at a time so a failure names the operation.
      validator.requestValidators[operationId] = validator.buildRequestValidatorsForOperation(operation);
    } catch (error) {
      throw new SpecLoadError(file, `cannot compile the request schemas of ${operationId}: ${messageOf(error)}`);
    }
    for (const validate of validator.requestValidators[operationId] ?? []) indexCombinatorBranches(branchAjv, validate.schema, branches);
  }
  const responses = compileResponseChecks(
    file,
    operations,
    validator.getAjv(ValidationContext.Response),
    validator.getAjv(ValidationContext.ResponseHeaders, { coerceTypes: true }),
    branches,
  );

  const info = (document.info ?? {}) as { title?: unknown; version?: unknown };
  const title = String(info.title ?? '');
  const validOutcomes = new Map(
    operations.map((operation) => [operation.operationId ?? '', outcome(operation.operationId, NO_FINDINGS)] as const),
  );

  const unknownOperation = (message: string): ValidationOutcome =>
    outcome(undefined, [Object.freeze({ location: 'operation', pointer: '', message, keyword: 'unknown-operation' })]);

  const validateRequest = (request: HttpRequestShape, operationId?: string): ValidationOutcome => {
    let operation: Operation<Document> | undefined;
    if (operationId !== undefined) {
      operation = router.getOperation(operationId);
      if (operation === undefined) return unknownOperation(`operationId "${operationId}" is not an operation of ${title}`);
    } else {
      operation = router.matchOperation(routable(request.method, request.path));
      if (operation === undefined) return unknownOperation(noRouteMessage(router, request.method, request.path, title));
    }
    const id = operation.operationId ?? '';
    const result = validator.validateRequest(toBackendRequest(request), operation);
    if (!result.errors) return validOutcomes.get(id) as ValidationOutcome;
    return outcome(id, findingsFrom(result.errors, placeOfRequestError, branches));
  };

  const validateResponse = (operationId: string, status: number, body: unknown, headers?: HttpHeaders): ValidationOutcome => {
    const documented = responses.get(operationId);
    if (documented === undefined) return unknownOperation(`operationId "${operationId}" is not an operation of ${title}`);
    const key = responseKeyFor(status, documented.keys);
    if (key === undefined) {
      const listed = documented.keys.length > 0 ? documented.keys.join(', ') : 'none';
      const message = `status ${status} is not documented for ${operationId} (documented: ${listed})`;
      return outcome(operationId, [Object.freeze({ location: 'status', pointer: '', message, keyword: 'undocumented-status' })]);
    }
    const check = documented.checks.get(key);
    const findings: SpecFinding[] = [];
    if (check?.body !== undefined && !check.body(body)) {
      findings.push(...findingsFrom(check.body.errors ?? [], placeIn('body'), branches));
    }
    // Without the headers nothing can be said about them; with them, documented ones are checked.
    if (check?.headers !== undefined && headers !== undefined && !check.headers(lowerCasedHeaders(headers))) {
      findings.push(...findingsFrom(check.headers.errors ?? [], placeIn('header')));
    }
    return findings.length === 0 ? (validOutcomes.get(operationId) as ValidationOutcome) : outcome(operationId, findings);
  };

  return Object.freeze({
    api,
    title,
    version: String(info.version ?? ''),
    digest: loaded.digest,
    source: file,
    operationIds: Object.freeze(operations.map((operation) => operation.operationId ?? '')),
    matchOperation: (method: string, path: string) => router.matchOperation(routable(method, path))?.operationId,
    validateRequest,
    validateResponse,
  });
}

function outcome(operationId: string | undefined, findings: readonly SpecFinding[]): ValidationOutcome {
  return Object.freeze({ operationId, valid: findings.length === 0, findings: Object.freeze(findings) });
}

function routable(method: string, path: string): Request {
  return { method, path, headers: {} };
}

function noRouteMessage(router: MemoisedRouter, method: string, path: string, title: string): string {
  try {
    router.matchOperation(routable(method, path), true);
  } catch (error) {
    if (messageOf(error).startsWith('405')) return `${method.toUpperCase()} is not documented for ${path} in ${title}`;
  }
  return `no operation of ${title} matches ${method.toUpperCase()} ${path}`;
}

/** openapi-backend's Request; header arrays (a repeated header) are joined as HTTP joins them. */
function toBackendRequest(request: HttpRequestShape): Request {
  return {
    method: request.method,
    path: request.path,
    headers: request.headers === undefined ? {} : joinedHeaders(request.headers),
    query: request.query as Request['query'],
    body: request.body,
  };
}

function joinedHeaders(headers: HttpHeaders): Record<string, string> {
  let plain = true;
  for (const value of Object.values(headers)) {
    if (typeof value !== 'string') {
      plain = false;
      break;
    }
  }
  if (plain) return headers as Record<string, string>;
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) joined[name] = typeof value === 'string' ? value : value.join(', ');
  }
  return joined;
}

/** A fresh object each time: the header check coerces values (`Retry-After: "5"` → 5) in place. */
function lowerCasedHeaders(headers: HttpHeaders): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) lowered[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return lowered;
}
