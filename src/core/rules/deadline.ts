/**
 * Deadline arithmetic for statutory incident reports: "within 1 hour", "72 hours",
 * "4 business days", "1 month", "immediately". Pure: no I/O, no clock, no date library;
 * local calendar dates come from `Intl.DateTimeFormat` with an IANA `timeZone`, so the
 * result does not depend on the server's own time zone.
 */
import type { HolidayCalendar } from './calendars.js';

export type DeadlineUnit =
  'minutes' | 'hours' | 'days' | 'business_days' | 'working_days' | 'months';

/**
 * A deadline as the rule packs state it.
 * @example const sec8k: Deadline = { kind: 'duration', amount: 4, unit: 'business_days' };
 */
export type Deadline =
  { kind: 'immediately' } | { kind: 'duration'; amount: number; unit: DeadlineUnit };

export interface DueAtResult {
  /** UTC ISO-8601 instant (`…Z`, as in time.ts), or null for `immediately`. */
  due: string | null;
  immediate: boolean;
  /** False when a day that was counted lies outside `calendar.coversYears`: a best effort. */
  calendarCovered: boolean;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Ten years of days: a calendar with no working day at all must fail, not spin. */
const MAX_DAYS_SCANNED = 3660;

/** Local wall-clock fields of an instant in some zone. */
interface WallTime {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: some ICU versions print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallTime(ms: number, timeZone: string): WallTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? NaN,
    month: fields.month ?? NaN,
    day: fields.day ?? NaN,
    hour: fields.hour ?? NaN,
    minute: fields.minute ?? NaN,
    second: fields.second ?? NaN,
    ms: ((ms % 1000) + 1000) % 1000,
  };
}

/** The wall time read as if it were UTC; wall minus this instant's UTC = the zone offset. */
function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
}

function offsetAt(ms: number, timeZone: string): number {
  return wallAsUtc(wallTime(ms, timeZone)) - ms;
}

/**
 * The instant at which the zone's clocks show `w`, resolved like Temporal's 'compatible'
 * disambiguation: in a spring-forward gap the time moves forward by the gap (02:30 → 03:30),
 * in a fall-back overlap the earlier of the two instants is taken. Either way a deadline is
 * never silently shortened by an hour that did not exist.
 */
function wallToInstant(w: WallTime, timeZone: string): number {
  const local = wallAsUtc(w);
  // Offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const matches = [local - before, local - after].filter(
    (t) => wallAsUtc(wallTime(t, timeZone)) === local,
  );
  if (matches.length > 0) return Math.min(...matches);
  return local - before; // gap: read with the offset in force before the transition
}

/** YYYY-MM-DD of a civil date given as UTC-midnight milliseconds. */
function civil(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An explicit offset is required: without one Date.parse would use the server's zone. */
const ANCHOR_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseAnchor(anchorIso: string): number {
  const ms = ANCHOR_RE.test(anchorIso) ? Date.parse(anchorIso) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `invalid anchor time ${JSON.stringify(anchorIso)}: need ISO-8601 with Z or an offset`,
    );
  }
  return ms;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether a civil date is a working day in the calendar: listed as an adjusted workday, or
 * neither a weekend day nor a listed holiday. Outside `coversYears` only the weekend rule
 * applies (the sets have no data there); `dueAt` reports that as `calendarCovered: false`.
 * @example isWorkingDay('2025-09-28', CALENDARS.CN) // true: Sunday worked before National Day
 * @example isWorkingDay('2025-10-02', CALENDARS.CN) // false: National Day holiday
 */
export function isWorkingDay(dateIso: string, calendar: HolidayCalendar): boolean {
  const m = DATE_RE.exec(dateIso);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (Number.isNaN(ms) || civil(ms) !== dateIso) {
    throw new Error(`invalid date ${JSON.stringify(dateIso)}: need YYYY-MM-DD`);
  }
  if (calendar.workdays.has(dateIso)) return true;
  if (calendar.holidays.has(dateIso)) return false;
  const weekday = new Date(ms).getUTCDay() || 7;
  return !calendar.weekend.includes(weekday);
}

function covers(calendar: HolidayCalendar, dateIso: string): boolean {
  const year = Number(dateIso.slice(0, 4));
  return year >= calendar.coversYears[0] && year <= calendar.coversYears[1];
}

function requireAmount(amount: number, unit: DeadlineUnit, integer: boolean, min: number): void {
  if (!Number.isFinite(amount) || amount < min || (integer && !Number.isInteger(amount))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new Error(`invalid amount ${amount} for ${unit}: need ${kind} >= ${min}`);
  }
}

