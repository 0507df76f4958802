import { describe, expect, it } from 'vitest';
import { digestDueAt } from './schedule.js';

const daily = (digestHour: number) => ({ digest: 'daily' as const, digestHour });

describe('digestDueAt', () => {
  it('sends at once when urgent or when a contact wants every digest at once', () => {
    const now = '2026-11-28T02:00:00.000Z';
    expect(digestDueAt(now, 'Asia/Shanghai', [daily(9)], true)).toBe(now);
    expect(
      digestDueAt(now, 'Asia/Shanghai', [daily(9), { digest: 'immediate', digestHour: 9 }], false),
    ).toBe(now);
  });

  it('otherwise waits for the earliest chosen hour in the organisation’s time zone', () => {
    // 07:00 in Shanghai: 09:00 is still ahead today.
    expect(
      digestDueAt('2026-11-27T23:00:00.000Z', 'Asia/Shanghai', [daily(18), daily(9)], false),
    ).toBe('2026-11-28T01:00:00.000Z');
    // 10:00 in Shanghai: tomorrow at 09:00.
    expect(digestDueAt('2026-11-28T02:00:00.000Z', 'Asia/Shanghai', [daily(9)], false)).toBe(
      '2026-11-29T01:00:00.000Z',
    );
    // No contacts: nine o'clock.
    expect(digestDueAt('2026-11-28T02:00:00.000Z', 'UTC', [], false)).toBe(
      '2026-11-28T09:00:00.000Z',
    );
  });

  it('follows daylight saving time', () => {
    // Berlin leaves summer time on 25 October 2026: 08:00 is 06:00 UTC before and 07:00 UTC after.
    expect(digestDueAt('2026-10-24T12:00:00.000Z', 'Europe/Berlin', [daily(8)], false)).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    expect(digestDueAt('2026-10-23T12:00:00.000Z', 'Europe/Berlin', [daily(8)], false)).toBe(
      '2026-10-24T06:00:00.000Z',
    );
  });
});
