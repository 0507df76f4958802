import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import { CERTAINTIES } from '../../src/core/rules/pack.js';
import { DEFAULT_RULE_PACK_DIR, loadRulePacks } from '../../src/services/rule-packs.js';

const NINE = [
  'cn-incident-reporting-2025',
  'cn-pipl-breach',
  'cn-data-security',
  'eu-nis2',
  'eu-cra',
  'eu-gdpr',
  'eu-dora',
  'us-circia',
  'us-sec-8k',
];
const packs = loadRulePacks();
const sourced = (x: { source: string; certainty: string }) =>
  x.source.trim().length > 0 && (CERTAINTIES as readonly string[]).includes(x.certainty);

describe('the shipped rule packs', () => {
  it('all nine load, with unique ids that match their file names', () => {
    const ids = packs.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(NINE));
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(DEFAULT_RULE_PACK_DIR).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...ids].sort());
  });

  it.each(NINE)(
    '%s carries a source and a certainty on the pack, every threshold, obligation and escalation',
    (id) => {
      const pack = packs.find((p) => p.id === id)!;
      expect(sourced(pack)).toBe(true);
      for (const c of pack.grading.criteria)
        for (const t of c.thresholds) expect(sourced(t)).toBe(true);
      for (const s of pack.stages) for (const o of s.obligations) expect(sourced(o)).toBe(true);
      for (const e of pack.escalations) expect(sourced(e)).toBe(true);
    },
  );

  it.each(NINE)('%s has grades, and its default grade owes nothing', (id) => {
    const pack = packs.find((p) => p.id === id)!;
    const rank = (code: string) => pack.grading.grades.find((g) => g.code === code)!.rank;
    expect(pack.grading.grades.length).toBeGreaterThanOrEqual(2);
    expect(rank(pack.grading.default)).toBeLessThan(rank(pack.grading.reportableFrom));
  });

  it('no pack owes anything when no fact is known', () => {
    const timeline: Timeline = { anchors: { aware: '2026-03-10T02:00:00.000Z' }, submitted: {} };
    for (const pack of packs)
      expect(evaluatePack(pack, {}, timeline)).toMatchObject({
        reportable: false,
        obligations: [],
        escalations: [],
      });
  });

  it('CIRCIA is a proposed rule, the rest are in force', () => {
    expect(packs.find((p) => p.id === 'us-circia')).toMatchObject({
      status: 'proposed',
      certainty: 'draft',
    });
    for (const id of NINE.filter((i) => i !== 'us-circia'))
      expect(packs.find((p) => p.id === id)!.status).toBe('in_force');
  });
});
