import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'eu-dora')!;
const AWARE = '2026-03-10T02:00:00.000Z';
const timeline = (extra: Partial<Timeline> = {}): Timeline => ({
  anchors: { aware: AWARE, ...extra.anchors },
  submitted: extra.submitted ?? {},
});
const bank: Facts = { 'org.country': 'FR', 'org.financialEntity': true };
const critical: Facts = { ...bank, 'incident.criticalServicesAffected': true };
const major: Facts = { ...bank, 'incident.majorIctIncident': true };
const evaluate = (facts: Facts, t = timeline()) => evaluatePack(pack, facts, t);
const stage = (facts: Facts, id: string, t = timeline()) =>
  evaluate(facts, t).obligations.find((o) => o.stage === id);

describe('eu-dora: classification (RTS 2024/1772)', () => {
  it('an incident the entity classified major is major; others are not, and non-financial entities are out of scope', () => {
    expect(evaluate(major)).toMatchObject({
      applies: true,
      reportable: true,
      grade: { code: 'major' },
    });
    expect(evaluate({ ...bank, 'incident.majorIctIncident': false })).toMatchObject({
      reportable: false,
      obligations: [],
    });
    expect(evaluate({ ...major, 'org.financialEntity': false })).toMatchObject({
      applies: false,
      reportable: false,
      obligations: [],
    });
  });

  it.each([
    [100_000, 100_001, false],
    [100_001, 100_000, false],
    [100_001, 100_001, true],
  ])(
    'critical services, %i clients and EUR %i lost → major: %s (each threshold is "higher than")',
    (clients, loss, isMajor) => {
      expect(
        evaluate({ ...critical, 'impact.clientsAffected': clients, 'impact.lossEur': loss })
          .reportable,
      ).toBe(isMajor);
    },
  );

  it.each([
    [{ 'impact.clientsAffectedShare': 0.1, 'incident.reputationalImpact': true }, false],
    [{ 'impact.clientsAffectedShare': 0.11, 'incident.reputationalImpact': true }, true],
    [{ 'impact.serviceDowntimeHours': 2, 'impact.memberStatesAffected': 2 }, false],
    [{ 'impact.serviceDowntimeHours': 2.5, 'impact.memberStatesAffected': 1 }, false],
    [{ 'impact.serviceDowntimeHours': 2.5, 'impact.memberStatesAffected': 2 }, true],
    [{ 'impact.durationHours': 24, 'incident.dataLoss': true }, false],
    [{ 'impact.durationHours': 25, 'incident.dataLoss': true }, true],
    [
      { 'impact.counterpartiesAffectedShare': 0.31, 'impact.transactionsAffectedShare': 0.5 },
      false,
    ],
  ] as [Facts, boolean][])('two of the Art. 9 thresholds: %o → major: %s', (impact, isMajor) => {
    expect(evaluate({ ...critical, ...impact }).reportable).toBe(isMajor);
  });

  it('malicious access that may cause data losses is enough on its own; nothing counts unless critical services were hit', () => {
    expect(evaluate({ ...critical, 'incident.maliciousAccessDataLoss': true }).grade.code).toBe(
      'major',
    );
    expect(
      evaluate({
        ...bank,
        'incident.maliciousAccessDataLoss': true,
        'impact.clientsAffected': 500_000,
        'impact.lossEur': 500_000,
      }).reportable,
    ).toBe(false);
    expect(evaluate({ ...critical, 'impact.clientsAffected': 500_000 }).reportable).toBe(false);
  });
});

describe('eu-dora: the reports and their deadlines (RTS 2025/301 Art. 5)', () => {
  it('the initial notification: 4 h after classification, but no later than 24 h after awareness', () => {
    const before = evaluate(major);
    expect(before.obligations.map((o) => o.stage)).toEqual([
      'initial_latest',
      'initial',
      'intermediate',
      'final',
    ]);
    expect(before.obligations[0]).toMatchObject({
      anchor: 'aware',
      due: '2026-03-11T02:00:00.000Z',
      recipients: [expect.objectContaining({ id: 'competent_authority' })],
    });
    expect(before.obligations[1]).toMatchObject({
      anchor: 'classified',
      anchorAt: null,
      due: null,
    });
    expect(
      stage(major, 'initial', timeline({ anchors: { classified: '2026-03-10T09:00:00.000Z' } })),
    ).toMatchObject({ due: '2026-03-10T13:00:00.000Z' });
  });

  it('a late classification does not move the 24-hour cap', () => {
    const late = evaluate(major, timeline({ anchors: { classified: '2026-03-11T00:00:00.000Z' } }));
    expect(late.obligations[0]).toMatchObject({
      stage: 'initial_latest',
      due: '2026-03-11T02:00:00.000Z',
    });
    expect(late.obligations[1]).toMatchObject({
      stage: 'initial',
      due: '2026-03-11T04:00:00.000Z',
    });
  });

  it('the intermediate report 72 h after the initial notification; the final one month after the latest intermediate report', () => {
    const t = timeline({
      submitted: { initial: '2026-03-10T12:00:00.000Z', intermediate: '2026-03-13T11:00:00.000Z' },
    });
    expect(stage(major, 'intermediate', t)).toMatchObject({
      anchorAt: '2026-03-10T12:00:00.000Z',
      due: '2026-03-13T12:00:00.000Z',
    });
    expect(stage(major, 'final', t)).toMatchObject({
      anchorAt: '2026-03-13T11:00:00.000Z',
      due: '2026-04-13T10:00:00.000Z',
      certainty: 'secondary',
    });
    expect(stage(major, 'final')).toMatchObject({ due: null });
  });
});
