import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { canonicalJson } from '../audit/hash-chain.js';

/** What a receipt attests: this submission, received at this server time, with this audit entry. */
export interface ReceiptFacts {
  reference: string;
  incidentId: string;
  pack: string;
  stage: string;
  version: number;
  receivedAt: string;
  auditHash: string;
}

export interface Receipt extends ReceiptFacts {
  keyId: string;
  /** Ed25519 over the canonical JSON of the facts, base64. */
  signature: string;
}

export interface SigningKey {
  id: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

/** A fresh Ed25519 key pair; its id is a prefix of the public key's fingerprint-free DER, for display. */
export function generateSigningKey(id: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    id,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function signReceipt(facts: ReceiptFacts, key: SigningKey): Receipt {
  const signature = sign(
    null,
    Buffer.from(canonicalJson(facts)),
    createPrivateKey(key.privateKeyPem),
  ).toString('base64');
  return { ...facts, keyId: key.id, signature };
}

/**
 * Whether a receipt was signed by the key with this public key and not altered since.
 * @example verifyReceipt(receipt, publicKeyPem) // true
 */
export function verifyReceipt(receipt: Receipt, publicKeyPem: string): boolean {
  const { keyId: _k, signature, ...facts } = receipt;
  try {
    return verify(
      null,
      Buffer.from(canonicalJson(facts)),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
