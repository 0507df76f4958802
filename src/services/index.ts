import type { XarfParty } from '../core/feeds/xarf.js';
import type { RulePack } from '../core/rules/pack.js';
import { isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import { AdvisorySourceService } from './advisory-source.service.js';
import { AdvisoryService } from './advisory.service.js';
import { AuditService } from './audit.service.js';
import { AuthService } from './auth.service.js';
import { ClockService } from './clock.service.js';
import { DeliveryService, type DeliveryOptions } from './delivery.service.js';
import { DemoService } from './demo.service.js';
import { DigestService } from './digest.service.js';
import { FeedService } from './feed.service.js';
import { FindingService } from './finding.service.js';
import { ImportService } from './import.service.js';
import { IncidentService } from './incident.service.js';
import { InboxService } from './inbox.service.js';
import { JobService } from './job.service.js';
import { NetworkDirectory } from './network-directory.js';
import { RegistryService } from './registry.service.js';
import { loadRulePacks } from './rule-packs.js';
import { RulesService } from './rules.service.js';
import { SbomService } from './sbom.service.js';
import { SupervisionService } from './supervision.service.js';
import { UserService } from './user.service.js';
import { WarningService } from './warning.service.js';

export interface ServiceOptions {
  /** Default: the packs in `rule-packs/`; a broken pack throws. */
  rulePacks?: RulePack[];
  /** The current time; tests move it to see clocks fall due. */
  now?: () => string;
  delivery?: Partial<DeliveryOptions>;
  /** Who X-ARF reports in digests name as sender; by default Fenghuo at the public URL's host. */
  xarfSender?: XarfParty;
}

/** Every use case over one database; the adapters (server, cli, worker) hold one of these. */
export function createServices(database: Database, options: ServiceOptions = {}) {
  const now = options.now ?? isoNow;
  const directory = new NetworkDirectory(database);
  const imports = new ImportService(database, directory);
  const users = new UserService(database);
  const rules = new RulesService(options.rulePacks ?? loadRulePacks());
  const registry = new RegistryService(database, directory);
  const publicUrl = options.delivery?.publicUrl ?? 'http://127.0.0.1:8080';
  const host = new URL(publicUrl).hostname;
  const advisories = new AdvisoryService(
    database,
    { publicUrl, publisher: { name: 'Fenghuo', namespace: new URL(publicUrl).origin } },
    now,
  );
  const digests = new DigestService(
    database,
    { sender: options.xarfSender ?? { org: 'Fenghuo', contact: `abuse@${host}`, domain: host } },
    now,
  );
  return {
    database,
    directory,
    registry,
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
    supervision: new SupervisionService(database, now),
    feeds: new FeedService(database, directory, digests, now),
    findings: new FindingService(database, registry, digests, now),
    advisories,
    advisorySources: new AdvisorySourceService(database, advisories, now),
    sboms: new SbomService(database, now),
    warnings: new WarningService(database, publicUrl, now),
    digests,
    delivery: new DeliveryService(database, {
      mailer: options.delivery?.mailer ?? null,
      publicUrl,
      allowPrivateWebhooks: options.delivery?.allowPrivateWebhooks ?? false,
    }),
  };
}
export type Services = ReturnType<typeof createServices>;
