import type { RulePack } from '../core/rules/pack.js';
import { isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import { AuditService } from './audit.service.js';
import { AuthService } from './auth.service.js';
import { ClockService } from './clock.service.js';
import { DemoService } from './demo.service.js';
import { ImportService } from './import.service.js';
import { IncidentService } from './incident.service.js';
import { InboxService } from './inbox.service.js';
import { JobService } from './job.service.js';
import { NetworkDirectory } from './network-directory.js';
import { RegistryService } from './registry.service.js';
import { loadRulePacks } from './rule-packs.js';
import { RulesService } from './rules.service.js';
import { UserService } from './user.service.js';

/**
 * Every use case over one database; the adapters (server, cli, worker) hold one of these.
 * The rule packs are loaded from `rule-packs/` unless given; a broken pack throws.
 */
export function createServices(
  database: Database,
  rulePacks: RulePack[] = loadRulePacks(),
  now: () => string = isoNow,
) {
  const directory = new NetworkDirectory(database);
  const imports = new ImportService(database, directory);
  const users = new UserService(database);
  const rules = new RulesService(rulePacks);
  return {
    database,
    directory,
    registry: new RegistryService(database, directory),
    imports,
    users,
    auth: new AuthService(database),
    audit: new AuditService(database),
    inbox: new InboxService(database),
    jobs: new JobService(database),
    demo: new DemoService(database, imports, users),
    rules,
    incidents: new IncidentService(database, rules, now),
    clocks: new ClockService(database, rules, now),
  };
}
export type Services = ReturnType<typeof createServices>;
