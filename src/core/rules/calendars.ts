/**
 * Public-holiday calendars, as data, for the business-day and working-day deadlines of the
 * rule packs (see deadline.ts). Pure: no I/O, no clock.
 *
 * A calendar only knows the years in `coversYears`. Outside them `isWorkingDay` falls back to
 * "not a weekend day", and `dueAt` reports `calendarCovered: false` so the caller can show the
 * due time as a best effort instead of silently trusting it.
 */

/**
 * One jurisdiction's working-day calendar.
 * @example CALENDARS.CN.workdays.has('2025-09-28') // true: a Sunday worked (调休上班)
 */
export interface HolidayCalendar {
  id: string;
  /** IANA zone in which calendar days begin and end. */
  timezone: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are off unless listed in `workdays`. */
  weekend: number[];
  /** YYYY-MM-DD off days that would otherwise be workdays (weekend days are left out). */
  holidays: Set<string>;
  /** YYYY-MM-DD weekend days made working days (China's 调休 adjusted working days). */
  workdays: Set<string>;
  /** First and last calendar year (inclusive) for which `holidays`/`workdays` are complete. */
  coversYears: [number, number];
  source: string;
  certainty: 'confirmed' | 'secondary' | 'draft' | 'unverified';
}

const DAY_MS = 86_400_000;

