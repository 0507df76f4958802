import {
  matchItem,
  matchKeys,
  prepareProduct,
  type PreparedProduct,
} from '../core/advisories/match.js';
import type { NormalisedAdvisory } from '../core/advisories/model.js';
import type { MatchRow, StoredItem } from '../storage/repositories/advisory.repository.js';
import type { Repositories } from './unit-of-work.js';

/**
 * Matching advisories against the inventory, inside the caller's transaction. Only what changed
 * is recomputed: a changed advisory is matched against the items under its keys; a changed asset
 * against the advisories under its keys. Stored matches are then brought in line row by row.
 */
export interface MatchOutcome {
  added: number;
  changed: number;
  removed: number;
}

interface Prepared {
  id: string;
  products: PreparedProduct[];
  keys: string[];
}

function prepare(id: string, advisory: NormalisedAdvisory): Prepared {
  const products = advisory.products.map(prepareProduct);
  return { id, products, keys: [...new Set(products.flatMap(matchKeys))] };
}

function itemKeys(item: StoredItem): string[] {
  const keys: string[] = [];
  if (item.productKey) keys.push(`p:${item.productKey}`);
  if (item.purlKey) keys.push(`u:${item.purlKey}`);
  return keys;
}

const rowKey = (m: { advisoryId: string; assetId: string; componentId: string }) =>
  `${m.advisoryId}/${m.assetId}/${m.componentId}`;

/** Matches each prepared advisory with the items sharing a key with it. */
function compute(advisories: readonly Prepared[], items: readonly StoredItem[]): MatchRow[] {
  const byKey = new Map<string, StoredItem[]>();
  for (const item of items) {
    for (const key of itemKeys(item)) {
      const list = byKey.get(key);
      if (list) list.push(item);
      else byKey.set(key, [item]);
    }
  }
  const rows: MatchRow[] = [];
  for (const advisory of advisories) {
    const seen = new Set<StoredItem>();
    for (const key of advisory.keys) {
      for (const item of byKey.get(key) ?? []) {
        if (seen.has(item)) continue;
        seen.add(item);
        const match = matchItem(advisory.products, item);
        if (!match) continue;
        rows.push({
          advisoryId: advisory.id,
          assetId: item.assetId,
          componentId: item.componentId,
          orgId: item.orgId,
          productRef: match.ref,
          status: match.status,
          confidence: match.confidence,
          reason: match.reason,
        });
      }
    }
  }
  return rows;
}

/** Brings the stored matches in line with `wanted`, for the rows `existing` covers. */
async function reconcile(
  repos: Repositories,
  existing: readonly MatchRow[],
  wanted: readonly MatchRow[],
  now: string,
): Promise<MatchOutcome> {
  const before = new Map(existing.map((m) => [rowKey(m), m]));
  const added: MatchRow[] = [];
  let changed = 0;
  for (const m of wanted) {
    const old = before.get(rowKey(m));
    before.delete(rowKey(m));
    if (!old) added.push(m);
    else if (
      old.confidence !== m.confidence ||
      old.reason !== m.reason ||
      old.status !== m.status ||
      old.productRef !== m.productRef
    ) {
      await repos.advisories.updateMatch(m, now);
      changed += 1;
    }
  }
  await repos.advisories.insertMatches(added, now);
  await repos.advisories.deleteMatches([...before.values()]);
  const touched = new Set([...existing, ...wanted].map((m) => m.advisoryId));
  await repos.advisories.recount([...touched]);
  return { added: added.length, changed, removed: before.size };
}

/** Re-matches these advisories (new or changed) against the whole inventory. */
export async function matchAdvisories(
  repos: Repositories,
  advisories: readonly { id: string; content: NormalisedAdvisory }[],
  now: string,
): Promise<MatchOutcome> {
  const prepared = advisories.map((a) => prepare(a.id, a.content));
  await repos.advisories.setKeys(prepared.map((p) => ({ advisoryId: p.id, keys: p.keys })));
  const items = await repos.advisories.itemsWithKeys([...new Set(prepared.flatMap((p) => p.keys))]);
  const existing = await repos.advisories.matchesOfAdvisories(prepared.map((p) => p.id));
  return reconcile(repos, existing, compute(prepared, items), now);
}

/** Re-matches these assets (new, changed, or with a new SBOM) against every advisory. */
export async function matchAssets(
  repos: Repositories,
  assetIds: readonly string[],
  now: string,
): Promise<MatchOutcome> {
  const items = await repos.advisories.itemsOfAssets(assetIds);
  const advisoryIds = await repos.advisories.advisoriesWithKeys([
    ...new Set(items.flatMap(itemKeys)),
  ]);
  const advisories = await repos.advisories.byIds(advisoryIds);
  const prepared = advisories.map((a) => prepare(a.id, a.content));
  const existing = await repos.advisories.matchesOfAssets(assetIds);
  return reconcile(repos, existing, compute(prepared, items), now);
}
