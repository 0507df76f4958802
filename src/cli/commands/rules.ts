import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Value } from '@sinclair/typebox/value';
import { EvaluateInput } from '../../contract/rules.js';
import { formatDeadline } from '../../core/rules/deadline.js';
import { RulesService } from '../../services/rules.service.js';
import { DEFAULT_RULE_PACK_DIR, loadRulePacks } from '../../services/rule-packs.js';
import { cliActor, EXIT, fail, output } from '../runtime.js';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('Rule packs: the regimes, as data');
  rules
    .command('check')
    .description('Load every pack in a folder and report each problem with its file and path')
    .argument('[dir]', 'folder of *.json packs', DEFAULT_RULE_PACK_DIR)
    .action((dir: string) => {
      try {
        const packs = loadRulePacks(dir);
        process.stdout.write(
          `${packs.length} rule packs load cleanly: ${packs.map((p) => p.id).join(', ')}\n`,
        );
      } catch (error) {
        fail(error);
      }
    });
  rules
    .command('evaluate')
    .description(
      'What every pack says of the incident facts in a JSON file ({ "facts": {…}, "anchors": {…} })',
    )
    .argument('<file>')
    .option('--json', 'print every evaluation as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      try {
        const input: unknown = JSON.parse(await readFile(file, 'utf8'));
        if (!Value.Check(EvaluateInput, input)) {
          const first = [...Value.Errors(EvaluateInput, input)].slice(0, 5);
          process.stderr.write(
            `error: ${file} is not an evaluation input:\n${first.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`,
          );
          process.exitCode = EXIT.usage;
          return;
        }
        const results = new RulesService(loadRulePacks()).evaluate(cliActor(), input);
        output(options.json, results, () =>
          results
            .filter((r) => r.applies)
            .map((r) =>
              [
                `${r.pack}: ${r.grade.label.en}${r.reportable ? '' : ' (not reportable)'}`,
                ...r.explanation.map(
                  (h) => `  grade ${h.grade} from ${h.criterion} [${h.certainty}]`,
                ),
                ...r.obligations.map(
                  (o) =>
                    `  ${o.stage}: ${formatDeadline(o.deadline, 'en')} from ${o.anchor} → ${o.recipients.map((x) => x.id).join(', ')}${o.due ? `, due ${o.due}` : ''}`,
                ),
                ...r.escalations.map(
                  (e) =>
                    `  escalation ${e.escalation}: ${formatDeadline(e.deadline, 'en')} → ${e.recipients.map((x) => x.id).join(', ')}`,
                ),
              ].join('\n'),
            )
            .join('\n'),
        );
      } catch (error) {
        fail(error);
      }
    });
}
