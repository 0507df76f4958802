import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { IMPORT_KINDS, type ImportKind } from '../../contract/registry.js';
import { generatePassword } from '../../core/auth/password.js';
import type { FileFormat } from '../../services/import.service.js';
import { cliActor, EXIT, fail, output, withServices } from '../runtime.js';

function formatOf(file: string, given: string | undefined): FileFormat {
  const format = given ?? extname(file).slice(1).toLowerCase();
  if (format !== 'csv' && format !== 'json')
    throw new Error(`cannot tell the format of ${file}: pass --format csv or --format json`);
  return format;
}

function kindOf(program: Command, kind: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind))
    program.error(`KIND must be one of ${IMPORT_KINDS.join(', ')}`, { exitCode: EXIT.usage });
  return kind as ImportKind;
}

export function registerRegistry(program: Command): void {
  program
    .command('import')
    .description('Bulk import organisations, contacts, networks or assets from CSV or JSON')
    .argument('<kind>', IMPORT_KINDS.join('|'))
    .argument('<file>', 'the file to import')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .option('--dry-run', 'check every row and report, but write nothing')
    .option('--partial', 'commit the good rows even when some rows are bad')
    .option('--source <name>', 'import name recorded on networks', 'bulk')
    .option('--json', 'print the report as JSON')
    .action(
      async (
        kindArg: string,
        file: string,
        options: {
          format?: string;
          dryRun?: boolean;
          partial?: boolean;
          source: string;
          json?: boolean;
        },
      ) => {
        const kind = kindOf(program, kindArg);
        try {
          const format = formatOf(file, options.format);
          const text = await readFile(file, 'utf8');
          const bar = process.stderr.isTTY
            ? new SingleBar(
                { format: 'importing {bar} {value}/{total} rows' },
                Presets.shades_classic,
              )
            : null;
          let started = false;
          const report = await withServices((services) =>
            services.imports.importFile(cliActor(), kind, format, text, {
              dryRun: options.dryRun,
              partial: options.partial,
              source: options.source,
              onProgress: (done, total) => {
                if (!started) bar?.start(total, 0);
                started = true;
                bar?.update(done);
              },
            }),
          );
          bar?.stop();
          output(options.json, report, () =>
            [
              `${report.total} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected} rejected`,
              report.committed
                ? 'committed'
                : options.dryRun
                  ? 'dry run: nothing written'
                  : 'NOT committed: fix the rows below or pass --partial',
              ...report.errors.map((e) => `  row ${e.row}, ${e.field}: ${e.reason}`),
            ].join('\n'),
          );
          if (!report.committed && !(options.dryRun && report.rejected === 0))
            process.exitCode = EXIT.failed;
        } catch (error) {
          fail(error);
        }
      },
    );

  program
    .command('export')
    .description('Export organisations, contacts, networks or assets in the import format')
    .argument('<kind>', IMPORT_KINDS.join('|'))
    .argument('[file]', 'where to write (default: standard output)')
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (kindArg: string, file: string | undefined, options: { format: string }) => {
      const kind = kindOf(program, kindArg);
      try {
        const format = formatOf(file ?? `x.${options.format}`, options.format);
        const text = await withServices((services) =>
          services.imports.exportFile(cliActor(), kind, format),
        );
        if (file) await writeFile(file, text);
        else process.stdout.write(text);
      } catch (error) {
        fail(error);
      }
    });

  program
    .command('lookup')
    .description('Who owns an IP address, an ASN or a domain')
    .argument('<query>', 'an IP address, AS number or domain')
    .option('--json', 'print the answer as JSON')
    .action(async (query: string, options: { json?: boolean }) => {
      try {
        const result = await withServices((services) =>
          services.directory.lookup(cliActor(), query),
        );
        output(options.json, result, () =>
          result.match
            ? `${result.query} → ${result.match.organisation.nameZh} / ${result.match.organisation.nameEn} (${result.match.organisation.id})\n  matched ${result.match.network.type} ${result.match.network.value} [${result.match.network.source}]`
            : `${result.query}: no owner registered`,
        );
        if (!result.match) process.exitCode = EXIT.failed;
      } catch (error) {
        fail(error);
      }
    });

  program
    .command('demo')
    .description('Demo data')
    .command('load')
    .description('Load the demo constituency into an empty database')
    .option('--password <password>', 'password for the demo users (default: generated and printed)')
    .option('--seed <n>', 'generator seed', (v) => Number(v))
    .action(async (options: { password?: string; seed?: number }) => {
      try {
        await withServices(async (services) => {
          if (!(await services.demo.isEmpty()))
            throw new Error(
              'the database already has organisations; the demo loads only into an empty one',
            );
          const password = options.password ?? generatePassword();
          const summary = await services.demo.load(password, options.seed);
          process.stdout.write(
            `Loaded ${summary.organisations} organisations, ${summary.contacts} contacts, ${summary.networks} networks, ${summary.assets} assets.\n` +
              `Users: ${summary.users.join(', ')}; password: ${password}\n`,
          );
        });
      } catch (error) {
        fail(error);
      }
    });
}
