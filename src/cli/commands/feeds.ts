import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import type { FeedRun } from '../../contract/feeds.js';
import { FEED_FORMATS, isFeedFormat } from '../../core/feeds/parsers.js';
import { cliActor, fail, output, withServices } from '../runtime.js';

function describeRun(run: FeedRun): string {
  const c = run.counts;
  return [
    `run ${run.id} (${run.feedName}, ${run.fileName}): ${run.status}`,
    `  read ${c.read}, parsed ${c.parsed}, rejected ${c.rejected}, matched ${c.matched}, unmatched ${c.unmatched}, duplicates ${c.duplicates}, organisations notified ${c.notified}`,
    ...(run.error ? [`  error: ${run.error}`] : []),
  ].join('\n');
}

export function registerFeeds(program: Command): void {
  const feed = program
    .command('feed')
    .description('Machine feeds: ingest files, list feeds and runs');

  feed
    .command('ingest')
    .description('Ingest a feed file; a run of the same file that was interrupted is resumed')
    .argument('<file>', 'the file to ingest')
    .requiredOption('--source <name>', 'the feed name, e.g. shadowserver-scan_dns')
    .option('--format <format>', `${FEED_FORMATS.join('|')} (needed when the feed is new)`)
    .option('--report <type>', 'Shadowserver report type (default: from the file name)')
    .option('--json', 'print the run as JSON')
    .action(
      async (
        file: string,
        options: { source: string; format?: string; report?: string; json?: boolean },
      ) => {
        if (options.format !== undefined && !isFeedFormat(options.format)) {
          program.error(`--format must be one of ${FEED_FORMATS.join(', ')}`, { exitCode: 2 });
        }
        const bar = process.stderr.isTTY
          ? new SingleBar(
              { format: 'ingesting {bar} {percentage}% | {events} events, {rejected} rejected' },
              Presets.shades_classic,
            )
          : null;
        bar?.start(100, 0, { events: 0, rejected: 0 });
        try {
          const run = await withServices((services) =>
            services.feeds.ingest(cliActor(), {
              feed: options.source,
              format: options.format as (typeof FEED_FORMATS)[number] | undefined,
              report: options.report,
              path: file,
              origin: 'file',
              onProgress: ({ bytesRead, totalBytes, run }) =>
                bar?.update(Math.round((100 * bytesRead) / Math.max(totalBytes, 1)), {
                  events: run.counts.parsed,
                  rejected: run.counts.rejected,
                }),
            }),
          );
          bar?.update(100);
          bar?.stop();
          output(options.json, run, () => describeRun(run));
        } catch (error) {
          bar?.stop();
          fail(error);
        }
      },
    );

  feed
    .command('list')
    .description('List the feeds')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const feeds = await withServices((services) => services.feeds.list(cliActor()));
        output(options.json, feeds, () =>
          feeds
            .map((f) => `${f.name}\t${f.format}${f.pullUrl ? `\tpulls ${f.pullUrl}` : ''}`)
            .join('\n'),
        );
      } catch (error) {
        fail(error);
      }
    });

  feed
    .command('runs')
    .description('List recent ingestion runs')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      try {
        const runs = await withServices((services) =>
          services.feeds.runs(cliActor(), undefined, 50),
        );
        output(options.json, runs, () => runs.map(describeRun).join('\n'));
      } catch (error) {
        fail(error);
      }
    });
}
