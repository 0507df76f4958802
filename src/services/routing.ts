import type { Organisation } from '../contract/registry.js';
import { selectAuthorities } from '../core/rules/evaluate.js';
import type { RulePack } from '../core/rules/pack.js';
import type { Repositories } from './unit-of-work.js';

/**
 * The registry authorities that some of a pack's recipients mean for one reporter: each
 * recipient with an `authority` spec is matched against the authorities' functions and remits.
 * External recipients (a foreign CSIRT) have no one in the registry and yield nobody.
 */
export async function authoritiesFor(
  repos: Repositories,
  pack: RulePack,
  recipientIds: readonly string[],
  reporter: Organisation,
): Promise<Organisation[]> {
  const authorities = (await repos.organisations.byKind('authority')).filter((a) => a.remit);
  const routable = authorities.map((a) => ({
    id: a.id,
    functions: a.remit!.functions,
    sectors: a.remit!.sectors,
    regions: a.remit!.regions,
  }));
  const chosen = new Set<string>();
  for (const id of recipientIds) {
    const spec = pack.recipients[id]?.authority;
    if (spec) for (const a of selectAuthorities(spec, reporter, routable)) chosen.add(a.id);
  }
  return authorities.filter((a) => chosen.has(a.id));
}
