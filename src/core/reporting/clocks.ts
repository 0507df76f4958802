import type { Evaluation } from '../rules/evaluate.js';
import type { Certainty } from '../rules/pack.js';

/** Reminders before a deadline, as fractions of the time allowed, unless a pack says otherwise. */
export const DEFAULT_REMINDERS: readonly number[] = [0.5, 0.9];

export const CLOCK_STATES = ['pending', 'met', 'met_late', 'overdue', 'waived'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/**
 * One deadline of one incident under one pack: a stage report the reporter owes, or an
 * escalation a recipient owes. Identified by (pack, kind, ref).
 */
export interface Clock {
  pack: string;
  kind: 'stage' | 'escalation';
  /** The stage id or escalation id in the pack. */
  ref: string;
  /** Pack recipient ids that owe it: `reporter` for stages. */
  owedBy: string[];
  owedTo: string[];
  anchorAt: string | null;
  dueAt: string | null;
  immediate: boolean;
  state: ClockState;
  metAt: string | null;
  waivedReason: string | null;
  source: string;
  certainty: Certainty;
}

export interface Reconciled {
  clocks: Clock[];
  /** Clocks that no longer apply (the grade fell, a fact changed): dropped unless already met or waived. */
  dropped: Clock[];
}

const keyOf = (c: Pick<Clock, 'pack' | 'kind' | 'ref'>) => `${c.pack}/${c.kind}/${c.ref}`;

/**
 * The clocks an incident should have now, from every pack's evaluation, what was already
 * submitted and escalated (both keyed `pack/stage` and `pack/escalation`), and the clocks it had. Clocks follow the facts: due times move
 * with anchors and grades; a met or waived clock keeps its outcome; a clock whose obligation
 * disappeared is dropped unless it was met or waived (history stays).
 * @example reconcileClocks(evaluations, { 'cn-incident-reporting-2025/initial': '2026-03-10T02:30:00Z' }, {}, existing, now)
 */
export function reconcileClocks(
  evaluations: readonly Evaluation[],
  submitted: Readonly<Record<string, string>>,
  escalated: Readonly<Record<string, string>>,
  existing: readonly Clock[],
  now: string,
): Reconciled {
  const previous = new Map(existing.map((c) => [keyOf(c), c]));
  const clocks: Clock[] = [];
  for (const evaluation of evaluations) {
    for (const o of evaluation.obligations) {
      clocks.push(
        settle(
          {
            pack: evaluation.pack,
            kind: 'stage',
            ref: o.stage,
            owedBy: ['reporter'],
            owedTo: o.recipients.map((r) => r.id),
            anchorAt: o.anchorAt,
            dueAt: o.due,
            immediate: o.immediate,
            source: o.source,
            certainty: o.certainty,
          },
          submitted[`${evaluation.pack}/${o.stage}`] ?? null,
          previous,
          now,
        ),
      );
    }
    for (const e of evaluation.escalations) {
      clocks.push(
        settle(
          {
            pack: evaluation.pack,
            kind: 'escalation',
            ref: e.escalation,
            owedBy: e.from.map((r) => r.id),
            owedTo: e.recipients.map((r) => r.id),
            anchorAt: e.anchorAt,
            dueAt: e.due,
            immediate: e.immediate,
            source: e.source,
            certainty: e.certainty,
          },
          escalated[`${evaluation.pack}/${e.escalation}`] ?? null,
          previous,
          now,
        ),
      );
    }
  }
  const kept = new Set(clocks.map(keyOf));
  const dropped: Clock[] = [];
  for (const c of existing) {
    if (kept.has(keyOf(c))) continue;
    if (c.state === 'met' || c.state === 'met_late' || c.state === 'waived') clocks.push(c);
    else dropped.push(c);
  }
  return { clocks, dropped };
}

function settle(
  clock: Omit<Clock, 'state' | 'metAt' | 'waivedReason'>,
  doneAt: string | null,
  previous: ReadonlyMap<string, Clock>,
  now: string,
): Clock {
  const before = previous.get(keyOf(clock));
  if (before?.state === 'waived')
    return { ...clock, state: 'waived', metAt: null, waivedReason: before.waivedReason };
  if (doneAt) {
    const late = clock.dueAt !== null && doneAt > clock.dueAt;
    return { ...clock, state: late ? 'met_late' : 'met', metAt: doneAt, waivedReason: null };
  }
  const overdue = clock.dueAt !== null && clock.dueAt <= now;
  return { ...clock, state: overdue ? 'overdue' : 'pending', metAt: null, waivedReason: null };
}

/**
 * When the scheduler next has to look at a clock: the next reminder (at the given fractions
 * of the time allowed), or the due time itself; null when nothing is left to do.
 * @example nextFireAt(clock, [0.5, 0.9], 0) // the 50% reminder time
 */
export function nextFireAt(
  clock: Pick<Clock, 'state' | 'anchorAt' | 'dueAt'>,
  reminderFractions: readonly number[],
  remindersSent: number,
): string | null {
  if (clock.state !== 'pending' || !clock.dueAt) return null;
  const due = Date.parse(clock.dueAt);
  const start = clock.anchorAt ? Date.parse(clock.anchorAt) : due;
  const pending = [...reminderFractions].sort((a, b) => a - b).slice(remindersSent);
  const reminder = pending.map((f) => start + (due - start) * f).find((t) => t < due);
  return new Date(reminder ?? due).toISOString();
}