function ymd(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a civil date; the date is time-zone free. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Every date from `from` to `to` inclusive: the notices state ranges, so do we. */
function span(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** Keeps only the days that are not already weekend days, as `holidays` promises. */
function offWeekdays(dates: string[], weekend: number[]): Set<string> {
  return new Set(dates.filter((d) => !weekend.includes(isoWeekday(d))));
}

const SAT_SUN = [6, 7];

// ---------------------------------------------------------------------------------------------
// CN: State Council General Office notices on the public-holiday arrangements.
//
// 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 12 Nov 2024), the first
// year under the Nov 2024 revision of 全国年节及纪念日放假办法 (+1 day each for 春节 and 劳动节).
// 2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 Nov 2025; document number not checked).
// Both read from the full Xinhua text as reprinted by Guangming Online:
//   https://m.gmw.cn/2024-11/12/content_1303894933.htm
//   https://politics.gmw.cn/2025-11/04/content_38391083.htm
// ("confirmed" in the regulation.md sense: official text, quoted through a secondary page).
// Each notice is only published in November of the year before, so 2027 is left out on
// purpose: add it when the notice appears, and widen `coversYears`.
// ---------------------------------------------------------------------------------------------

/** Off ranges exactly as the notices state them (weekend days included, filtered below). */
const CN_OFF: [string, string][] = [
  // 2025
  ['2025-01-01', '2025-01-01'], // 元旦, Wed, 1 day, no swap
  ['2025-01-28', '2025-02-04'], // 春节, 除夕 (Tue) to 正月初七 (Tue), 8 days
  ['2025-04-04', '2025-04-06'], // 清明节, Fri-Sun
  ['2025-05-01', '2025-05-05'], // 劳动节, Thu-Mon, 5 days
  ['2025-05-31', '2025-06-02'], // 端午节, Sat-Mon
  ['2025-10-01', '2025-10-08'], // 国庆节 + 中秋节, Wed-Wed, 8 days
  // 2026
  ['2026-01-01', '2026-01-03'], // 元旦, Thu-Sat
  ['2026-02-15', '2026-02-23'], // 春节, 腊月二十八 (Sun) to 正月初七 (Mon), 9 days
  ['2026-04-04', '2026-04-06'], // 清明节, Sat-Mon
  ['2026-05-01', '2026-05-05'], // 劳动节, Fri-Tue, 5 days
  ['2026-06-19', '2026-06-21'], // 端午节, Fri-Sun
  ['2026-09-25', '2026-09-27'], // 中秋节, Fri-Sun
  ['2026-10-01', '2026-10-07'], // 国庆节, Thu-Wed, 7 days
];

/** 调休上班: the weekend days each notice turns into working days. */
const CN_WORKED = [
  // 2025
  '2025-01-26', // Sun, 春节
  '2025-02-08', // Sat, 春节
  '2025-04-27', // Sun, 劳动节
  '2025-09-28', // Sun, 国庆节/中秋节
  '2025-10-11', // Sat, 国庆节/中秋节
  // 2026
  '2026-01-04', // Sun, 元旦
  '2026-02-14', // Sat, 春节
  '2026-02-28', // Sat, 春节
  '2026-05-09', // Sat, 劳动节
  '2026-09-20', // Sun, 国庆节
  '2026-10-10', // Sat, 国庆节
];

// ---------------------------------------------------------------------------------------------
// US: legal public holidays, 5 U.S.C. 6103(a), with the in-lieu-of rule of 6103(b) and
// Executive Order 11582 for full-time Monday-Friday staff: a holiday on Saturday is observed
// the Friday before, on Sunday the Monday after. SEC deadlines in "business days" (Form 8-K
// Item 1.05) follow the federal business day: Regulation S-T Rule 11 excludes Saturdays,
// Sundays and federal holidays. Computed from the statute's rules rather than typed in, so a
// new year only needs `coversYears` widened; the tests pin every date of 2025-2027.
//
// Not encoded: one-off closures by executive order, which the SEC has in the past treated as
// federal holidays for EDGAR filing purposes (e.g. the 9 Jan 2025 national day of mourning
// for President Carter; the EO of 18 Dec 2025 closing agencies on 24 and 26 Dec 2025, for
// which the SEC's treatment was not checked), and Inauguration Day, 6103(c), which only binds
// the Washington DC area. Leaving a closure out can only make a computed deadline earlier,
// never later; they are listed in US_EXECUTIVE_CLOSURES for a caller that wants to add them.
// ---------------------------------------------------------------------------------------------

/** The nth (1-based) given ISO weekday of a month, or the last one when n = -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const firstWeekday = isoWeekday(ymd(year, month, 1));
    return ymd(year, month, 1 + ((weekday - firstWeekday + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lastWeekday = isoWeekday(ymd(year, month, lastDay));
  return ymd(year, month, lastDay - ((lastWeekday - weekday + 7) % 7));
}

/** Saturday → Friday before, Sunday → Monday after (EO 11582). */
function observed(date: string): string {
  const weekday = isoWeekday(date);
  const shift = weekday === 6 ? -1 : weekday === 7 ? 1 : 0;
  return new Date(Date.parse(`${date}T00:00:00Z`) + shift * DAY_MS).toISOString().slice(0, 10);
}

/** Observed federal holiday dates falling in the years [from, to]. */
function usFederalHolidays(from: number, to: number): Set<string> {
  const out = new Set<string>();
  // One year further: 1 Jan on a Saturday is observed on 31 Dec of the year before
  // (1 Jan 2028 → Fri 31 Dec 2027).
  for (let y = from; y <= to + 1; y++) {
    const dates = [
      observed(ymd(y, 1, 1)), // New Year's Day
      nthWeekday(y, 1, 1, 3), // Birthday of Martin Luther King, Jr.: third Monday of January
      nthWeekday(y, 2, 1, 3), // Washington's Birthday: third Monday of February
      nthWeekday(y, 5, 1, -1), // Memorial Day: last Monday of May
      observed(ymd(y, 6, 19)), // Juneteenth National Independence Day
      observed(ymd(y, 7, 4)), // Independence Day
      nthWeekday(y, 9, 1, 1), // Labor Day: first Monday of September
      nthWeekday(y, 10, 1, 2), // Columbus Day: second Monday of October
      observed(ymd(y, 11, 11)), // Veterans Day
      nthWeekday(y, 11, 4, 4), // Thanksgiving Day: fourth Thursday of November
      observed(ymd(y, 12, 25)), // Christmas Day
    ];
    for (const d of dates) {
      const year = Number(d.slice(0, 4));
      if (year >= from && year <= to) out.add(d);
    }
  }
  return out;
}

/**
 * Federal closures ordered by the President outside 5 U.S.C. 6103(a); not part of `CALENDARS.US`
 * (see above). Merge deliberately: `new Set([...CALENDARS.US.holidays, '2025-01-09'])`.
 * @example US_EXECUTIVE_CLOSURES[0].date // '2025-01-09'
 */
export const US_EXECUTIVE_CLOSURES: readonly { date: string; reason: string }[] = [
  {
    date: '2025-01-09',
    reason: 'National day of mourning for President Carter (EO of 30 Dec 2024); EDGAR closed',
  },
  {
    date: '2025-12-24',
    reason: 'EO of 18 Dec 2025 closing executive agencies; SEC/EDGAR treatment not checked',
  },
  {
    date: '2025-12-26',
    reason: 'EO of 18 Dec 2025 closing executive agencies; SEC/EDGAR treatment not checked',
  },
];

// ---------------------------------------------------------------------------------------------
// EU: there is no EU-wide working-day calendar for NIS2/CRA/GDPR/DORA; the EU institutions'
// own holidays do not bind national authorities, and Member States' holidays differ. This is
// a deliberately minimal placeholder (Sat/Sun plus 1 Jan, 1 May, 25 and 26 Dec, the days off
// in nearly every Member State, no substitute days); replace it with per-Member-State
// calendars (e.g. `EU-BE`, `EU-DE`) before relying on business-day counts in the EU.
// ---------------------------------------------------------------------------------------------

const EU_YEARS: [number, number] = [2025, 2027];
const US_YEARS: [number, number] = [2025, 2027];

function euMinimalHolidays(from: number, to: number): string[] {
  const out: string[] = [];
  for (let y = from; y <= to; y++) {
    out.push(ymd(y, 1, 1), ymd(y, 5, 1), ymd(y, 12, 25), ymd(y, 12, 26));
  }
  return out;
}

/**
 * The calendars the rule packs name in their `calendar` field.
 * @example isWorkingDay('2025-10-11', CALENDARS.CN) // true: Saturday worked after National Day
 */
export const CALENDARS: Record<string, HolidayCalendar> = {
  CN: {
    id: 'CN',
    timezone: 'Asia/Shanghai',
    weekend: SAT_SUN,
    holidays: offWeekdays(
      CN_OFF.flatMap(([from, to]) => span(from, to)),
      SAT_SUN,
    ),
    workdays: new Set(CN_WORKED),
    coversYears: [2025, 2026],
    source:
      '国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12); ' +
      '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04); Xinhua text via gmw.cn',
    certainty: 'confirmed',
  },
  EU: {
    id: 'EU',
    timezone: 'Europe/Brussels',
    weekend: SAT_SUN,
    holidays: offWeekdays(euMinimalHolidays(...EU_YEARS), SAT_SUN),
    workdays: new Set(),
    coversYears: EU_YEARS,
    source:
      'Placeholder: Sat/Sun plus 1 Jan, 1 May, 25 Dec, 26 Dec; replace with Member State calendars',
    certainty: 'unverified',
  },
  US: {
    id: 'US',
    timezone: 'America/New_York',
    weekend: SAT_SUN,
    holidays: usFederalHolidays(...US_YEARS),
    workdays: new Set(),
    coversYears: US_YEARS,
    source:
      '5 U.S.C. 6103(a)-(b) and EO 11582 (observed dates); SEC business day per Regulation S-T Rule 11',
    certainty: 'confirmed',
  },
};
