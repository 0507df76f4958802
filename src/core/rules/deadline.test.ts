import { describe, expect, it } from 'vitest';
import { CALENDARS, US_EXECUTIVE_CLOSURES, type HolidayCalendar } from './calendars.js';
import {
  dueAt,
  formatDeadline,
  isWorkingDay,
  type Deadline,
  type DeadlineUnit,
} from './deadline.js';

const CN = CALENDARS.CN as HolidayCalendar;
const US = CALENDARS.US as HolidayCalendar;
const EU = CALENDARS.EU as HolidayCalendar;

const after = (amount: number, unit: DeadlineUnit): Deadline => ({
  kind: 'duration',
  amount,
  unit,
});
const due = (anchor: string, deadline: Deadline, calendar?: HolidayCalendar) =>
  dueAt(anchor, deadline, calendar).due;

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

describe('elapsed units', () => {
  it('counts minutes, hours and days as exact elapsed time', () => {
    const anchor = '2025-11-03T02:10:00.000Z';
    expect(dueAt(anchor, after(30, 'minutes'))).toEqual({
      due: '2025-11-03T02:40:00.000Z',
      immediate: false,
      calendarCovered: true,
    });
    expect(due(anchor, after(1, 'hours'))).toBe('2025-11-03T03:10:00.000Z');
    expect(due(anchor, after(72, 'hours'))).toBe('2025-11-06T02:10:00.000Z');
    expect(due(anchor, after(14, 'days'))).toBe('2025-11-17T02:10:00.000Z');
  });

  it('accepts anchors with an offset and returns UTC', () => {
    expect(due('2025-11-03T10:10:00+08:00', after(4, 'hours'))).toBe('2025-11-03T06:10:00.000Z');
  });

  it('ignores wall-clock shifts: 24 hours across the US spring change is 25 wall hours later', () => {
    // Sat 7 Mar 2026 12:00 EST; clocks go forward on Sun 8 Mar.
    expect(due('2026-03-07T17:00:00Z', after(24, 'hours'), US)).toBe('2026-03-08T17:00:00.000Z'); // 13:00 EDT
    expect(due('2026-03-07T17:00:00Z', after(1, 'days'), US)).toBe('2026-03-08T17:00:00.000Z');
  });

  it('rejects anchors without an explicit offset and nonsense amounts', () => {
    expect(() => dueAt('2025-11-03T10:00:00', after(1, 'hours'))).toThrow(/offset/);
    expect(() => dueAt('yesterday', after(1, 'hours'))).toThrow(/anchor/);
    expect(() => dueAt('2025-11-03T10:00:00Z', after(-1, 'hours'))).toThrow(/hours/);
    expect(() => dueAt('2025-11-03T10:00:00Z', after(1.5, 'months'))).toThrow(/months/);
    expect(() => dueAt('2025-11-03T10:00:00Z', after(0, 'business_days'), US)).toThrow(
      /business_days/,
    );
  });
});

describe('immediately', () => {
  it('has no due time and is flagged immediate', () => {
    expect(dueAt('2025-11-03T10:00:00Z', { kind: 'immediately' })).toEqual({
      due: null,
      immediate: true,
      calendarCovered: true,
    });
    expect(dueAt('2025-11-03T10:00:00Z', { kind: 'immediately' }, CN).immediate).toBe(true);
  });
});

