/** How a contact wants feed digests (the registry's notification preferences). */
export interface DigestPreference {
  digest: 'immediate' | 'daily';
  digestHour: number;
}

/** With no contact saying otherwise, the daily digest goes out at nine in the morning, local time. */
const DEFAULT_HOUR = 9;

/**
 * When an organisation's next digest goes out: now when it is urgent (a CII operator, a high or
 * critical finding) or when any contact asked for immediate digests; otherwise at the earliest
 * hour its contacts chose, in the organisation's time zone, today if that hour is still ahead.
 * @example digestDueAt('2026-11-28T02:00:00.000Z', 'Asia/Shanghai', [{ digest: 'daily', digestHour: 9 }], false)
 *   // '2026-11-29T01:00:00.000Z' (09:00 in Shanghai had already passed at 10:00 local)
 */
export function digestDueAt(
  now: string,
  timezone: string,
  preferences: readonly DigestPreference[],
  urgent: boolean,
): string {
  if (urgent || preferences.some((p) => p.digest === 'immediate')) return now;
  const hours = preferences.map((p) => p.digestHour);
  const hour = hours.length > 0 ? Math.min(...hours) : DEFAULT_HOUR;
  const nowMs = Date.parse(now);
  const local = localParts(nowMs, timezone);
  for (let dayOffset = 0; dayOffset <= 1; dayOffset++) {
    const candidate = zonedToUtc(local.year, local.month, local.day + dayOffset, hour, timezone);
    if (candidate >= nowMs) return new Date(candidate).toISOString();
  }
  throw new Error('unreachable: tomorrow at that hour is always ahead');
}

/** Building a formatter costs far more than using one: one per zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(ms: number, timezone: string) {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  const parts = formatter.formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** The UTC instant of a local wall-clock time; the zone's offset is read at that instant, twice to settle across a DST change. */
function zonedToUtc(year: number, month: number, day: number, hour: number, timezone: string) {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timezone);
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess;
    guess = wall - offset;
  }
  return guess;
}
