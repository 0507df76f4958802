import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'eu-cra')!;
const AWARE = '2026-09-15T06:00:00.000Z';
const timeline = (extra: Partial<Timeline> = {}): Timeline => ({
  anchors: { aware: AWARE, ...extra.anchors },
  submitted: extra.submitted ?? {},
});
const manufacturer: Facts = { 'org.country': 'DE', 'org.productManufacturer': true };
const exploited: Facts = { ...manufacturer, 'incident.activelyExploitedVulnerability': true };
const severe: Facts = { ...manufacturer, 'incident.severeIncident': true };
const evaluate = (facts: Facts, t = timeline()) => evaluatePack(pack, facts, t);
const stage = (facts: Facts, id: string, t = timeline()) =>
  evaluate(facts, t).obligations.find((o) => o.stage === id);

describe('eu-cra: CRA Art. 14', () => {
  it('applies from 11 September 2026', () => {
    expect(pack).toMatchObject({ status: 'in_force', effectiveFrom: '2026-09-11' });
  });

  it('an actively exploited vulnerability: early warning 24 h, notification 72 h, to the coordinating CSIRT and ENISA', () => {
    const result = evaluate(exploited);
    expect(result.obligations.map((o) => o.stage)).toEqual([
      'early_warning',
      'notification',
      'final_vulnerability',
      'user_notice',
    ]);
    expect(result.obligations[0]).toMatchObject({
      due: '2026-09-16T06:00:00.000Z',
      recipients: [
        expect.objectContaining({ id: 'coordinator_csirt' }),
        expect.objectContaining({ id: 'enisa' }),
      ],
    });
    expect(result.obligations[1]).toMatchObject({ due: '2026-09-18T06:00:00.000Z' });
    expect(result.obligations[1]!.requiredFields).toEqual(
      expect.arrayContaining(['vulnerabilityNature', 'exploitNature']),
    );
    expect(pack.recipients.enisa!.external).toBeDefined();
  });

  it('its final report is due 14 days after a fix is available, and not before there is one', () => {
    expect(stage(exploited, 'final_vulnerability')).toMatchObject({
      anchor: 'fix_available',
      anchorAt: null,
      due: null,
    });
    expect(
      stage(
        exploited,
        'final_vulnerability',
        timeline({ anchors: { fix_available: '2026-10-01T08:00:00.000Z' } }),
      ),
    ).toMatchObject({
      due: '2026-10-15T08:00:00.000Z',
    });
  });

  it('a severe incident: final report one month after the notification (Brussels time, across the end of DST)', () => {
    const result = evaluate(
      severe,
      timeline({ submitted: { notification: '2026-10-20T09:00:00.000Z' } }),
    );
    expect(result.obligations.map((o) => o.stage)).toEqual([
      'early_warning',
      'notification',
      'final_incident',
      'user_notice',
    ]);
    expect(result.obligations[1]!.requiredFields).toEqual(
      expect.arrayContaining(['incidentNature']),
    );
    expect(result.obligations[2]).toMatchObject({
      anchorAt: '2026-10-20T09:00:00.000Z',
      due: '2026-11-20T10:00:00.000Z',
    });
  });

  it('both at once owe both final reports', () => {
    const result = evaluate({ ...exploited, 'incident.severeIncident': true });
    expect(result.obligations.map((o) => o.stage)).toEqual([
      'early_warning',
      'notification',
      'final_incident',
      'final_vulnerability',
      'user_notice',
    ]);
  });

  it('users are informed, with the period marked unverified', () => {
    expect(stage(exploited, 'user_notice')).toMatchObject({
      immediate: true,
      due: AWARE,
      certainty: 'unverified',
      recipients: [expect.objectContaining({ id: 'users' })],
    });
  });

  it('owes nothing for other events, and does not apply to non-manufacturers', () => {
    expect(
      evaluate({ ...manufacturer, 'incident.activelyExploitedVulnerability': false }),
    ).toMatchObject({ applies: true, reportable: false, obligations: [] });
    expect(evaluate({ ...exploited, 'org.productManufacturer': false })).toMatchObject({
      applies: false,
      reportable: false,
      obligations: [],
    });
  });
});
