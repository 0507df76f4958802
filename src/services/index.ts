import type { Database } from '../storage/database.js';
import { AuditService } from './audit.service.js';
import { AuthService } from './auth.service.js';
import { DemoService } from './demo.service.js';
import { ImportService } from './import.service.js';
import { InboxService } from './inbox.service.js';
import { JobService } from './job.service.js';
import { NetworkDirectory } from './network-directory.js';
import { RegistryService } from './registry.service.js';
import { UserService } from './user.service.js';

/** Every use case over one database; the adapters (server, cli, worker) hold one of these. */
export function createServices(database: Database) {
  const directory = new NetworkDirectory(database);
  const imports = new ImportService(database, directory);
  const users = new UserService(database);
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
  };
}
export type Services = ReturnType<typeof createServices>;
