import { readFile } from 'node:fs/promises';
import { Value } from '@sinclair/typebox/value';
import type { Command } from 'commander';
import { IncidentInput } from '../../contract/incidents.js';
import type { Receipt } from '../../core/reporting/receipt.js';
import { cliActor, EXIT, fail, output, withServices } from '../runtime.js';

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8'));
}

export function registerIncidents(program: Command): void {
  program
    .command('incident')
    .description('Statutory incident reports')
    .command('report')
    .description('Report an incident from a JSON file (the body of POST /api/v1/incidents)')
    .argument('<file>')
    .option(
      '--org <externalId>',
      'the reporting organisation, by external id (instead of reporterOrgId in the file)',
    )
    .option(
      '--idempotency-key <key>',
      'send the same key again to get the first answer, not a second incident',
    )
    .option('--json', 'print the incident and receipts as JSON')
    .action(
      async (file: string, options: { org?: string; idempotencyKey?: string; json?: boolean }) => {
        try {
          const input = (await readJson(file)) as Record<string, unknown>;
          const result = await withServices(async (services) => {
            if (options.org)
              input.reporterOrgId = (
                await services.registry.organisationByExternalId(cliActor(), options.org)
              ).id;
            if (!Value.Check(IncidentInput, input)) {
              const errors = [...Value.Errors(IncidentInput, input)].map(
                (e) => `  ${e.path || '/'}: ${e.message}`,
              );
              throw new Error(
                `${file} is not an incident report:\n${errors.slice(0, 10).join('\n')}`,
              );
            }
            return services.incidents.report(cliActor(), input, options.idempotencyKey);
          });
          output(options.json, result, () =>
            [
              `${result.incident.reference} recorded (${result.incident.id})`,
              ...result.incident.evaluations.map(
                (e) => `  ${e.pack}: ${e.grade.label.en}${e.reportable ? '' : ', not reportable'}`,
              ),
              ...result.incident.clocks.map(
                (c) =>
                  `  clock ${c.pack} ${c.kind} ${c.ref}: ${c.state}${c.dueAt ? `, due ${c.dueAt}` : ''}`,
              ),
              ...result.receipts.map(
                (r) =>
                  `  receipt ${r.pack}/${r.stage} v${r.version} at ${r.receivedAt}, signed by ${r.keyId}`,
              ),
            ].join('\n'),
          );
        } catch (error) {
          fail(error);
        }
      },
    );

  program
    .command('receipt')
    .description('Submission receipts')
    .command('verify')
    .description('Check a receipt (JSON) against this server’s signing keys')
    .argument('<file>')
    .action(async (file: string) => {
      try {
        const receipt = (await readJson(file)) as Receipt;
        const result = await withServices((services) => services.incidents.verifyReceipt(receipt));
        process.stdout.write(
          result.valid
            ? `receipt valid: ${receipt.reference} ${receipt.pack}/${receipt.stage} v${receipt.version}, key ${result.keyId}\n`
            : `receipt INVALID: ${result.reason}\n`,
        );
        if (!result.valid) process.exitCode = EXIT.failed;
      } catch (error) {
        fail(error);
      }
    });
}
