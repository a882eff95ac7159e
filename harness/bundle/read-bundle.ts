import { readFile } from 'node:fs/promises';
import { unpackArchive } from './archive.ts';
import { MEMBERS } from './bundle-layout.ts';
import { sha256Of } from './digests.ts';
import { parseManifest, type BundleManifest } from './manifest.ts';
import { parseSignature, type BundleSignature } from './signing.ts';

/** A bundle as read back: every member's bytes, and the manifest and signature parsed (or why they could not be). */
export interface OpenedBundle {
  readonly file: string;
  readonly bytes: number;
  /** `sha256:<hex>` of the whole bundle file. */
  readonly digest: string;
  /** Every member of the archive by name, the manifest and the signature included. */
  readonly members: ReadonlyMap<string, Buffer>;
  readonly manifestBytes: Buffer | undefined;
  readonly manifest: BundleManifest | undefined;
  /** Why manifest.json is missing or not a manifest; empty when it parsed. */
  readonly manifestProblems: readonly string[];
  readonly signature: BundleSignature | undefined;
  /** Why signature.json is not a signature; undefined when absent or valid. */
  readonly signatureProblem: string | undefined;
}

/** Opens a bundle's bytes; an archive that cannot be read at all throws a TarError saying why. */
export function openBundle(bytes: Buffer, file = '(bundle)'): OpenedBundle {
  const members = new Map(unpackArchive(bytes).map((entry) => [entry.name, entry.data]));
  const manifestBytes = members.get(MEMBERS.manifest);
  const parsed = manifestBytes === undefined ? { manifest: undefined, problems: [`${MEMBERS.manifest} is missing`] } : parseManifest(manifestBytes);
  const signatureBytes = members.get(MEMBERS.signature);
  const signature = signatureBytes === undefined ? {} : parseSignature(signatureBytes);
  return {
    file,
    bytes: bytes.length,
    digest: sha256Of(bytes),
    members,
    manifestBytes,
    manifest: parsed.manifest,
    manifestProblems: parsed.problems,
    signature: signature.signature,
    signatureProblem: signature.problem,
  };
}

export async function readBundle(file: string): Promise<OpenedBundle> {
  return openBundle(await readFile(file), file);
}
