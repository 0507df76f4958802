import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** What an audit entry says; the hash covers all of it. */
export interface AuditFacts {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
}

/**
 * JSON with object keys sorted at every depth, so equal values hash equally whatever order
 * a driver (jsonb reorders keys) hands them back in.
 * @example canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }) === '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the previous link's hash and the canonical JSON of this entry. */
export function chainHash(prevHash: string, facts: AuditFacts): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(facts)).digest('hex');
}

export interface ChainLink extends AuditFacts {
  prevHash: string;
  hash: string;
}

export type ChainCheck = { ok: true } | { ok: false; reason: string };

/** Checks one link against the hash of the link before it. */
export function checkLink(
  expectedPrevHash: string,
  expectedSeq: number,
  link: ChainLink,
): ChainCheck {
  if (link.seq !== expectedSeq)
    return { ok: false, reason: `sequence ${link.seq} where ${expectedSeq} was expected` };
  if (link.prevHash !== expectedPrevHash)
    return { ok: false, reason: 'previous hash does not match the link before' };
  const { prevHash: _prev, hash, ...facts } = link;
  if (chainHash(expectedPrevHash, facts) !== hash)
    return { ok: false, reason: 'the entry was changed after it was written' };
  return { ok: true };
}
