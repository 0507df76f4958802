import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { cliActor, fail, output, withServices } from '../runtime.js';

export function registerAdvisories(program: Command): void {
  const advisory = program
    .command('advisory')
    .description('Advisories: import CSAF, CVE JSON 5 and KEV files; list them');

  advisory
    .command('import')
    .description(
      'Import a CSAF 2.0 document, a CVE JSON 5 record or the KEV catalogue; matches are recomputed',
    )
    .argument('<file>', 'the JSON file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      try {
        const text = await readFile(file, 'utf8');
        const result = await withServices((services) =>
          services.advisories.importFile(cliActor(), text, 'cli'),
        );
        output(options.json, result, () =>
          [
            `${result.format}: ${result.advisories.length} advisories, ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`,
            ...result.advisories
              .filter((a) => a.outcome === 'created' || a.outcome === 'updated')
              .slice(0, 50)
              .map(
                (a) => `  ${a.sourceId} revision ${a.revision}: ${a.outcome}, ${a.matches} matches`,
              ),
          ].join('\n'),
        );
      } catch (error) {
        fail(error);
      }
    });

  advisory
    .command('list')
    .description('List the newest advisories')
    .option('--matched', 'only those matching some asset')
    .option('--json', 'print as JSON')
    .action(async (options: { matched?: boolean; json?: boolean }) => {
      try {
        const page = await withServices((services) =>
          services.advisories.list(cliActor(), { matched: options.matched, limit: 100 }),
        );
        output(options.json, page.items, () =>
          page.items
            .map(
              (a) =>
                `${a.source}\t${a.sourceId}\t${a.matchCount} matches in ${a.orgCount} organisations\t${a.title}`,
            )
            .join('\n'),
        );
      } catch (error) {
        fail(error);
      }
    });
}