describe('months', () => {
  it('keeps the clock time and clamps to the end of the month (UTC without a calendar)', () => {
    expect(due('2025-01-31T10:00:00.000Z', after(1, 'months'))).toBe('2025-02-28T10:00:00.000Z');
    expect(due('2024-01-31T10:00:00.000Z', after(1, 'months'))).toBe('2024-02-29T10:00:00.000Z');
    expect(due('2025-03-31T10:00:00.000Z', after(1, 'months'))).toBe('2025-04-30T10:00:00.000Z');
    expect(due('2024-02-29T10:00:00.000Z', after(12, 'months'))).toBe('2025-02-28T10:00:00.000Z');
    expect(due('2025-11-15T10:00:00.000Z', after(3, 'months'))).toBe('2026-02-15T10:00:00.000Z');
  });

  it('counts months in the calendar time zone', () => {
    // 31 Jan 20:00 UTC is already 1 Feb 04:00 in Shanghai: one month later is 1 Mar 04:00 there.
    expect(due('2025-01-31T20:00:00Z', after(1, 'months'), CN)).toBe('2025-02-28T20:00:00.000Z');
    // 30 Jan 20:00 UTC = 31 Jan 04:00 Shanghai → 28 Feb 04:00 Shanghai; in UTC → 28 Feb 20:00.
    expect(due('2025-01-30T20:00:00Z', after(1, 'months'), CN)).toBe('2025-02-27T20:00:00.000Z');
    expect(due('2025-01-30T20:00:00Z', after(1, 'months'))).toBe('2025-02-28T20:00:00.000Z');
    // 31 Jan 15:00 UTC = 31 Jan 23:00 Shanghai → 28 Feb 23:00 Shanghai.
    expect(due('2025-01-31T15:00:00Z', after(1, 'months'), CN)).toBe('2025-02-28T15:00:00.000Z');
  });

  it('keeps local wall time across the March DST change (New York and Brussels)', () => {
    // 15 Feb 2026 09:00 EST (UTC-5) → 15 Mar 2026 09:00 EDT (UTC-4).
    expect(due('2026-02-15T14:00:00Z', after(1, 'months'), US)).toBe('2026-03-15T13:00:00.000Z');
    // 1 Mar 2026 09:00 CET (UTC+1) → 1 Apr 2026 09:00 CEST (UTC+2); EU change on 29 Mar.
    expect(due('2026-03-01T08:00:00Z', after(1, 'months'), EU)).toBe('2026-04-01T07:00:00.000Z');
    // and back across the October change: 15 Oct 2025 09:00 CEST → 15 Nov 2025 09:00 CET.
    expect(due('2025-10-15T07:00:00Z', after(1, 'months'), EU)).toBe('2025-11-15T08:00:00.000Z');
  });

  it('moves a wall time that does not exist forward and takes the earlier of a repeated one', () => {
    // 8 Feb 2026 02:30 EST + 1 month: 02:30 on 8 Mar 2026 is skipped in New York → 03:30 EDT.
    expect(due('2026-02-08T07:30:00Z', after(1, 'months'), US)).toBe('2026-03-08T07:30:00.000Z');
    // 1 Oct 2026 01:30 EDT + 1 month: 01:30 on 1 Nov 2026 happens twice → the first (EDT).
    expect(due('2026-10-01T05:30:00Z', after(1, 'months'), US)).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('CN working days (State Council holiday notices)', () => {
  it('encodes the 2025 National Day and Mid-Autumn arrangement', () => {
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2025-10-0${d}`, CN)).toBe(false);
    expect(isWorkingDay('2025-09-28', CN)).toBe(true); // Sunday worked
    expect(isWorkingDay('2025-10-11', CN)).toBe(true); // Saturday worked
    expect(isWorkingDay('2025-09-27', CN)).toBe(false); // ordinary Saturday
    expect(isWorkingDay('2025-10-09', CN)).toBe(true);
  });

  it('counts the adjusted Sunday before National Day 2025', () => {
    // Fri 26 Sep 2025 10:00 Beijing: Sun 28 (1), Mon 29 (2), Tue 30 (3).
    expect(dueAt('2025-09-26T02:00:00Z', after(3, 'working_days'), CN)).toEqual({
      due: '2025-09-30T15:59:59.999Z',
      immediate: false,
      calendarCovered: true,
    });
  });

  it('skips the 1-8 Oct 2025 holiday and counts the adjusted Saturday after it', () => {
    // From Fri 26 Sep: 28, 29, 30 Sep, then 9, 10, 11 Oct (Sat, worked).
    expect(due('2025-09-26T02:00:00Z', after(6, 'working_days'), CN)).toBe(
      '2025-10-11T15:59:59.999Z',
    );
    // From Tue 30 Sep: Thu 9 (1), Fri 10 (2), Sat 11 (3).
    expect(due('2025-09-30T02:00:00Z', after(3, 'working_days'), CN)).toBe(
      '2025-10-11T15:59:59.999Z',
    );
    // business_days is the same count.
    expect(due('2025-09-30T02:00:00Z', after(3, 'business_days'), CN)).toBe(
      '2025-10-11T15:59:59.999Z',
    );
  });

  it('takes the anchor date in Beijing time, not UTC', () => {
    // 25 Sep 2025 20:00 UTC is already Fri 26 Sep 04:00 in Beijing.
    expect(due('2025-09-25T20:00:00Z', after(3, 'working_days'), CN)).toBe(
      '2025-09-30T15:59:59.999Z',
    );
  });

  it('encodes Spring Festival 2026 (15-23 Feb off, Sat 14 and Sat 28 Feb worked)', () => {
    expect(isWorkingDay('2026-02-14', CN)).toBe(true);
    expect(isWorkingDay('2026-02-28', CN)).toBe(true);
    for (const d of [
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23',
    ]) {
      expect(isWorkingDay(d, CN)).toBe(false);
    }
    // Fri 13 Feb: the next working day is the adjusted Saturday.
    expect(due('2026-02-13T02:00:00Z', after(1, 'working_days'), CN)).toBe(
      '2026-02-14T15:59:59.999Z',
    );
    // Sat 14 Feb (worked): Tue 24 (1) … Fri 27 (4), Sat 28 (5, worked).
    expect(due('2026-02-14T02:00:00Z', after(1, 'working_days'), CN)).toBe(
      '2026-02-24T15:59:59.999Z',
    );
    expect(due('2026-02-14T02:00:00Z', after(5, 'working_days'), CN)).toBe(
      '2026-02-28T15:59:59.999Z',
    );
  });

  it('lists adjusted workdays only on weekends and holidays only on weekdays', () => {
    for (const d of CN.workdays) expect(CN.weekend).toContain(weekday(d));
    for (const cal of [CN, US, EU])
      for (const d of cal.holidays) expect(cal.weekend).not.toContain(weekday(d));
    expect(CN.workdays.size).toBe(11);
    // Weekdays off: 2025 18, 2026 19. Less the adjusted workdays (5, 6) that leaves 13 a year,
    // the statutory count since the 2024 revision of the holiday measures.
    expect(CN.holidays.size).toBe(37);
  });

  it('reports calendarCovered false outside the encoded years and falls back to weekends', () => {
    // 2027 has no notice yet: 1 Oct 2027 (Fri) is then an ordinary working day.
    expect(isWorkingDay('2027-10-01', CN)).toBe(true);
    expect(dueAt('2027-09-30T02:00:00Z', after(1, 'working_days'), CN)).toEqual({
      due: '2027-10-01T15:59:59.999Z',
      immediate: false,
      calendarCovered: false,
    });
    // A count that starts inside the data but runs past its end is flagged as well.
    expect(dueAt('2026-12-30T02:00:00Z', after(3, 'working_days'), CN).calendarCovered).toBe(false);
    expect(dueAt('2026-12-21T02:00:00Z', after(3, 'working_days'), CN).calendarCovered).toBe(true);
  });
});

describe('US business days (SEC Form 8-K Item 1.05)', () => {
  const sec8k = after(4, 'business_days');

  it('counts 4 business days from a determination on the Wednesday before Thanksgiving 2025', () => {
    // Wed 26 Nov 10:00 EST; Thu 27 is Thanksgiving: Fri 28 (1), Mon 1 (2), Tue 2 (3), Wed 3 Dec (4).
    expect(dueAt('2025-11-26T15:00:00Z', sec8k, US)).toEqual({
      due: '2025-12-04T04:59:59.999Z', // 3 Dec 23:59:59.999 EST
      immediate: false,
      calendarCovered: true,
    });
  });

  it('skips a Monday federal holiday after a Friday determination', () => {
    // Fri 29 Aug 2025, Labor Day Mon 1 Sep: Tue 2 (1) … Fri 5 Sep (4), EDT.
    expect(due('2025-08-29T18:00:00Z', sec8k, US)).toBe('2025-09-06T03:59:59.999Z');
    // Fri 16 Jan 2026, MLK Day Mon 19 Jan: Tue 20 (1) … Fri 23 Jan (4), EST.
    expect(due('2026-01-16T18:00:00Z', sec8k, US)).toBe('2026-01-24T04:59:59.999Z');
  });

  it('takes the determination date in New York time', () => {
    // Sat 29 Nov 2025 02:00 UTC is still Fri 28 Nov 21:00 in New York.
    expect(due('2025-11-29T02:00:00Z', after(1, 'business_days'), US)).toBe(
      '2025-12-02T04:59:59.999Z',
    );
  });

  it('ends the day with the offset in force on that day across DST', () => {
    // Fri 6 Mar 2026 (EST) + 1 business day = Mon 9 Mar, after the change to EDT.
    expect(due('2026-03-06T15:00:00Z', after(1, 'business_days'), US)).toBe(
      '2026-03-10T03:59:59.999Z',
    );
  });

  it('encodes every federal holiday of 2025-2027 at its observed date', () => {
    expect([...US.holidays].sort()).toEqual([
      '2025-01-01',
      '2025-01-20',
      '2025-02-17',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-10-13',
      '2025-11-11',
      '2025-11-27',
      '2025-12-25',
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-10-11',
      '2027-11-11',
      '2027-11-25',
      '2027-12-24',
      '2027-12-31',
    ]);
  });

  it('applies the observed-date rules', () => {
    // Saturday → the Friday before: 4 Jul 2026, 19 Jun 2027, 25 Dec 2027, 1 Jan 2028.
    expect(isWorkingDay('2026-07-03', US)).toBe(false);
    expect(isWorkingDay('2027-06-18', US)).toBe(false);
    expect(isWorkingDay('2027-12-24', US)).toBe(false);
    expect(isWorkingDay('2027-12-31', US)).toBe(false);
    // Sunday → the Monday after: 4 Jul 2027.
    expect(isWorkingDay('2027-07-05', US)).toBe(false);
    // Fri 2 Jul 2027 + 1 business day skips the weekend and the observed Monday.
    expect(due('2027-07-02T14:00:00Z', after(1, 'business_days'), US)).toBe(
      '2027-07-07T03:59:59.999Z',
    );
  });

  it('keeps executive-order closures out of the statutory calendar', () => {
    for (const { date } of US_EXECUTIVE_CLOSURES) expect(US.holidays.has(date)).toBe(false);
    expect(isWorkingDay('2025-01-09', US)).toBe(true);
  });

  it('flags years outside 2025-2027', () => {
    expect(dueAt('2028-11-22T15:00:00Z', sec8k, US).calendarCovered).toBe(false);
    // From Tue 31 Dec 2024 only 2025 days are examined (1 Jan off, then 2, 3, 6, 7 Jan).
    expect(dueAt('2024-12-31T15:00:00Z', sec8k, US)).toEqual({
      due: '2025-01-08T04:59:59.999Z',
      immediate: false,
      calendarCovered: true,
    });
    expect(dueAt('2024-12-30T15:00:00Z', sec8k, US).calendarCovered).toBe(false); // examines 31 Dec 2024
  });
});

describe('EU placeholder calendar', () => {
  it('knows only weekends and the minimal common days', () => {
    expect(EU.certainty).toBe('unverified');
    expect(isWorkingDay('2025-12-25', EU)).toBe(false);
    expect(isWorkingDay('2025-12-26', EU)).toBe(false);
    expect(isWorkingDay('2026-05-01', EU)).toBe(false);
    expect(isWorkingDay('2025-04-21', EU)).toBe(true); // Easter Monday: national, not encoded
    // Wed 24 Dec 2025 12:00 Brussels + 2 business days: Mon 29 (1), Tue 30 (2).
    expect(due('2025-12-24T11:00:00Z', after(2, 'business_days'), EU)).toBe(
      '2025-12-30T22:59:59.999Z',
    );
  });
});

describe('calendar requirements', () => {
  it('throws for business or working days without a calendar, naming the unit', () => {
    expect(() => dueAt('2025-11-26T15:00:00Z', after(4, 'business_days'))).toThrow(/business_days/);
    expect(() => dueAt('2025-11-26T15:00:00Z', after(3, 'working_days'))).toThrow(/working_days/);
  });

  it('fails instead of looping on a calendar without working days', () => {
    const never: HolidayCalendar = { ...US, id: 'never', weekend: [1, 2, 3, 4, 5, 6, 7] };
    expect(() => dueAt('2025-11-26T15:00:00Z', after(1, 'business_days'), never)).toThrow(/never/);
  });

  it('rejects malformed dates in isWorkingDay', () => {
    expect(() => isWorkingDay('2025-02-30', CN)).toThrow(/invalid date/);
    expect(() => isWorkingDay('2025-2-3', CN)).toThrow(/invalid date/);
  });
});

describe('formatDeadline', () => {
  const cases: [Deadline, string, string][] = [
    [{ kind: 'immediately' }, '立即', 'immediately'],
    [after(30, 'minutes'), '30 分钟', '30 minutes'],
    [after(1, 'minutes'), '1 分钟', '1 minute'],
    [after(1, 'hours'), '1 小时', '1 hour'],
    [after(72, 'hours'), '72 小时', '72 hours'],
    [after(14, 'days'), '14 天', '14 days'],
    [after(4, 'business_days'), '4 个工作日', '4 business days'],
    [after(1, 'business_days'), '1 个工作日', '1 business day'],
    [after(3, 'working_days'), '3 个工作日', '3 working days'],
    [after(1, 'months'), '1 个月', '1 month'],
    [after(6, 'months'), '6 个月', '6 months'],
  ];
  it.each(cases)('%j', (deadline, zh, en) => {
    expect(formatDeadline(deadline, 'zh-CN')).toBe(zh);
    expect(formatDeadline(deadline, 'en')).toBe(en);
  });
});
