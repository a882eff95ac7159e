import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import YAML from 'yaml';
import { SpecLoadError, messageOf } from './spec-load-error.ts';

export interface SpecFileContent {
  /** `sha256:<hex>` of the bytes exactly as read: what a submission bundle records and a reviewer re-hashes. */
  readonly digest: string;
  /** The parsed document: a plain object, not yet validated. */
  readonly parsed: Readonly<Record<string, unknown>>;
}

const READ_PROBLEMS: Readonly<Record<string, string>> = Object.freeze({
  ENOENT: 'file not found',
  EISDIR: 'is a folder, not a spec file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
});

export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Reads a YAML or JSON spec file and hashes its bytes; every failure is a one-line SpecLoadError naming the file. */
export async function readSpecFile(file: string): Promise<SpecFileContent> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new SpecLoadError(file, READ_PROBLEMS[code] ?? `cannot read: ${messageOf(error)}`);
  }
  const parsed = parseText(file, bytes.toString('utf8'));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SpecLoadError(file, 'not an OpenAPI or Swagger document (expected a mapping at the top level)');
  }
  return Object.freeze({ digest: digestOf(bytes), parsed: parsed as Record<string, unknown> });
}

function parseText(file: string, text: string): unknown {
  // JSON files are parsed as JSON so their errors read as JSON errors; the yaml package (YAML 1.2 core schema)
  // keeps ISO dates as strings, where a YAML 1.1 parser would turn example timestamps into Date objects.
  const isJson = extname(file).toLowerCase() === '.json';
  try {
    return isJson ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    // The yaml package follows its first line with a code frame; the first line already names line and column.
    const firstLine = (error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0] ?? '';
    throw new SpecLoadError(file, `not valid ${isJson ? 'JSON' : 'YAML'}: ${messageOf(firstLine).replace(/:$/, '')}`);
  }
}