/**
 * When a deadline falls due, counted from the anchor (awareness, classification, materiality
 * determination…).
 *
 * - `immediately`: `{ due: null, immediate: true }`; callers treat it as due at once.
 * - `minutes`/`hours`/`days`: exact elapsed time (a day is 24 h, even across DST), because
 *   "72 hours" clocks run continuously.
 * - `months`: the same local wall time N calendar months later in the calendar's zone (UTC
 *   without a calendar), clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
 * - `business_days`/`working_days` (treated alike): whole working days in the calendar's zone.
 *   Convention: the anchor day never counts; the deadline is the end (23:59:59.999 local) of
 *   the Nth working day after the anchor's local date, the reading of SEC Form 8-K's "four
 *   business days after" the materiality determination (the next business day is day 1).
 *   EDGAR's 5:30 pm ET filing-date cut-off is stricter and not modelled here. A calendar is
 *   required: these units throw without one.
 *
 * `calendarCovered` is false when a day examined for a business/working-day count falls
 * outside `calendar.coversYears`, where only weekends are known.
 * @example dueAt('2025-11-26T15:00:00Z', { kind: 'duration', amount: 4, unit: 'business_days' }, CALENDARS.US)
 * // { due: '2025-12-04T04:59:59.999Z', immediate: false, calendarCovered: true }: Wed 3 Dec, end of day in New York
 * @example dueAt('2025-03-01T08:00:00Z', { kind: 'duration', amount: 72, unit: 'hours' })
 * // { due: '2025-03-04T08:00:00.000Z', immediate: false, calendarCovered: true }
 */
export function dueAt(
  anchorIso: string,
  deadline: Deadline,
  calendar?: HolidayCalendar,
): DueAtResult {
  if (deadline.kind === 'immediately') return { due: null, immediate: true, calendarCovered: true };
  const anchor = parseAnchor(anchorIso);
  const { amount, unit } = deadline;
  const done = (ms: number, calendarCovered = true): DueAtResult => ({
    due: new Date(ms).toISOString(),
    immediate: false,
    calendarCovered,
  });
  switch (unit) {
    case 'minutes':
      requireAmount(amount, unit, false, 0);
      return done(anchor + amount * MINUTE_MS);
    case 'hours':
      requireAmount(amount, unit, false, 0);
      return done(anchor + amount * HOUR_MS);
    case 'days':
      requireAmount(amount, unit, false, 0);
      return done(anchor + amount * DAY_MS);
    case 'months': {
      requireAmount(amount, unit, true, 0);
      const zone = calendar?.timezone ?? 'UTC';
      const w = wallTime(anchor, zone);
      const monthIndex = w.month - 1 + amount;
      const year = w.year + Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const day = Math.min(w.day, daysInMonth(year, month));
      return done(wallToInstant({ ...w, year, month, day }, zone));
    }
    case 'business_days':
    case 'working_days': {
      if (!calendar) throw new Error(`a holiday calendar is required to count ${unit}`);
      requireAmount(amount, unit, true, 1);
      const w = wallTime(anchor, calendar.timezone);
      let date = Date.UTC(w.year, w.month - 1, w.day);
      let counted = 0;
      let covered = true;
      for (let scanned = 0; counted < amount; scanned++) {
        if (scanned >= MAX_DAYS_SCANNED) {
          throw new Error(`calendar ${calendar.id} has no ${amount} ${unit} within ten years`);
        }
        date += DAY_MS;
        const iso = civil(date);
        if (!covers(calendar, iso)) covered = false;
        if (isWorkingDay(iso, calendar)) counted++;
      }
      const [year, month, day] = civil(date).split('-').map(Number) as [number, number, number];
      const endOfDay = { year, month, day, hour: 23, minute: 59, second: 59, ms: 999 };
      return done(wallToInstant(endOfDay, calendar.timezone), covered);
    }
  }
}

const UNIT_NAMES: Record<DeadlineUnit, { zh: string; one: string; many: string }> = {
  minutes: { zh: '分钟', one: 'minute', many: 'minutes' },
  hours: { zh: '小时', one: 'hour', many: 'hours' },
  days: { zh: '天', one: 'day', many: 'days' },
  business_days: { zh: '个工作日', one: 'business day', many: 'business days' },
  working_days: { zh: '个工作日', one: 'working day', many: 'working days' },
  months: { zh: '个月', one: 'month', many: 'months' },
};

/**
 * A deadline as words for the UI and reports.
 * @example formatDeadline({ kind: 'duration', amount: 4, unit: 'business_days' }, 'zh-CN') // '4 个工作日'
 * @example formatDeadline({ kind: 'immediately' }, 'en') // 'immediately'
 */
export function formatDeadline(deadline: Deadline, language: 'zh-CN' | 'en'): string {
  if (deadline.kind === 'immediately') return language === 'zh-CN' ? '立即' : 'immediately';
  const names = UNIT_NAMES[deadline.unit];
  const amount = String(deadline.amount);
  if (language === 'zh-CN') return `${amount} ${names.zh}`;
  return `${amount} ${deadline.amount === 1 ? names.one : names.many}`;
}
