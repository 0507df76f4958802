import type { ImportKind } from '../contract/registry.js';
import { SYSTEM } from '../core/auth/policy.js';
import { generateDemoConstituency } from '../core/registry/demo.js';
import type { ImportRow } from '../core/registry/import-rows.js';
import type { Database } from '../storage/database.js';
import type { ImportService } from './import.service.js';
import { repositories } from './unit-of-work.js';
import type { UserService } from './user.service.js';

export interface DemoSummary {
  organisations: number;
  contacts: number;
  networks: number;
  assets: number;
  users: string[];
}

/** Loads the generated demo constituency through the same import path as any file. */
export class DemoService {
  constructor(
    private readonly database: Database,
    private readonly imports: ImportService,
    private readonly users: UserService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const page = await repositories(this.database.db, this.database.dialect).organisations.list(
      { limit: 1 },
      { kind: 'all' },
    );
    return page.items.length === 0;
  }

  /** Loads the demo data and one user per role, all with `password`. */
  async load(password: string, seed?: number): Promise<DemoSummary> {
    const demo = generateDemoConstituency(seed);
    const parts: [ImportKind, readonly ImportRow['value'][]][] = [
      ['orgs', demo.organisations],
      ['contacts', demo.contacts],
      ['networks', demo.networks],
      ['assets', demo.assets],
    ];
    for (const [kind, values] of parts) {
      const rows = values.map((value, i) => ({ row: i + 1, value }) as ImportRow);
      const report = await this.imports.importRows(
        SYSTEM,
        kind,
        { rows, errors: [], total: rows.length },
        { format: 'json', source: 'demo' },
      );
      if (!report.committed)
        throw new Error(`demo ${kind} did not load: ${JSON.stringify(report.errors.slice(0, 3))}`);
    }
    const orgs = await repositories(
      this.database.db,
      this.database.dialect,
    ).organisations.byExternalIds(demo.users.map((u) => u.orgExternalId));
    for (const spec of demo.users) {
      await this.users.create(SYSTEM, {
        orgId: orgs.get(spec.orgExternalId)!.id,
        username: spec.username,
        displayName: spec.displayName,
        role: spec.role,
        password,
      });
    }
    return {
      organisations: demo.organisations.length,
      contacts: demo.contacts.length,
      networks: demo.networks.length,
      assets: demo.assets.length,
      users: demo.users.map((u) => `${u.username} (${u.role})`),
    };
  }
}
