import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'us-circia')!;
const AWARE = '2026-03-10T14:00:00.000Z';
const timeline = (extra: Partial<Timeline> = {}): Timeline => ({
  anchors: { aware: AWARE, ...extra.anchors },
  submitted: extra.submitted ?? {},
});
const covered: Facts = { 'org.country': 'US', 'org.usCriticalInfrastructure': true };
const evaluate = (facts: Facts, t = timeline()) => evaluatePack(pack, facts, t);

describe('us-circia: the proposed rule (NPRM 89 FR 23644)', () => {
  it('is marked proposed, and every value draft', () => {
    expect(pack).toMatchObject({ status: 'proposed', certainty: 'draft' });
    expect(pack.stages.flatMap((s) => s.obligations).every((o) => o.certainty === 'draft')).toBe(
      true,
    );
  });

  it('a covered cyber incident is reported to CISA within 72 hours of the reasonable belief', () => {
    const result = evaluate({ ...covered, 'incident.covered': true });
    expect(result.obligations).toEqual([
      expect.objectContaining({
        stage: 'covered_incident',
        anchor: 'aware',
        due: '2026-03-13T14:00:00.000Z',
        recipients: [expect.objectContaining({ id: 'cisa' })],
        certainty: 'draft',
      }),
    ]);
  });

  it('a ransom payment is reported within 24 hours of the payment, whether or not the incident is covered', () => {
    const paid = { ...covered, 'incident.ransomPaid': true };
    expect(evaluate(paid).obligations).toEqual([
      expect.objectContaining({ stage: 'ransom_payment', anchor: 'ransom_paid', due: null }),
    ]);
    const t = timeline({ anchors: { ransom_paid: '2026-03-11T20:00:00.000Z' } });
    expect(evaluate(paid, t).obligations[0]).toMatchObject({ due: '2026-03-12T20:00:00.000Z' });
    expect(
      evaluate({ ...paid, 'incident.covered': true }, t).obligations.map((o) => o.stage),
    ).toEqual(['covered_incident', 'ransom_payment']);
  });

  it('owes nothing for other incidents, and does not apply outside critical infrastructure', () => {
    expect(evaluate({ ...covered, 'incident.covered': false })).toMatchObject({
      applies: true,
      reportable: false,
      obligations: [],
    });
    expect(
      evaluate({ ...covered, 'org.usCriticalInfrastructure': false, 'incident.covered': true }),
    ).toMatchObject({ applies: false, obligations: [] });
  });
});
