import SwaggerParser from '@apidevtools/swagger-parser';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unknownEvidenceTagsIn } from '../../harness/reference/evidence-tags.ts';
import { bundledSpecPath, loadSpecSet, type ApiName, type SpecSet, type ValidationOutcome } from '../loader/index.ts';
import {
  EXAMPLES_FOLDER,
  KEYWORD_OF_MUTATION,
  applyMutation,
  listExampleFiles,
  loadExampleManifest,
  readExample,
  type ExampleEntry,
  type MutationKind,
} from './example-manifest.ts';
import { possibleMutationKinds } from './possible-mutation-kinds.ts';

const manifest = loadExampleManifest();
const exampleFile = (file: string): string => join(EXAMPLES_FOLDER, ...file.split('/'));

// A syntactically JWT-shaped placeholder: the specs check the "Bearer <token>" form, not the signature.
const BEARER = 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl';

/** Headers a well-behaved caller sends, per API [P-AUTHZ] [P-STMT] [P-AQ] [SEC]: the examples are bodies only. */
function headersFor(entry: ExampleEntry): Record<string, string> {
  const contentType = { 'content-type': entry.contentType };
  switch (entry.api) {
    case 'provider-api':
      return { ...contentType, 'x-api-key': 'example-api-key', authorization: BEARER };
    case 'connector-api':
      return { ...contentType, authorization: BEARER };
    default:
      return contentType;
  }
}

function validate(specs: SpecSet, entry: ExampleEntry, body: unknown): ValidationOutcome {
  const validator = specs[entry.api];
  if (entry.part === 'response') return validator.validateResponse(entry.operationId, entry.status as number, body);
  return validator.validateRequest(
    { method: entry.method as string, path: entry.path as string, headers: headersFor(entry), body },
    entry.operationId,
  );
}

const describeFindings = (outcome: ValidationOutcome): string =>
  outcome.findings.map((finding) => `${finding.location} ${finding.pointer} ${finding.keyword}: ${finding.message}`).join('\n') || '(none)';

describe('example manifest', () => {
  it('lists every example file, and every listed file exists', () => {
    const listed = manifest.map((entry) => entry.file).sort();
    expect(listExampleFiles()).toEqual(listed);
    for (const file of listed) expect(existsSync(exampleFile(file)), file).toBe(true);
  });

  it('cites only known evidence tags in its explanations', () => {
    for (const entry of manifest) expect(unknownEvidenceTagsIn(entry.why ?? ''), entry.file).toEqual([]);
  });

  it('holds every JSON example the reference prints, counted by section', () => {
    // Each JSON example the reference prints (§5.4, §6.1–§6.5, §8) plus the §3.2 token request shapes.
    const bySection = Object.fromEntries(
      ['§3.2', '§5.4', '§6.1', '§6.2', '§6.3', '§6.5', '§8'].map((section) => [section, manifest.filter((entry) => entry.section === section).length]),
    );
    expect(bySection).toEqual({ '§3.2': 3, '§5.4': 1, '§6.1': 4, '§6.2': 2, '§6.3': 3, '§6.5': 2, '§8': 3 });
  });
});

describe('documented examples against the specs', () => {
  let specs: SpecSet;
  beforeAll(async () => {
    specs = await loadSpecSet();
  });

  describe.each(manifest.map((entry) => [entry.file, entry] as const))('%s', (_file, entry) => {
    const example = readExample(entry);

    it(entry.expect === 'accepted' ? 'is accepted' : 'is rejected exactly where the manifest says', () => {
      const outcome = validate(specs, entry, example);
      expect(outcome.operationId).toBe(entry.operationId);
      if (entry.expect === 'accepted') {
        expect(outcome.findings, describeFindings(outcome)).toEqual([]);
        return;
      }
      expect(outcome.valid).toBe(false);
      for (const finding of outcome.findings) {
        expect(finding.location, describeFindings(outcome)).toBe('body');
        expect(entry.rejectedAt, describeFindings(outcome)).toContain(finding.pointer);
      }
    });

    it.each(entry.mutations.map((mutation) => [mutation.kind, mutation.pointer, mutation] as const))(
      'rejects %s at %s',
      (kind, pointer, mutation) => {
        const outcome = validate(specs, entry, applyMutation(example, mutation));
        const named = outcome.findings.filter((finding) => finding.location === 'body' && finding.pointer === pointer);
        expect(named.map((finding) => finding.keyword), describeFindings(outcome)).toContain(KEYWORD_OF_MUTATION[kind]);
      },
    );
  });
});

describe('mutation coverage', () => {
  const documents = new Map<ApiName, Promise<Record<string, unknown>>>();
  const dereferenced = (api: ApiName): Promise<Record<string, unknown>> => {
    let pending = documents.get(api);
    if (pending === undefined) {
      const parsed = parse(readFileSync(bundledSpecPath(api), 'utf8')) as Parameters<typeof SwaggerParser.dereference>[0];
      pending = SwaggerParser.dereference(structuredClone(parsed)) as Promise<Record<string, unknown>>;
      documents.set(api, pending);
    }
    return pending;
  };

  it.each(manifest.filter((entry) => entry.expect === 'accepted').map((entry) => [entry.file, entry] as const))(
    '%s has every mutation kind its schema makes possible, and no other',
    async (_file, entry) => {
      const schema = schemaOf(await dereferenced(entry.api), entry);
      expect(schema, `${entry.operationId} documents no schema for this example`).toBeDefined();
      const possible = possibleMutationKinds(schema, readExample(entry));
      // A form-urlencoded body carries only strings: a wrong-type value cannot be sent that way.
      if (entry.contentType === 'application/x-www-form-urlencoded') possible.delete('wrong-type');
      const declared = new Set<MutationKind>(entry.mutations.map((mutation) => mutation.kind));
      expect([...declared].sort()).toEqual([...possible].sort());
    },
  );
});

/** The body schema an example is checked against, from a dereferenced document. */
function schemaOf(document: Record<string, unknown>, entry: ExampleEntry): unknown {
  for (const pathItem of Object.values((document['paths'] ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const operation of Object.values(pathItem) as Array<Record<string, unknown> | undefined>) {
      if (operation?.['operationId'] !== entry.operationId) continue;
      if (entry.part === 'request') {
        const content = (operation['requestBody'] as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
        return content?.[entry.contentType]?.schema;
      }
      const responses = operation['responses'] as Record<string, { content?: Record<string, { schema?: unknown }> }>;
      return responses[String(entry.status)]?.content?.['application/json']?.schema;
    }
  }
  return undefined;
}

// The example files are copied from the reference verbatim; when it sits beside the checkout, prove it.
const referencePath = fileURLToPath(new URL('../../../shared/reference/sage-banking-service.md', import.meta.url));

describe.runIf(existsSync(referencePath))('examples are the reference text', () => {
  // Read when a test runs, not while tests are collected: a skipped block is still collected.
  const printed = () => [...readFileSync(referencePath, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

  it.each(manifest.filter((entry) => entry.section !== '§3.2').map((entry) => [entry.file, entry] as const))(
    '%s is a JSON block of the reference, byte for byte',
    (_file, entry) => {
      expect(printed()).toContain(readFileSync(exampleFile(entry.file), 'utf8'));
    },
  );

  it('every JSON block of the reference is an example', () => {
    const files = new Set(manifest.map((entry) => readFileSync(exampleFile(entry.file), 'utf8')));
    expect(printed().filter((block) => !files.has(block))).toEqual([]);
  });
});
