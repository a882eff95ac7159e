import type { KeyObject } from 'node:crypto';
import { keyFingerprint, signatureVerifies } from '../bundle/signing.ts';
import type { OpenedBundle } from '../bundle/read-bundle.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import type { Findings } from './review-finding.ts';

export type SignatureState =
  | { readonly state: 'verified'; readonly publicKey: string }
  | { readonly state: 'not-checked'; readonly publicKey: string }
  | { readonly state: 'unsigned' }
  | { readonly state: 'failed'; readonly publicKey: string | undefined };

const short = (fingerprint: string): string => `${fingerprint.slice(0, 23)}…`;

/**
 * The signature over manifest.json's bytes. The manifest names its signing key, so a stripped or swapped
 * signature.json is caught even without --public-key; with it, the signature is verified against that key, and a
 * bundle with no signature at all fails, because the reviewer asked for one.
 */
export function verifySignature(bundle: OpenedBundle, manifest: BundleManifest, publicKey: KeyObject | undefined, findings: Findings): SignatureState {
  const named = manifest.signing?.publicKey;
  const { signature } = bundle;
  if (bundle.signatureProblem !== undefined) {
    findings.tampered('signature', `signature.json is not a signature: ${bundle.signatureProblem}`);
    return { state: 'failed', publicKey: named };
  }
  if (signature === undefined) {
    if (named !== undefined) {
      findings.tampered('signature', `the manifest says it was signed with key ${short(named)} but signature.json is missing: the signature was removed`);
      return { state: 'failed', publicKey: named };
    }
    if (publicKey !== undefined) {
      findings.tampered('signature', `--public-key was given (${short(keyFingerprint(publicKey))}) but the bundle is not signed: its origin cannot be verified`);
      return { state: 'failed', publicKey: undefined };
    }
    findings.warning('signature', 'the bundle is not signed: its digests prove it is consistent, not who wrote it');
    return { state: 'unsigned' };
  }
  if (named === undefined) {
    findings.tampered('signature', `signature.json (key ${short(signature.publicKey)}) is present but the manifest names no signing key: the signature was added afterwards`);
    return { state: 'failed', publicKey: signature.publicKey };
  }
  if (named !== signature.publicKey) {
    findings.tampered('signature', `the manifest names signing key ${short(named)} but signature.json is by ${short(signature.publicKey)}`);
    return { state: 'failed', publicKey: signature.publicKey };
  }
  if (publicKey === undefined) {
    findings.warning('signature', `signed with Ed25519 key ${short(named)}, not checked: review with --public-key <the provider's public key PEM> to verify it`);
    return { state: 'not-checked', publicKey: named };
  }
  const given = keyFingerprint(publicKey);
  if (given !== named) {
    findings.tampered('signature', `signed with key ${short(named)}, not with the --public-key given (${short(given)})`);
    return { state: 'failed', publicKey: named };
  }
  if (!signatureVerifies(bundle.manifestBytes ?? Buffer.alloc(0), signature, publicKey)) {
    findings.tampered('signature', `the Ed25519 signature does not verify with key ${short(given)}: manifest.json (or the signature) changed after signing`);
    return { state: 'failed', publicKey: named };
  }
  findings.ok('signature', `the Ed25519 signature over manifest.json verifies with the given public key ${short(given)}`);
  return { state: 'verified', publicKey: named };
}
