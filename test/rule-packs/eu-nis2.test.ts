import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'eu-nis2')!;
const AWARE = '2026-03-10T02:00:00.000Z';
const timeline = (extra: Partial<Timeline> = {}): Timeline => ({
  anchors: { aware: AWARE, ...extra.anchors },
  submitted: extra.submitted ?? {},
});
const essential: Facts = { 'org.country': 'BE', 'org.entityClass': 'essential' };
const cloud: Facts = { ...essential, 'org.nis2DigitalProvider': true };
const evaluate = (facts: Facts, t = timeline()) => evaluatePack(pack, facts, t);
const stage = (facts: Facts, id: string, t = timeline()) =>
  evaluate(facts, t).obligations.find((o) => o.stage === id);

describe('eu-nis2: who is in scope and what is significant', () => {
  it.each([
    ['essential', true],
    ['important', true],
    ['none', false],
  ])('entity class %s → applies: %s', (entityClass, applies) => {
    const result = evaluate({ 'org.entityClass': entityClass, 'incident.significant': true });
    expect(result.applies).toBe(applies);
    expect(result.obligations.length > 0).toBe(applies);
  });

  it('an entity with no NIS2 class gets nothing', () => {
    expect(evaluate({ 'org.country': 'BE', 'incident.significant': true })).toMatchObject({
      applies: false,
      reportable: false,
      obligations: [],
    });
  });

  it.each([
    [500_000, false],
    [500_000.01, true],
    [2_000_000, true],
  ])('IR 2024/2690: a digital provider losing EUR %d → significant: %s', (loss, significant) => {
    const result = evaluate({ ...cloud, 'impact.lossEur': loss });
    expect(result.reportable).toBe(significant);
    if (significant)
      expect(result.explanation).toEqual([
        expect.objectContaining({
          criterion: 'ir-2024-2690-financial-loss',
          certainty: 'secondary',
        }),
      ]);
  });

  it.each([
    [0.04, false],
    [0.05, false],
    [0.0501, true],
  ])(
    'IR 2024/2690: a loss of %d of turnover (the lower limit for small firms) → significant: %s',
    (share, significant) => {
      expect(
        evaluate({ ...cloud, 'impact.lossEur': 100_000, 'impact.lossShareOfTurnover': share })
          .reportable,
      ).toBe(significant);
    },
  );

  it('the loss threshold binds only the digital providers of IR 2024/2690; others rely on their own assessment', () => {
    expect(evaluate({ ...essential, 'impact.lossEur': 10_000_000 }).reportable).toBe(false);
    expect(evaluate({ ...essential, 'incident.significant': false }).reportable).toBe(false);
    expect(evaluate({ ...essential, 'incident.significant': true }).grade.code).toBe('significant');
  });
});

describe('eu-nis2: the reports and their deadlines', () => {
  const significant: Facts = { ...essential, 'incident.significant': true };

  it('early warning 24 h and notification 72 h after awareness, to the CSIRT; the final report waits for the notification', () => {
    const result = evaluate(significant);
    expect(result.obligations.map((o) => o.stage)).toEqual([
      'early_warning',
      'notification',
      'final',
    ]);
    expect(result.obligations[0]).toMatchObject({
      due: '2026-03-11T02:00:00.000Z',
      recipients: [expect.objectContaining({ id: 'csirt' })],
      certainty: 'confirmed',
    });
    expect(result.obligations[1]).toMatchObject({ due: '2026-03-13T02:00:00.000Z' });
    expect(result.obligations[2]).toMatchObject({
      anchor: 'previous_stage',
      anchorAt: null,
      due: null,
    });
  });

  it('the final report is due one calendar month after the notification, in Brussels time (across the DST change, and clamped at month end)', () => {
    expect(
      stage(
        significant,
        'final',
        timeline({ submitted: { notification: '2026-03-12T15:30:00.000Z' } }),
      ),
    ).toMatchObject({
      anchorAt: '2026-03-12T15:30:00.000Z',
      due: '2026-04-12T14:30:00.000Z',
    });
    expect(
      stage(
        significant,
        'final',
        timeline({ submitted: { notification: '2026-01-31T10:00:00.000Z' } }),
      ),
    ).toMatchObject({ due: '2026-02-28T10:00:00.000Z' });
  });

  it('a trust service provider notifies within 24 hours', () => {
    expect(
      stage({ ...significant, 'org.trustServiceProvider': true }, 'notification'),
    ).toMatchObject({
      due: '2026-03-11T02:00:00.000Z',
      source: expect.stringContaining('trust service'),
    });
  });

  it('an incident still being handled owes a final report one month after handling ends', () => {
    const facts = { ...significant, 'incident.ongoing': true };
    expect(stage(facts, 'final_after_handling')).toMatchObject({
      due: null,
      certainty: 'secondary',
    });
    expect(
      stage(
        facts,
        'final_after_handling',
        timeline({ anchors: { handling_ended: '2026-05-05T08:00:00.000Z' } }),
      ),
    ).toMatchObject({ due: '2026-06-05T08:00:00.000Z' });
    expect(stage(significant, 'final_after_handling')).toBeUndefined();
  });

  it('service recipients likely to be affected are told without undue delay', () => {
    expect(
      stage({ ...significant, 'incident.serviceRecipientsAffected': true }, 'service_recipients'),
    ).toMatchObject({
      immediate: true,
      due: AWARE,
      recipients: [expect.objectContaining({ id: 'service_recipients' })],
    });
  });
});
