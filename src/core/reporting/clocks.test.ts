import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../rules/evaluate.js';
import { nextFireAt, reconcileClocks, type Clock } from './clocks.js';

const label = { 'zh-CN': 'x', en: 'x' };
function evaluation(due: string | null, escalationDue: string | null = null): Evaluation {
  return {
    pack: 'p',
    applies: true,
    grade: { code: 'major', rank: 3, label },
    explanation: [],
    reportable: true,
    obligations: [
      {
        stage: 'initial',
        stageLabel: label,
        requiredFields: [],
        deadline: { kind: 'duration', amount: 1, unit: 'hours' },
        anchor: 'aware',
        anchorAt: '2026-03-10T02:00:00.000Z',
        due,
        immediate: false,
        recipients: [{ id: 'cii_protection', label }],
        source: 's',
        certainty: 'confirmed',
        calendarCovered: true,
      },
    ],
    escalations: escalationDue
      ? [
          {
            escalation: 'up',
            escalationLabel: label,
            deadline: { kind: 'duration', amount: 30, unit: 'minutes' },
            anchor: 'previous_stage',
            anchorAt: '2026-03-10T02:30:00.000Z',
            due: escalationDue,
            immediate: false,
            from: [{ id: 'cii_protection', label }],
            recipients: [{ id: 'national_cac', label }],
            source: 's',
            certainty: 'confirmed',
            calendarCovered: true,
          },
        ]
      : [],
  };
}

const NOW = '2026-03-10T02:20:00.000Z';

describe('reconcileClocks', () => {
  it('starts a pending clock, and marks it overdue once the due time has passed', () => {
    const [clock] = reconcileClocks(
      [evaluation('2026-03-10T03:00:00.000Z')],
      {},
      {},
      [],
      NOW,
    ).clocks;
    expect(clock).toMatchObject({
      pack: 'p',
      kind: 'stage',
      ref: 'initial',
      state: 'pending',
      owedBy: ['reporter'],
      owedTo: ['cii_protection'],
    });
    expect(
      reconcileClocks(
        [evaluation('2026-03-10T03:00:00.000Z')],
        {},
        {},
        [],
        '2026-03-10T03:00:00.000Z',
      ).clocks[0]!.state,
    ).toBe('overdue');
  });

  it('is met when submitted in time, met late when after the due time', () => {
    const due = '2026-03-10T03:00:00.000Z';
    expect(
      reconcileClocks([evaluation(due)], { 'p/initial': '2026-03-10T02:59:59.000Z' }, {}, [], NOW)
        .clocks[0],
    ).toMatchObject({ state: 'met', metAt: '2026-03-10T02:59:59.000Z' });
    expect(
      reconcileClocks([evaluation(due)], { 'p/initial': '2026-03-10T03:00:01.000Z' }, {}, [], NOW)
        .clocks[0],
    ).toMatchObject({ state: 'met_late' });
  });

  it('follows the facts: a new due time moves the clock, a waiver stays, a vanished obligation is dropped unless met', () => {
    const first = reconcileClocks([evaluation('2026-03-10T06:00:00.000Z')], {}, {}, [], NOW).clocks;
    const moved = reconcileClocks(
      [evaluation('2026-03-10T03:00:00.000Z')],
      {},
      {},
      first,
      NOW,
    ).clocks;
    expect(moved[0]!.dueAt).toBe('2026-03-10T03:00:00.000Z');
    const waived: Clock[] = [{ ...moved[0]!, state: 'waived', waivedReason: 'reported by phone' }];
    expect(
      reconcileClocks(
        [evaluation('2026-03-10T03:00:00.000Z')],
        {},
        {},
        waived,
        '2026-03-10T05:00:00.000Z',
      ).clocks[0],
    ).toMatchObject({ state: 'waived', waivedReason: 'reported by phone' });
    const gone = reconcileClocks([], {}, {}, moved, NOW);
    expect(gone).toMatchObject({ clocks: [], dropped: [{ ref: 'initial' }] });
    const met: Clock[] = [{ ...moved[0]!, state: 'met', metAt: NOW }];
    expect(reconcileClocks([], {}, {}, met, NOW).clocks).toHaveLength(1);
  });

  it('keeps escalation clocks owed by the recipients', () => {
    const { clocks } = reconcileClocks(
      [evaluation('2026-03-10T03:00:00.000Z', '2026-03-10T03:00:00.000Z')],
      {},
      { 'p/up': '2026-03-10T02:50:00.000Z' },
      [],
      NOW,
    );
    expect(clocks[1]).toMatchObject({
      kind: 'escalation',
      ref: 'up',
      owedBy: ['cii_protection'],
      owedTo: ['national_cac'],
      state: 'met',
    });
  });
});

describe('nextFireAt', () => {
  const clock = {
    state: 'pending' as const,
    anchorAt: '2026-03-10T02:00:00.000Z',
    dueAt: '2026-03-10T03:00:00.000Z',
  };
  it('fires at each reminder fraction, then at the due time, then never', () => {
    expect(nextFireAt(clock, [0.5, 0.9], 0)).toBe('2026-03-10T02:30:00.000Z');
    expect(nextFireAt(clock, [0.9, 0.5], 1)).toBe('2026-03-10T02:54:00.000Z');
    expect(nextFireAt(clock, [0.5, 0.9], 2)).toBe('2026-03-10T03:00:00.000Z');
    expect(nextFireAt({ ...clock, state: 'overdue' }, [0.5], 0)).toBeNull();
    expect(nextFireAt({ ...clock, dueAt: null }, [0.5], 0)).toBeNull();
  });
});
