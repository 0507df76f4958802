import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'eu-gdpr')!;
const AWARE = '2026-03-27T10:00:00.000Z';
const timeline: Timeline = { anchors: { aware: AWARE }, submitted: {} };
const controller: Facts = { 'org.country': 'DE', 'org.personalInformationHandler': true };
const breach: Facts = { ...controller, 'incident.personalDataBreach': true };
const evaluate = (facts: Facts) => evaluatePack(pack, facts, timeline);

describe('eu-gdpr: GDPR Arts 33-34', () => {
  it('a breach is notified to the supervisory authority within 72 hours of awareness (elapsed time, across the DST change)', () => {
    const result = evaluate(breach);
    expect(result.grade.code).toBe('notifiable');
    expect(result.obligations).toEqual([
      expect.objectContaining({
        stage: 'supervisory_authority',
        due: '2026-03-30T10:00:00.000Z',
        recipients: [expect.objectContaining({ id: 'supervisory_authority' })],
        certainty: 'confirmed',
      }),
    ]);
  });

  it('a breach unlikely to result in a risk is not notifiable', () => {
    expect(evaluate({ ...breach, 'incident.riskToIndividualsUnlikely': true })).toMatchObject({
      applies: true,
      reportable: false,
      grade: { code: 'not_notifiable' },
      obligations: [],
    });
  });

  it('a high-risk breach is also communicated to the data subjects without undue delay', () => {
    const result = evaluate({ ...breach, 'incident.highRiskToIndividuals': true });
    expect(result.grade.code).toBe('high_risk');
    expect(result.obligations.map((o) => o.stage)).toEqual([
      'supervisory_authority',
      'data_subjects',
    ]);
    expect(result.obligations[1]).toMatchObject({
      immediate: true,
      due: AWARE,
      recipients: [expect.objectContaining({ id: 'data_subjects' })],
    });
  });

  it('no communication when the high risk was averted (Art. 34(3)), unless the authority requires it (Art. 34(4))', () => {
    const averted = {
      ...breach,
      'incident.highRiskToIndividuals': true,
      'incident.harmEffectivelyAvoided': true,
    };
    expect(evaluate(averted).obligations.map((o) => o.stage)).toEqual(['supervisory_authority']);
    expect(
      evaluate({ ...averted, 'incident.individualNoticeRequired': true }).obligations[1],
    ).toMatchObject({ stage: 'data_subjects', source: expect.stringContaining('34(4)') });
  });

  it.each([
    [{ ...breach }, true],
    [{ ...breach, 'org.country': 'NO' }, true],
    [{ ...breach, 'org.country': 'CN' }, false],
    [{ ...breach, 'org.country': 'CN', 'org.gdprTerritorialScope': true }, true],
    [{ ...breach, 'org.personalInformationHandler': false }, false],
  ] as [Facts, boolean][])('territorial and personal scope: %o → applies: %s', (facts, applies) => {
    const result = evaluate(facts);
    expect(result.applies).toBe(applies);
    expect(result.obligations.length > 0).toBe(applies);
  });
});
