import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config.js';
import type { Actor } from '../core/auth/policy.js';
import { DomainError } from '../core/errors.js';
import { createServices, type Services } from '../services/index.js';
import { openDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

/** Exit codes: 0 success, 1 the operation failed, 2 the command was used wrongly or its input was invalid. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Whoever runs the CLI on the server machine acts with full rights, audited under their login name. */
export function cliActor(): Actor {
  return { kind: 'system', label: `cli:${userInfo().username}` };
}

/** Opens the configured database, brings it to the latest schema, and runs `work` with the services. */
export async function withServices<T>(
  work: (services: Services, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database);
    return await work(createServices(database), config);
  } finally {
    await database.close();
  }
}

/** Prints a value as JSON or through `human`, as the --json flag asks. */
export function output(json: boolean | undefined, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Reports an error on stderr and sets the exit code: 2 for invalid input, 1 otherwise. */
export function fail(error: unknown): void {
  if (error instanceof DomainError) {
    process.stderr.write(`error (${error.code}): ${error.message}\n`);
    for (const f of error.fields) process.stderr.write(`  ${f.field}: ${f.reason}\n`);
    process.exitCode = error.code === 'validation_failed' ? EXIT.usage : EXIT.failed;
    return;
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT.failed;
}
