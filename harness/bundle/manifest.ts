import { Ajv, type ValidateFunction } from 'ajv';
import type { KnownFailure } from '../baseline/index.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './bundle-layout.ts';

/** One member the manifest vouches for: its size and SHA-256. The manifest and the signature are not listed. */
export interface ManifestMember {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ManifestSpec {
  readonly title: string;
  readonly version: string;
  /** `sha256:<hex>` of the OpenAPI document's bytes, as ApiValidator.digest. */
  readonly digest: string;
}

/** manifest.json: what was certified, against what, with which settings; and the digest of every other member. */
export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: typeof BUNDLE_FORMAT_VERSION;
  readonly kit: { readonly name: string; readonly version: string };
  readonly requirementSet: { readonly version: string; readonly digest: string };
  /** By API name (connector-api, provider-api, consumer-api, sage-id). */
  readonly specs: Readonly<Record<string, ManifestSpec>>;
  readonly candidate: {
    readonly kind: string;
    readonly label: string;
    /** The launcher's description: image and digest, command or URL, secrets redacted. */
    readonly description: string;
    /** The content-addressed image id of a container candidate. */
    readonly imageId: string | null;
    readonly image: string | null;
    readonly command: string | readonly string[] | null;
    readonly url: string | null;
    readonly readyAfterMs: number | null;
  };
  /** The resolved config with every secret and literal the kit cannot vouch for replaced; digest = SHA-256 of its canonical JSON. */
  readonly config: { readonly digest: string; readonly value: unknown };
  readonly capabilities: readonly string[];
  readonly policies: {
    readonly inForce: Readonly<Record<string, string | number>>;
    readonly overrides: Readonly<Record<string, string | number>>;
  };
  readonly selection: {
    /** What --only asked for (empty: everything). */
    readonly only: readonly string[];
    readonly flows: readonly string[];
    /** The requirements judged, in verdicts.json order. */
    readonly requirements: readonly string[];
  };
  readonly baseline: {
    readonly file: string | null;
    readonly knownFailures: readonly KnownFailure[];
    readonly outcome: {
      readonly newFailures: readonly string[];
      readonly stale: readonly KnownFailure[];
      readonly accepted: readonly KnownFailure[];
    };
  };
  readonly run: {
    /** The ticket the provider gave with --ticket, e.g. the Sage onboarding case it answers. */
    readonly ticket: string | null;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly bundledAt: string;
    /** Interrupted before every flow ran. */
    readonly incomplete: boolean;
    readonly completedFlows: readonly string[];
  };
  /** The key that signed this manifest (signature.json), or null for an unsigned bundle. */
  readonly signing: { readonly algorithm: 'ed25519'; readonly publicKey: string } | null;
  readonly members: readonly ManifestMember[];
}

const digest = { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' } as const;
const text = { type: 'string' } as const;
const texts = { type: 'array', items: text } as const;
const nullableText = { type: ['string', 'null'] } as const;
const policyValues = { type: 'object', additionalProperties: { type: ['string', 'number'] } } as const;
const knownFailure = {
  type: 'object', additionalProperties: false, required: ['requirement', 'reason'],
  properties: { requirement: text, reason: text },
} as const;
const knownFailures = { type: 'array', items: knownFailure } as const;
const strictObject = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, required: Object.keys(properties), properties });

/** The manifest's JSON Schema (draft 2020-12 subset Ajv checks): strict, so an unknown or missing key is reported by name. */
export const MANIFEST_SCHEMA = strictObject({
  format: { const: BUNDLE_FORMAT },
  formatVersion: { const: BUNDLE_FORMAT_VERSION },
  kit: strictObject({ name: text, version: text }),
  requirementSet: strictObject({ version: text, digest }),
  specs: { type: 'object', additionalProperties: strictObject({ title: text, version: text, digest }) },
  candidate: strictObject({
    kind: text, label: text, description: text, imageId: nullableText, image: nullableText,
    command: { anyOf: [{ type: 'null' }, text, texts] }, url: nullableText, readyAfterMs: { type: ['number', 'null'] },
  }),
  config: strictObject({ digest, value: {} }),
  capabilities: texts,
  policies: strictObject({ inForce: policyValues, overrides: policyValues }),
  selection: strictObject({ only: texts, flows: texts, requirements: texts }),
  baseline: strictObject({
    file: nullableText,
    knownFailures,
    outcome: strictObject({ newFailures: texts, stale: knownFailures, accepted: knownFailures }),
  }),
  run: strictObject({
    ticket: nullableText, startedAt: text, finishedAt: text, bundledAt: text, incomplete: { type: 'boolean' }, completedFlows: texts,
  }),
  signing: { anyOf: [{ type: 'null' }, strictObject({ algorithm: { const: 'ed25519' }, publicKey: digest })] },
  members: {
    type: 'array',
    items: strictObject({ name: text, bytes: { type: 'integer', minimum: 0 }, sha256: digest }),
  },
});

let validate: ValidateFunction | undefined;

/** Problems of a parsed value as a manifest, one line each (`/run/ticket: must be string,null`); empty when valid. */
export function manifestProblems(value: unknown): string[] {
  validate ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(MANIFEST_SCHEMA);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => {
    const where = error.instancePath || '(top level)';
    const extra = error.keyword === 'additionalProperties' ? ` "${String((error.params as { additionalProperty?: string }).additionalProperty)}"` : '';
    return `${where}: ${error.message ?? error.keyword}${extra}`;
  });
}

/** The manifest's bytes as stored and signed: indented JSON in the key order of BundleManifest, one newline at the end. */
export function renderManifest(manifest: BundleManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

export type ParsedManifest = { readonly manifest: BundleManifest; readonly problems: readonly [] } | { readonly manifest: undefined; readonly problems: readonly string[] };

/** Parses manifest.json strictly: not JSON, or not the schema, is a list of one-line problems. */
export function parseManifest(bytes: Buffer): ParsedManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { manifest: undefined, problems: [`not valid JSON (${(error as Error).message})`] };
  }
  const problems = manifestProblems(value);
  if (problems.length > 0) return { manifest: undefined, problems };
  return { manifest: value as BundleManifest, problems: [] };
}
