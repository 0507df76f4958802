import type { LookupResult, Network } from '../contract/registry.js';
import { authorize, type Actor } from '../core/auth/policy.js';
import { validationError } from '../core/errors.js';
import { NetworkIndex } from '../core/registry/network-index.js';
import { parseLookupQuery } from '../core/registry/network-value.js';
import type { Database } from '../storage/database.js';
import { repositories } from './unit-of-work.js';

/** How long a process trusts its index before asking whether another process changed networks. */
const RECHECK_MS = 1000;

/**
 * Who owns an IP, ASN or domain: the in-memory NetworkIndex, kept in step with the database.
 * Changes made in this process patch the index; changes made by other processes (another API
 * process, the CLI) are noticed through the networks version counter and trigger a rebuild.
 */
export class NetworkDirectory {
  private index: NetworkIndex | null = null;
  private networks = new Map<string, Network>();
  private version = -1;
  private checkedAt = 0;

  constructor(private readonly database: Database) {}

  async lookup(actor: Actor, raw: string): Promise<LookupResult> {
    authorize(actor, 'lookup');
    const query = parseLookupQuery(raw.trim());
    if ('error' in query) throw validationError([{ field: '/q', reason: query.error }]);
    const index = await this.current();
    const entry = index.lookup(query);
    const network = entry ? this.networks.get(entry.id) : undefined;
    const org = network
      ? await repositories(this.database.db, this.database.dialect).organisations.get(network.orgId)
      : null;
    return {
      query: raw,
      type: query.type,
      match:
        network && org
          ? {
              organisation: {
                id: org.id,
                kind: org.kind,
                nameZh: org.nameZh,
                nameEn: org.nameEn,
                sector: org.sector,
                region: org.region,
                cii: org.cii,
              },
              network,
            }
          : null,
    };
  }

  /** The index as it stands, refreshed if another process changed networks: for bulk enrichment. */
  snapshot(): Promise<NetworkIndex> {
    return this.current();
  }

  /** Patches the index after this process committed a change that moved the counter to `version`. */
  apply(change: { added: Network[]; removed: string[] }, version: number): void {
    if (!this.index) return;
    if (version !== this.version + 1) {
      this.version = -1; // someone else changed networks too: rebuild on next use
      return;
    }
    for (const id of change.removed) {
      this.index.remove(id);
      this.networks.delete(id);
    }
    for (const network of change.added) {
      if (this.networks.has(network.id)) this.index.remove(network.id);
      this.index.add(network);
      this.networks.set(network.id, network);
    }
    this.version = version;
  }

  /** Forces a rebuild on next use, after changes too broad to patch (bulk imports, cascades). */
  async reload(): Promise<void> {
    this.version = -1;
    await this.current();
  }

  private async current(): Promise<NetworkIndex> {
    if (this.index && Date.now() - this.checkedAt < RECHECK_MS && this.version >= 0)
      return this.index;
    const repos = repositories(this.database.db, this.database.dialect);
    const version = await repos.networks.version();
    this.checkedAt = Date.now();
    if (this.index && version === this.version) return this.index;
    const all = await repos.networks.all({ kind: 'all' });
    this.networks = new Map(all.map((n) => [n.id, n]));
    this.index = NetworkIndex.build(all);
    this.version = version;
    return this.index;
  }
}
