import type { Command } from 'commander';
import { pino } from 'pino';
import { loadConfig, type Role } from '../../config.js';
import { SYSTEM } from '../../core/auth/policy.js';
import { generatePassword } from '../../core/auth/password.js';
import { buildApp } from '../../server/app.js';
import { createMailer } from '../../services/delivery/email-channel.js';
import { createServices, type Services } from '../../services/index.js';
import { openDatabase } from '../../storage/database.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { ClockWatcher } from '../../worker/clock-watcher.js';
import { Worker } from '../../worker/runner.js';
import { FeedWatcher } from '../../worker/feed-watcher.js';
import { Scheduler } from '../../worker/scheduler.js';

/** On an empty database: the demo constituency with its users, or just an administrator. */
async function firstRun(
  services: Services,
  config: ReturnType<typeof loadConfig>,
): Promise<string | null> {
  if (!(await services.demo.isEmpty())) return null;
  const password = config.adminPassword ?? generatePassword();
  if (config.loadDemo) {
    const summary = await services.demo.load(password);
    process.stdout.write(
      `Loaded the demo constituency: ${summary.organisations} organisations, ${summary.contacts} contacts, ` +
        `${summary.networks} networks, ${summary.assets} assets.\nDemo users (same password): ${summary.users.join(', ')}\n`,
    );
  } else {
    const centre = await services.registry.createOrganisation(SYSTEM, {
      kind: 'coordinator',
      externalId: 'cn-ncc',
      nameZh: '国家网络安全应急协调中心',
      nameEn: 'National Cyberspace Incident Coordination Centre',
      country: 'CN',
      region: 'CN-BJ',
    });
    await services.users.create(SYSTEM, {
      orgId: centre.id,
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      password,
    });
  }
  return password;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the API and the worker (by default both, in one process)')
    .option('--role <role>', 'api, worker or all', 'all')
    .action(async (options: { role: string }) => {
      if (!['api', 'worker', 'all'].includes(options.role)) {
        program.error(`--role must be api, worker or all (got ${options.role})`, { exitCode: 2 });
      }
      const role = options.role as Role;
      const config = loadConfig();
      const logger = pino({ level: config.logLevel });
      const database = openDatabase(config.databaseUrl);
      await migrateToLatest(database);
      const mailer = config.smtpUrl
        ? createMailer({ url: config.smtpUrl, from: config.mailFrom })
        : null;
      const services = createServices(database, {
        delivery: {
          mailer,
          publicUrl: config.publicUrl,
          allowPrivateWebhooks: config.webhooksAllowPrivate,
        },
      });
      // Workers never seed data: with several processes only the API side sets up a new database.
      const password = role === 'worker' ? null : await firstRun(services, config);

      const stops: (() => Promise<void>)[] = [];
      if (role !== 'api') {
        const worker = new Worker(services, { logger });
        const scheduler = new Scheduler(services, { logger });
        const clocks = new ClockWatcher(services, logger);
        worker.start();
        clocks.start();
        await scheduler.start();
        stops.push(
          () => scheduler.stop(),
          () => clocks.stop(),
          () => worker.stop(),
        );
        if (config.feedDir) {
          const watcher = new FeedWatcher(services, config.feedDir, logger);
          watcher.start();
          stops.unshift(() => watcher.stop());
        }
      }
      if (role !== 'worker') {
        const app = await buildApp({
          services,
          webDir: config.webDir,
          secureCookies: config.secureCookies,
          logLevel: config.logLevel,
        });
        await app.listen({ host: config.host, port: config.port });
        stops.unshift(() => app.close());
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : config.port;
        process.stdout.write(
          `\nFenghuo is running on http://${config.host}:${port} (database: ${database.dialect}, role: ${role})\n`,
        );
        if (password) {
          process.stdout.write(
            `Sign in as "admin" with the password ${config.adminPassword ? 'from FENGHUO_ADMIN_PASSWORD' : password}` +
              `${config.adminPassword ? '' : ' (shown only this once)'}.\n\n`,
          );
        } else {
          process.stdout.write(
            'Sign in with an existing account (create one with `fenghuo user create`).\n\n',
          );
        }
      } else {
        process.stdout.write(`Fenghuo worker running (database: ${database.dialect})\n`);
      }

      let stopping = false;
      const shutdown = async () => {
        if (stopping) return;
        stopping = true;
        for (const stop of stops) await stop();
        mailer?.close();
        await database.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown());
      process.on('SIGTERM', () => void shutdown());
    });
}
