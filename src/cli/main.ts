#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAccess } from './commands/access.js';
import { registerAdvisories } from './commands/advisories.js';
import { registerFeeds } from './commands/feeds.js';
import { registerIncidents } from './commands/incidents.js';
import { registerRegistry } from './commands/registry.js';
import { registerRules } from './commands/rules.js';
import { registerServe } from './commands/serve.js';
import { EXIT, fail, withServices } from './runtime.js';

const program = new Command('fenghuo')
  .description('Fenghuo: national cyberspace incident coordination, notification and early warning')
  .exitOverride()
  .showHelpAfterError();

registerServe(program);
program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => {
    try {
      // withServices migrates before it does anything else.
      await withServices(async () => undefined);
      process.stdout.write('database is at the latest schema\n');
    } catch (error) {
      fail(error);
    }
  });
registerRegistry(program);
registerAccess(program);
registerRules(program);
registerIncidents(program);
registerFeeds(program);
registerAdvisories(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    fail(error);
  }
}
