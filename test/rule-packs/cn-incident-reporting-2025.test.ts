import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'cn-incident-reporting-2025')!;
const AWARE = '2026-03-10T02:00:00.000Z';
const timeline = (extra: Partial<Timeline> = {}): Timeline => ({
  anchors: { aware: AWARE, ...extra.anchors },
  submitted: extra.submitted ?? {},
});
const operator: Facts = {
  'org.country': 'CN',
  'org.sector': 'energy',
  'org.region': 'CN-GD',
  'org.cii': false,
  'org.stateOrgan': false,
};
const cii: Facts = { ...operator, 'org.cii': true };
const evaluate = (facts: Facts, t = timeline()) => evaluatePack(pack, facts, t);

describe('cn-incident-reporting-2025: grading at each threshold edge', () => {
  it.each([
    [999_999, 'general', false],
    [1_000_000, 'relatively_major', true],
    [9_999_999, 'relatively_major', true],
    [10_000_000, 'major', true],
    [100_000_000, 'especially_major', true],
  ])(
    '%i personal-information records leaked → %s (reportable: %s)',
    (records, grade, reportable) => {
      const result = evaluate({ ...operator, 'impact.personalRecordsLeaked': records });
      expect(result.grade.code).toBe(grade);
      expect(result.reportable).toBe(reportable);
    },
  );

  it.each([
    [4_999_999, 'general'],
    [5_000_000, 'relatively_major'],
    [20_000_000, 'major'],
    [100_000_000, 'especially_major'],
  ])('direct loss of CNY %i → %s', (loss, grade) => {
    expect(evaluate({ ...operator, 'impact.directLossCny': loss }).grade.code).toBe(grade);
  });

  it('counts CII outages only for CII operators, with the draft values marked as such', () => {
    expect(evaluate({ ...operator, 'impact.ciiOutageHours': 3 }).grade.code).toBe('general');
    const major = evaluate({ ...cii, 'impact.ciiOutageHours': 2 });
    expect(major.grade.code).toBe('major');
    expect(major.explanation).toEqual([
      expect.objectContaining({ criterion: 'cii-outage', grade: 'major', certainty: 'draft' }),
    ]);
    const severe = evaluate({ ...cii, 'impact.ciiMainFunctionOutageHours': 24 });
    expect(severe.explanation[0]).toMatchObject({
      grade: 'especially_major',
      certainty: 'confirmed',
    });
  });

  it('takes the highest grade any criterion gives, and explains each', () => {
    const result = evaluate({
      ...operator,
      'impact.personalRecordsLeaked': 2_000_000,
      'impact.directLossCny': 30_000_000,
    });
    expect(result.grade.code).toBe('major');
    expect(result.explanation.map((h) => [h.criterion, h.grade])).toEqual([
      ['personal-information', 'relatively_major'],
      ['direct-loss', 'major'],
    ]);
  });

  it('does not apply outside China', () => {
    const result = evaluate({
      ...operator,
      'org.country': 'DE',
      'impact.personalRecordsLeaked': 5_000_000,
    });
    expect(result).toMatchObject({ applies: false, reportable: false, obligations: [] });
  });
});

describe('cn-incident-reporting-2025: who reports to whom, by when', () => {
  it('a CII operator hit by ransomware with 2,000,000 records leaked owes a 1-hour report to the CII protection department and public security', () => {
    const result = evaluate({
      ...cii,
      'incident.ransomware': true,
      'impact.personalRecordsLeaked': 2_000_000,
    });
    expect(result.grade.code).toBe('relatively_major');
    const initial = result.obligations.find((o) => o.stage === 'initial')!;
    expect(initial).toMatchObject({
      due: '2026-03-10T03:00:00.000Z',
      anchor: 'aware',
      certainty: 'confirmed',
    });
    expect(initial.recipients.map((r) => r.id)).toEqual(['cii_protection', 'public_security']);
    expect(initial.requiredFields).toEqual(
      expect.arrayContaining(['ransom.amount', 'ransom.method', 'ransom.date']),
    );
    expect(result.escalations).toEqual([]);
  });

  it('a central or state organ reports within 2 hours to its own cyberspace body', () => {
    const initial = evaluate({
      ...operator,
      'org.stateOrgan': true,
      'impact.directLossCny': 6_000_000,
    }).obligations[0]!;
    expect(initial).toMatchObject({
      stage: 'initial',
      due: '2026-03-10T04:00:00.000Z',
      recipients: [{ id: 'department_cyberspace' }],
    });
  });

  it('any other operator reports within 4 hours to the provincial cyberspace office; a major incident is escalated within 1 hour of that report', () => {
    const before = evaluate({ ...operator, 'impact.directLossCny': 20_000_000 });
    expect(before.obligations[0]).toMatchObject({
      due: '2026-03-10T06:00:00.000Z',
      recipients: [{ id: 'provincial_cac' }],
    });
    expect(before.escalations).toEqual([
      expect.objectContaining({ escalation: 'provincial-major', anchorAt: null, due: null }),
    ]);
    const after = evaluate(
      { ...operator, 'impact.directLossCny': 20_000_000 },
      timeline({ submitted: { initial: '2026-03-10T03:10:00.000Z' } }),
    );
    expect(after.escalations[0]).toMatchObject({
      due: '2026-03-10T04:10:00.000Z',
      recipients: [{ id: 'national_cac' }],
      from: [{ id: 'provincial_cac' }],
    });
  });

  it('an especially major CII incident is escalated to the national administration and the Ministry of Public Security within 30 minutes', () => {
    const result = evaluate(
      { ...cii, 'impact.ciiOutageHours': 6 },
      timeline({ submitted: { initial: '2026-03-10T02:40:00.000Z' } }),
    );
    expect(result.grade.code).toBe('especially_major');
    expect(result.escalations).toEqual([
      expect.objectContaining({
        escalation: 'cii-major',
        due: '2026-03-10T03:10:00.000Z',
        recipients: [
          { id: 'national_cac', label: expect.anything() },
          { id: 'national_mps', label: expect.anything() },
        ],
      }),
    ]);
  });

  it('a suspected crime must be reported to the police at once', () => {
    const result = evaluate({
      ...operator,
      'incident.crimeSuspected': true,
      'impact.directLossCny': 5_000_000,
    });
    expect(result.obligations.find((o) => o.stage === 'police_case')).toMatchObject({
      immediate: true,
      due: AWARE,
    });
  });

  it('the final summary is due 30 days after handling ends, and not before handling ends', () => {
    const facts = { ...operator, 'impact.directLossCny': 5_000_000 };
    expect(evaluate(facts).obligations.find((o) => o.stage === 'final')).toMatchObject({
      due: null,
      anchorAt: null,
    });
    const ended = evaluate(
      facts,
      timeline({ anchors: { handling_ended: '2026-03-20T10:00:00.000Z' } }),
    );
    expect(ended.obligations.find((o) => o.stage === 'final')).toMatchObject({
      due: '2026-04-19T10:00:00.000Z',
    });
  });

  it('owes nothing for a general incident', () => {
    expect(evaluate({ ...cii, 'impact.personalRecordsLeaked': 10 })).toMatchObject({
      applies: true,
      reportable: false,
      obligations: [],
      escalations: [],
    });
  });
});
