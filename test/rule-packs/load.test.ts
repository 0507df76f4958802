import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRulePack } from '../../src/core/rules/load.js';
import {
  DEFAULT_RULE_PACK_DIR,
  loadRulePacks,
  RulePackError,
} from '../../src/services/rule-packs.js';

const shipped = readFileSync(
  join(DEFAULT_RULE_PACK_DIR, 'cn-incident-reporting-2025.json'),
  'utf8',
);

describe('rule pack loading', () => {
  it('loads every shipped pack', () => {
    const packs = loadRulePacks();
    expect(packs.map((p) => p.id)).toContain('cn-incident-reporting-2025');
  });

  it('names the file, the path and the reason of every problem', () => {
    const pack = JSON.parse(shipped);
    pack.grading.criteria[0].thresholds[0].grade = 'catastrophic';
    pack.grading.criteria[1].thresholds[0].test = { fact: 'impact.moonPhase', op: 'gte', value: 1 };
    pack.stages[0].obligations[0].recipients = ['nobody'];
    pack.calendar = 'XX';
    const { problems } = parseRulePack(JSON.stringify(pack), 'broken.json');
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: 'broken.json',
          path: '/grading/criteria/0/thresholds/0/grade',
          reason: expect.stringContaining('catastrophic'),
        },
        {
          file: 'broken.json',
          path: '/grading/criteria/1/thresholds/0/test/fact',
          reason: 'unknown fact impact.moonPhase',
        },
        {
          file: 'broken.json',
          path: '/stages/0/obligations/0/recipients/0',
          reason: expect.stringContaining('nobody'),
        },
        {
          file: 'broken.json',
          path: '/calendar',
          reason: expect.stringContaining('unknown calendar XX'),
        },
      ]),
    );
  });

  it('refuses values the schema forbids, and text that is not JSON', () => {
    const pack = JSON.parse(shipped);
    pack.certainty = 'probably';
    delete pack.stages[0].obligations[0].source;
    const { problems } = parseRulePack(JSON.stringify(pack), 'x.json');
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['/certainty', '/stages/0/obligations/0/source']),
    );
    expect(parseRulePack('{ nope', 'y.json').problems[0]).toMatchObject({
      file: 'y.json',
      reason: expect.stringContaining('not valid JSON'),
    });
  });

  it('fails the whole load on one broken file or a repeated id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fenghuo-packs-'));
    try {
      writeFileSync(join(dir, 'a.json'), shipped);
      writeFileSync(join(dir, 'b.json'), shipped);
      expect(() => loadRulePacks(dir)).toThrow(/2 packs share the id cn-incident-reporting-2025/);
      writeFileSync(join(dir, 'b.json'), '{}');
      expect(() => loadRulePacks(dir)).toThrow(RulePackError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
