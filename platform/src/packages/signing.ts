import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { PlatformError } from '../errors/index.ts';
import type { PackageManifest } from './manifest.ts';

/** A built package: one JSON file (`<name>-<version>.tpkg.json`). */
export interface SignedPackage {
  manifest: PackageManifest;
  /** Further files the package ships (sample data, scripts' sources), by relative path. */
  files?: Record<string, string>;
  signature: { publicKey: string; value: string };
}

/**
 * JSON with object keys in code-point order and no whitespace, at every depth: the bytes that are
 * signed. A package re-indented or with its keys reordered verifies; any changed value does not.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What the signature covers: the manifest and the files, nothing else of the file. */
const signedBytes = (pkg: Pick<SignedPackage, 'manifest' | 'files'>) => Buffer.from(canonicalJson({ manifest: pkg.manifest, files: pkg.files ?? {} }), 'utf8');

/** A publisher's key pair: the private key as PKCS#8 PEM (the key file), the public key as base64 SPKI (what the registry stores). */
export function generatePublisherKey(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: publicKeyText(publicKey) };
}

const publicKeyText = (key: KeyObject) => (key.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');

/** The base64 SPKI public key of a PEM private key (refused when it is not an ed25519 key). */
export function publicKeyOf(privateKeyPem: string): string {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new PlatformError('BAD_USER_INPUT', 'The key file is not a PEM private key (make one with `tessera package keygen`)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new PlatformError('BAD_USER_INPUT', `The key is ${key.asymmetricKeyType}, not ed25519`);
  return publicKeyText(createPublicKey(key));
}

/** Signs a package's manifest and files with the publisher's ed25519 key. */
export function signPackage(pkg: { manifest: PackageManifest; files?: Record<string, string> }, privateKeyPem: string): SignedPackage {
  const publicKey = publicKeyOf(privateKeyPem);
  const value = sign(null, signedBytes(pkg), createPrivateKey(privateKeyPem)).toString('base64');
  return { manifest: pkg.manifest, ...(pkg.files ? { files: pkg.files } : {}), signature: { publicKey, value } };
}

/** Parses a base64 SPKI ed25519 public key; undefined when it is not one. */
export function parsePublicKey(text: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the signature is the named key's over the package's canonical bytes: any changed value of
 * the manifest or the files (one byte is enough) fails. Who the key belongs to is the registry's question.
 */
export function signatureValid(pkg: SignedPackage): boolean {
  const key = parsePublicKey(pkg.signature.publicKey);
  if (!key) return false;
  return verify(null, signedBytes(pkg), key, Buffer.from(pkg.signature.value, 'base64'));
}
