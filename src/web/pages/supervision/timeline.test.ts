import { describe, expect, it } from 'vitest';
import { fillTimeline } from './timeline.js';

const NOW = Date.parse('2026-03-10T15:00:00Z');

describe('fillTimeline', () => {
  it('gives every day from `days` back to today, with zeros where nothing fell due', () => {
    const filled = fillTimeline([{ day: '2026-03-08', onTime: 2, late: 1, overdue: 3 }], 3, NOW);
    expect(filled).toEqual([
      { day: '2026-03-07', onTime: 0, late: 0, overdue: 0 },
      { day: '2026-03-08', onTime: 2, late: 1, overdue: 3 },
      { day: '2026-03-09', onTime: 0, late: 0, overdue: 0 },
      { day: '2026-03-10', onTime: 0, late: 0, overdue: 0 },
    ]);
  });

  it('reaches to a later day given, for deadlines met before they fall due', () => {
    const filled = fillTimeline([{ day: '2026-03-12', onTime: 1, late: 0, overdue: 0 }], 1, NOW);
    expect(filled.map((p) => p.day)).toEqual([
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
    ]);
    expect(filled.at(-1)?.onTime).toBe(1);
  });

  it('gives 31 points for the last 30 days when nothing is known', () => {
    expect(fillTimeline([], 30, NOW)).toHaveLength(31);
  });
});
