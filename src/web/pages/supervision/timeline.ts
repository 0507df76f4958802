import type { TimelinePoint } from '../../../contract/supervision.js';

const DAY_MS = 86_400_000;
/** How far past today the timeline reaches at most, for deadlines met early that fall due later. */
const MAX_DAYS_AHEAD = 366;

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * One point per day (UTC) from `days` days ago to today, with zeros for the days no deadline fell
 * due. A deadline met early can fall due after today: the timeline then reaches to its day.
 */
export function fillTimeline(
  points: readonly TimelinePoint[],
  days: number,
  now: number,
): TimelinePoint[] {
  const byDay = new Map(points.map((p) => [p.day, p]));
  const first = isoDay(now - days * DAY_MS);
  const latest = isoDay(now + MAX_DAYS_AHEAD * DAY_MS);
  const last = points.reduce(
    (day, p) => (p.day > day && p.day <= latest ? p.day : day),
    isoDay(now),
  );
  const filled: TimelinePoint[] = [];
  for (let at = Date.parse(first); isoDay(at) <= last; at += DAY_MS) {
    const day = isoDay(at);
    filled.push(byDay.get(day) ?? { day, onTime: 0, late: 0, overdue: 0 });
  }
  return filled;
}
