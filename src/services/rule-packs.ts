import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRulePack, type PackProblem } from '../core/rules/load.js';
import type { RulePack } from '../core/rules/pack.js';

/** The packs shipped with Fenghuo: `rule-packs/` at the package root (from src/ and from dist/ alike). */
export const DEFAULT_RULE_PACK_DIR = fileURLToPath(new URL('../../rule-packs', import.meta.url));

export class RulePackError extends Error {
  constructor(readonly problems: PackProblem[]) {
    super(
      `Broken rule packs:\n${problems.map((p) => `  - ${p.file} ${p.path}: ${p.reason}`).join('\n')}`,
    );
    this.name = 'RulePackError';
  }
}

/** Loads every `*.json` pack in `dir`; any broken one fails the whole load, naming file, path and reason. */
export function loadRulePacks(dir = DEFAULT_RULE_PACK_DIR): RulePack[] {
  const packs: RulePack[] = [];
  const problems: PackProblem[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const result = parseRulePack(readFileSync(join(dir, file), 'utf8'), file);
    if (result.pack) packs.push(result.pack);
    else problems.push(...result.problems);
  }
  const ids = new Map<string, number>();
  for (const pack of packs) ids.set(pack.id, (ids.get(pack.id) ?? 0) + 1);
  for (const [id, count] of ids)
    if (count > 1)
      problems.push({ file: dir, path: '/id', reason: `${count} packs share the id ${id}` });
  if (problems.length > 0) throw new RulePackError(problems);
  return packs;
}
