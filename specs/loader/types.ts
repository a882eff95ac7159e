import type { ApiName } from './api-names.ts';

export interface SpecFinding {
  /** Which part of the exchange the finding is about. */
  readonly location: 'path' | 'query' | 'header' | 'body' | 'status' | 'operation';
  /** RFC 6901 pointer inside that part. For a missing required property: the pointer of the missing
   *  property itself (`/data/status`), not its parent. For query/header/path parameters: `/<name>`.
   *  For location 'operation' or 'status': ''. */
  readonly pointer: string;
  /** One sentence, e.g. `must be equal to one of the allowed values: success`. */
  readonly message: string;
  /** The JSON Schema keyword that failed (`required`, `enum`, `type`, `format`, `maxItems`, …) or
   *  `unknown-operation` / `undocumented-status`. */
  readonly keyword: string;
}

export interface HttpRequestShape {
  readonly method: string; // any case
  readonly path: string; // relative to the API base, no query string
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: unknown; // parsed JSON (or the form object for form-urlencoded)
}

export type HttpHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface ValidationOutcome {
  readonly operationId: string | undefined;
  readonly valid: boolean; // findings.length === 0
  readonly findings: readonly SpecFinding[];
}

export interface ApiValidator {
  readonly api: ApiName;
  readonly title: string;
  readonly version: string;
  readonly digest: string; // `sha256:<hex>` of the document bytes as loaded
  /** The file the document was loaded from (a folder's own file, or the bundled one it fell back to). */
  readonly source: string;
  readonly operationIds: readonly string[];
  matchOperation(method: string, path: string): string | undefined;
  /** Routes by method+path unless operationId is given (connector callbacks live at provider-chosen URLs). */
  validateRequest(request: HttpRequestShape, operationId?: string): ValidationOutcome;
  /** Response validation always takes the status: an undocumented status is a finding, never a pass. */
  validateResponse(operationId: string, status: number, body: unknown, headers?: HttpHeaders): ValidationOutcome;
}

export type SpecSet = Readonly<Record<ApiName, ApiValidator>>;

export interface LoadSpecOptions {
  readonly folder?: string; // default: the bundled specs/ folder
}
