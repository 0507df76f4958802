import { canonicalJson } from './hash-chain.js';

/**
 * The top-level fields that differ between two versions of a record, as `[before, after]`,
 * for audit summaries. Values are compared by canonical JSON: key order (which jsonb changes)
 * is no difference.
 * @example changedFields({ a: 1, b: 2 }, { a: 1, b: 3 }) // { b: [2, 3] }
 */
export function changedFields(before: object, after: object): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updatedAt' || key === 'createdAt') continue;
    if (canonicalJson(b[key]) !== canonicalJson(a[key]))
      changes[key] = [b[key] ?? null, a[key] ?? null];
  }
  return changes;
}
