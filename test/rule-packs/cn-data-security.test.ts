import { describe, expect, it } from 'vitest';
import { evaluatePack, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'cn-data-security')!;
const AWARE = '2026-03-10T02:00:00.000Z';
const timeline: Timeline = { anchors: { aware: AWARE }, submitted: {} };
const handler: Facts = {
  'org.country': 'CN',
  'org.region': 'CN-SH',
  'org.sector': 'telecom_internet',
  'org.dataHandler': true,
};
const evaluate = (facts: Facts) => evaluatePack(pack, facts, timeline);

describe('cn-data-security: DSL Art. 29 and NDSMR Arts 10-11', () => {
  it('a data security incident is reported to the competent department and users are informed, promptly (shown as at once)', () => {
    const result = evaluate({ ...handler, 'incident.dataSecurityIncident': true });
    expect(result).toMatchObject({
      applies: true,
      reportable: true,
      grade: { code: 'reportable' },
    });
    expect(result.obligations).toEqual([
      expect.objectContaining({
        stage: 'authority_report',
        immediate: true,
        due: AWARE,
        recipients: [expect.objectContaining({ id: 'competent_department' })],
        certainty: 'confirmed',
        source: expect.stringContaining('第二十九条'),
      }),
      expect.objectContaining({
        stage: 'user_notice',
        immediate: true,
        due: AWARE,
        recipients: [expect.objectContaining({ id: 'users' })],
        certainty: 'confirmed',
      }),
    ]);
    expect(pack.recipients.competent_department!.authority).toEqual({
      function: 'sector_regulator',
      match: 'sector',
    });
  });

  it('a security defect endangering national security or the public interest is reported within 24 hours (NDSMR Art. 10, unverified)', () => {
    const result = evaluate({
      ...handler,
      'incident.securityDefect': true,
      'incident.endangersNationalSecurity': true,
    });
    expect(result.obligations.find((o) => o.stage === 'authority_report')).toMatchObject({
      immediate: false,
      due: '2026-03-11T02:00:00.000Z',
      deadline: { kind: 'duration', amount: 24, unit: 'hours' },
      certainty: 'unverified',
      source: expect.stringContaining('第十条'),
    });
  });

  it('the 24-hour rule is for defects only: a defect not endangering national security, or an incident that does, is reported promptly', () => {
    const defect = evaluate({
      ...handler,
      'incident.securityDefect': true,
      'incident.endangersNationalSecurity': false,
    });
    expect(defect.obligations.find((o) => o.stage === 'authority_report')).toMatchObject({
      immediate: true,
      due: AWARE,
    });
    const incident = evaluate({
      ...handler,
      'incident.dataSecurityIncident': true,
      'incident.endangersNationalSecurity': true,
    });
    expect(incident.obligations.find((o) => o.stage === 'authority_report')).toMatchObject({
      immediate: true,
      due: AWARE,
    });
  });

  it('owes nothing without an incident or defect, and does not apply to others or outside China', () => {
    expect(evaluate({ ...handler, 'incident.dataSecurityIncident': false })).toMatchObject({
      applies: true,
      reportable: false,
      obligations: [],
    });
    expect(
      evaluate({ ...handler, 'org.dataHandler': false, 'incident.dataSecurityIncident': true }),
    ).toMatchObject({ applies: false, obligations: [] });
    expect(
      evaluate({ ...handler, 'org.country': 'US', 'incident.dataSecurityIncident': true }),
    ).toMatchObject({ applies: false, obligations: [] });
  });
});
