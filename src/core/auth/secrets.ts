import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret: a recognisable prefix then 32 random bytes. */
export function newSecret(prefix: 'fh' | 'fhs'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Secrets are stored only as their SHA-256: they are long and random, so a slow hash adds
 * nothing, and a fast one lets every request look its token up by hash.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
