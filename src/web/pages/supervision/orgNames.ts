import { useEffect, useSyncExternalStore } from 'react';
import type { Organisation } from '../../../contract/registry.js';
import { api } from '../../api.js';

type Names = Pick<Organisation, 'nameZh' | 'nameEn'>;

/**
 * Organisation names fetched one by one (GET /organisations/:id) and kept for the session: the
 * supervision figures name organisations by id only. A failed fetch is kept as null, so that an
 * organisation the user may not read is asked for once.
 */
const cache = new Map<string, Names | null>();
const loading = new Set<string>();
const listeners = new Set<() => void>();
let version = 0;
let owner: string | null = null;

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

function load(id: string): void {
  if (cache.has(id) || loading.has(id)) return;
  loading.add(id);
  const forOwner = owner;
  const settle = (names: Names | null) => {
    // Answers for a user who has since logged out are dropped.
    if (owner !== forOwner) return;
    loading.delete(id);
    cache.set(id, names);
    changed();
  };
  api.get<Organisation>(`/organisations/${encodeURIComponent(id)}`).then(
    (org) => settle({ nameZh: org.nameZh, nameEn: org.nameEn }),
    () => settle(null),
  );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets the names when another user logs in: what one may read, another may not. */
export function orgNamesFor(userId: string): void {
  if (owner !== userId) {
    owner = userId;
    cache.clear();
    loading.clear();
  }
}

/**
 * The names of the organisations given, fetched when first asked for: undefined while loading,
 * null when the organisation could not be read.
 */
export function useOrgNames(
  ids: readonly (string | null)[],
): (id: string) => Names | null | undefined {
  useSyncExternalStore(subscribe, () => version);
  const key = ids.filter((id): id is string => id !== null).join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) load(id);
  }, [key]);
  return (id) => cache.get(id);
}
