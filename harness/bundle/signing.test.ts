import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFingerprint, parseSignature, readPublicKey, readSigningKey, renderSignature, signatureVerifies, signManifest, SigningKeyError } from './signing.ts';

const dir = await mkdtemp(join(tmpdir(), 'bsck-signing-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const pair = generateKeyPairSync('ed25519');
const privatePem = join(dir, 'sign-key.pem');
const publicPem = join(dir, 'public-key.pem');
await writeFile(privatePem, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
await writeFile(publicPem, pair.publicKey.export({ type: 'spki', format: 'pem' }));

describe('Ed25519 signing of the manifest', () => {
  const manifest = Buffer.from('{"format":"bsck-submission-bundle"}\n');

  it('signs the exact bytes, names the key by the SHA-256 of its SPKI, and verifies with the public key only', () => {
    const signature = signManifest(manifest, readSigningKey(privatePem));
    expect(signature.algorithm).toBe('ed25519');
    expect(Buffer.from(signature.signature, 'base64')).toHaveLength(64);
    const publicKey = readPublicKey(publicPem);
    expect(signature.publicKey).toBe(keyFingerprint(publicKey));
    expect(keyFingerprint(readSigningKey(privatePem))).toBe(keyFingerprint(publicKey));
    expect(signatureVerifies(manifest, signature, publicKey)).toBe(true);
    expect(signatureVerifies(Buffer.from(manifest.toString().replace('bundle', 'bundlf')), signature, publicKey)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey;
    expect(signatureVerifies(manifest, signature, other)).toBe(false);
    expect(parseSignature(renderSignature(signature))).toEqual({ signature });
  });

  it('says in one line what is wrong with a key file, and how to make a right one', async () => {
    const rsa = join(dir, 'rsa.pem');
    await writeFile(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => readSigningKey(rsa)).toThrow(`--sign-key: ${rsa} is rsa key; bundles are signed with Ed25519 — create one with: openssl genpkey -algorithm ed25519`);
    expect(() => readSigningKey(publicPem)).toThrow(`--sign-key: ${publicPem} is not a PEM private key`);
    expect(() => readPublicKey(join(dir, 'missing.pem'))).toThrow(new SigningKeyError(`--public-key: cannot read ${join(dir, 'missing.pem')} (ENOENT)`));
    // A reviewer holding the private key file can verify with it too: its public half is used.
    expect(keyFingerprint(readPublicKey(privatePem))).toBe(keyFingerprint(pair.publicKey));
  });

  it('parses signature.json strictly', () => {
    expect(parseSignature(Buffer.from('{"algorithm":"rsa","publicKey":"x","signature":"y"}')).problem).toBe('algorithm "rsa" is not ed25519');
    expect(parseSignature(Buffer.from('{"algorithm":"ed25519"}')).problem).toBe('expected exactly algorithm, publicKey and signature; found algorithm');
    expect(parseSignature(Buffer.from('nope')).problem).toMatch(/^not valid JSON/);
  });
});
