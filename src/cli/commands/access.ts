import type { Command } from 'commander';
import { TOKEN_SCOPES, type TokenScope } from '../../contract/auth.js';
import { generatePassword } from '../../core/auth/password.js';
import { USER_ROLES, type UserRole } from '../../core/registry/vocabulary.js';
import { cliActor, EXIT, fail, output, withServices } from '../runtime.js';

export function registerAccess(program: Command): void {
  const user = program.command('user').description('Manage user accounts');
  user
    .command('create')
    .description('Create a user; prints a generated password unless --password is given')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--org <externalId>', 'the organisation, by external id')
    .requiredOption('--role <role>', USER_ROLES.join('|'))
    .option('--name <displayName>', 'display name (default: the username)')
    .option('--email <email>', 'e-mail address')
    .option('--password <password>', 'at least 12 characters')
    .option('--json', 'print the user as JSON')
    .action(
      async (o: {
        username: string;
        org: string;
        role: string;
        name?: string;
        email?: string;
        password?: string;
        json?: boolean;
      }) => {
        if (!(USER_ROLES as readonly string[]).includes(o.role))
          program.error(`--role must be one of ${USER_ROLES.join(', ')}`, { exitCode: EXIT.usage });
        try {
          const password = o.password ?? generatePassword();
          const created = await withServices(async (services) => {
            const org = await services.registry.organisationByExternalId(cliActor(), o.org);
            return services.users.create(cliActor(), {
              orgId: org.id,
              username: o.username,
              displayName: o.name ?? o.username,
              email: o.email ?? null,
              role: o.role as UserRole,
              password,
            });
          });
          output(
            o.json,
            { user: created, ...(o.password ? {} : { password }) },
            () =>
              `Created ${created.username} (${created.role}).${o.password ? '' : ` Password: ${password}`}`,
          );
        } catch (error) {
          fail(error);
        }
      },
    );
  user
    .command('list')
    .description('List users')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      try {
        const users = await withServices(async (services) => {
          const all = [];
          let cursor: string | undefined;
          do {
            const page = await services.users.list(cliActor(), { cursor, limit: 500 });
            all.push(...page.items);
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          return all;
        });
        output(o.json, users, () =>
          users
            .map(
              (u) =>
                `${u.username.padEnd(24)} ${u.role.padEnd(12)} ${u.disabled ? 'disabled' : 'active'}`,
            )
            .join('\n'),
        );
      } catch (error) {
        fail(error);
      }
    });
  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(verb)
      .description(
        `${verb[0]!.toUpperCase()}${verb.slice(1)} a user${disabled ? ' and end their sessions' : ''}`,
      )
      .argument('<username>')
      .action(async (username: string) => {
        try {
          await withServices(async (services) => {
            const found = await services.users.byUsername(cliActor(), username);
            await services.users.update(cliActor(), found.id, { disabled });
          });
          process.stdout.write(`${username} ${disabled ? 'disabled' : 'enabled'}\n`);
        } catch (error) {
          fail(error);
        }
      });
  }

  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for a user; the secret is printed once')
    .requiredOption('--username <name>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scopes <list>', `comma-separated: ${TOKEN_SCOPES.join(',')}`, 'read')
    .option('--expires-in-days <n>', 'days until it expires', (v) => Number(v))
    .option('--json', 'print as JSON')
    .action(
      async (o: {
        username: string;
        name: string;
        scopes: string;
        expiresInDays?: number;
        json?: boolean;
      }) => {
        const scopes = o.scopes.split(',').map((s) => s.trim());
        const bad = scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
        if (bad.length > 0)
          program.error(`--scopes: unknown scope ${bad.join(', ')}`, { exitCode: EXIT.usage });
        try {
          const created = await withServices(async (services) => {
            const found = await services.users.byUsername(cliActor(), o.username);
            return services.auth.createToken(cliActor(), {
              userId: found.id,
              name: o.name,
              scopes: scopes as TokenScope[],
              expiresInDays: o.expiresInDays ?? null,
            });
          });
          output(
            o.json,
            created,
            () => `Token ${created.token.id} created. Secret (shown once): ${created.secret}`,
          );
        } catch (error) {
          fail(error);
        }
      },
    );
  token
    .command('revoke')
    .description('Revoke an API token by id')
    .argument('<id>')
    .action(async (id: string) => {
      try {
        await withServices((services) => services.auth.revokeToken(cliActor(), id));
        process.stdout.write(`Token ${id} revoked\n`);
      } catch (error) {
        fail(error);
      }
    });

  program
    .command('audit')
    .description('The audit log')
    .command('verify')
    .description('Walk the hash chain and report the first broken link')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      try {
        const result = await withServices((services) => services.audit.verify(cliActor()));
        output(o.json, result, () =>
          result.ok
            ? `audit chain intact: ${result.checked} entries`
            : `audit chain BROKEN at entry ${result.firstBrokenSeq}: ${result.reason} (${result.checked} entries before it are intact)`,
        );
        if (!result.ok) process.exitCode = EXIT.failed;
      } catch (error) {
        fail(error);
      }
    });
}
