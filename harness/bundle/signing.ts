import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256Of } from './digests.ts';

/** signature.json: an Ed25519 signature over manifest.json's exact bytes, and which key made it. */
export interface BundleSignature {
  readonly algorithm: 'ed25519';
  /** `sha256:<hex>` of the public key's SPKI DER encoding: the same key always has the same fingerprint. */
  readonly publicKey: string;
  /** The 64-byte signature, base64. */
  readonly signature: string;
}

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

const GENERATE_HINT = 'create one with: openssl genpkey -algorithm ed25519 -out sign-key.pem (and openssl pkey -in sign-key.pem -pubout -out public-key.pem)';

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function requireEd25519(key: KeyObject, file: string, flag: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`${flag}: ${file} is ${key.asymmetricKeyType ?? 'not an asymmetric'} key; bundles are signed with Ed25519 — ${GENERATE_HINT}`);
  }
  return key;
}

/** The Ed25519 private key of a PEM file (PKCS#8), for --sign-key; anything else is one line naming the file. */
export function readSigningKey(file: string, flag = '--sign-key'): KeyObject {
  const pem = readPem(file, flag);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError(`${flag}: ${file} is not a PEM private key; ${GENERATE_HINT}`);
  }
  return requireEd25519(key, file, flag);
}

/** The Ed25519 public key of a PEM file (SPKI; a private key file also gives its public half), for --public-key. */
export function readPublicKey(file: string, flag = '--public-key'): KeyObject {
  const pem = readPem(file, flag);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new SigningKeyError(`${flag}: ${file} is not a PEM public key; ${GENERATE_HINT}`);
  }
  return requireEd25519(key, file, flag);
}

/** The fingerprint of a key (private or public): SHA-256 of its public half in SPKI DER. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Of(publicKey.export({ type: 'spki', format: 'der' }));
}

export function signManifest(manifestBytes: Buffer, privateKey: KeyObject): BundleSignature {
  return { algorithm: 'ed25519', publicKey: keyFingerprint(privateKey), signature: sign(null, manifestBytes, privateKey).toString('base64') };
}

/** True when the signature is the key's over exactly these bytes. */
export function signatureVerifies(manifestBytes: Buffer, signature: BundleSignature, publicKey: KeyObject): boolean {
  try {
    return verify(null, manifestBytes, publicKey, Buffer.from(signature.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Parses signature.json strictly; undefined with the reason when it is not one. */
export function parseSignature(bytes: Buffer): { readonly signature?: BundleSignature; readonly problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  const record = value as Record<string, unknown> | null;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return { problem: 'not a JSON object' };
  const keys = Object.keys(record).sort().join(',');
  if (keys !== 'algorithm,publicKey,signature') return { problem: `expected exactly algorithm, publicKey and signature; found ${keys || 'nothing'}` };
  if (record['algorithm'] !== 'ed25519') return { problem: `algorithm ${JSON.stringify(record['algorithm'])} is not ed25519` };
  if (typeof record['publicKey'] !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(record['publicKey'])) return { problem: 'publicKey is not a sha256 fingerprint' };
  if (typeof record['signature'] !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(record['signature'])) return { problem: 'signature is not base64' };
  return { signature: { algorithm: 'ed25519', publicKey: record['publicKey'], signature: record['signature'] } };
}

export function renderSignature(signature: BundleSignature): Buffer {
  return Buffer.from(`${JSON.stringify(signature, null, 2)}\n`, 'utf8');
}
