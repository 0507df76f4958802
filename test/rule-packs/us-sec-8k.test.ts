import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'us-sec-8k')!;
const registrant: Facts = { 'org.country': 'US', 'org.usRegistrant': true };
const material: Facts = { ...registrant, 'incident.material': true };
const decided = (at: string): Timeline => ({
  anchors: { aware: '2025-11-20T15:00:00.000Z', materiality_decided: at },
  submitted: {},
});
const filing = (facts: Facts, t: Timeline) =>
  evaluatePack(pack, facts, t).obligations.find((o) => o.stage === 'item_1_05');

describe('us-sec-8k: Form 8-K Item 1.05', () => {
  it('a determination on Wed 26 Nov 2025 is due at the end of Wed 3 Dec in New York: Thanksgiving does not count', () => {
    expect(filing(material, decided('2025-11-26T15:00:00.000Z'))).toMatchObject({
      deadline: { kind: 'duration', amount: 4, unit: 'business_days' },
      anchor: 'materiality_decided',
      due: '2025-12-04T04:59:59.999Z',
      calendarCovered: true,
      recipients: [expect.objectContaining({ id: 'sec' })],
      certainty: 'confirmed',
    });
  });

  it('the day counts in New York: 10 pm ET on Wed 26 Nov is still the 26th', () => {
    expect(filing(material, decided('2025-11-27T03:00:00.000Z'))).toMatchObject({
      due: '2025-12-04T04:59:59.999Z',
    });
  });

  it('a determination on Fri 19 Dec 2025 skips Christmas Day: due at the end of Fri 26 Dec', () => {
    expect(filing(material, decided('2025-12-19T16:00:00.000Z'))).toMatchObject({
      due: '2025-12-27T04:59:59.999Z',
    });
  });

  it('the clock starts at the materiality determination, not at discovery', () => {
    expect(
      filing(material, { anchors: { aware: '2025-11-20T15:00:00.000Z' }, submitted: {} }),
    ).toMatchObject({ anchorAt: null, due: null });
  });

  it('owes nothing for an incident not determined material, and does not apply to non-registrants', () => {
    const t = decided('2025-11-26T15:00:00.000Z');
    expect(evaluatePack(pack, { ...registrant, 'incident.material': false }, t)).toMatchObject({
      applies: true,
      reportable: false,
      grade: { code: 'not_material' },
      obligations: [],
    });
    expect(evaluatePack(pack, { ...material, 'org.usRegistrant': false }, t)).toMatchObject({
      applies: false,
      reportable: false,
      obligations: [],
    });
  });
});
