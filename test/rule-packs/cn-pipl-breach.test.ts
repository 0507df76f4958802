import { describe, expect, it } from 'vitest';
import { evaluatePack, selectAuthorities, type Timeline } from '../../src/core/rules/evaluate.js';
import type { Facts } from '../../src/core/rules/facts.js';
import { loadRulePacks } from '../../src/services/rule-packs.js';

const pack = loadRulePacks().find((p) => p.id === 'cn-pipl-breach')!;
const AWARE = '2026-03-10T02:00:00.000Z';
const timeline: Timeline = { anchors: { aware: AWARE }, submitted: {} };
const handler: Facts = {
  'org.country': 'CN',
  'org.region': 'CN-GD',
  'org.sector': 'finance',
  'org.personalInformationHandler': true,
};
const evaluate = (facts: Facts) => evaluatePack(pack, facts, timeline);
const FIELDS = ['pi_types', 'cause', 'harm', 'measures', 'individual_mitigation', 'contact'];

describe('cn-pipl-breach: PIPL Art. 57', () => {
  it('an actual leak is notified at once to the regional cyberspace office and to the individuals', () => {
    const result = evaluate({ ...handler, 'incident.personalDataBreach': true });
    expect(result).toMatchObject({
      applies: true,
      reportable: true,
      grade: { code: 'reportable' },
    });
    expect(result.obligations).toEqual([
      expect.objectContaining({
        stage: 'authority_notice',
        immediate: true,
        due: AWARE,
        anchor: 'aware',
        requiredFields: FIELDS,
        recipients: [expect.objectContaining({ id: 'pi_authority' })],
        certainty: 'confirmed',
      }),
      expect.objectContaining({
        stage: 'individual_notice',
        immediate: true,
        due: AWARE,
        requiredFields: FIELDS,
        recipients: [expect.objectContaining({ id: 'individuals' })],
        certainty: 'confirmed',
      }),
    ]);
    expect(pack.recipients.pi_authority!.authority).toEqual({
      function: 'cyberspace_office',
      match: 'region',
    });
    expect(pack.recipients.individuals!.external).toBeDefined();
  });

  it('routes the authority notice to the cyberspace office of the handler’s region', () => {
    const offices = [
      { id: 'cac-gd', functions: ['cyberspace_office'], sectors: [], regions: ['CN-GD'] },
      { id: 'cac-bj', functions: ['cyberspace_office'], sectors: [], regions: ['CN-BJ'] },
      { id: 'psb-gd', functions: ['public_security'], sectors: [], regions: ['CN-GD'] },
    ];
    const spec = pack.recipients.pi_authority!.authority!;
    expect(
      selectAuthorities(spec, { sector: 'finance', region: 'CN-GD' }, offices).map((a) => a.id),
    ).toEqual(['cac-gd']);
  });

  it('a possible leak is enough', () => {
    const result = evaluate({
      ...handler,
      'incident.personalDataBreach': false,
      'incident.personalDataBreachPossible': true,
    });
    expect(result.reportable).toBe(true);
    expect(result.obligations.map((o) => o.stage)).toEqual([
      'authority_notice',
      'individual_notice',
    ]);
  });

  it('individuals need not be told when the harm was effectively avoided, unless the authority requires it', () => {
    const avoided = evaluate({
      ...handler,
      'incident.personalDataBreach': true,
      'incident.harmEffectivelyAvoided': true,
    });
    expect(avoided.obligations.map((o) => o.stage)).toEqual(['authority_notice']);
    const required = evaluate({
      ...handler,
      'incident.personalDataBreach': true,
      'incident.harmEffectivelyAvoided': true,
      'incident.individualNoticeRequired': true,
    });
    expect(required.obligations.find((o) => o.stage === 'individual_notice')).toMatchObject({
      immediate: true,
      source: expect.stringContaining('57(2)'),
    });
  });

  it('owes nothing without a leak, and does not apply to other organisations or outside China', () => {
    expect(evaluate({ ...handler, 'incident.personalDataBreach': false })).toMatchObject({
      applies: true,
      reportable: false,
      grade: { code: 'not_reportable' },
      obligations: [],
    });
    expect(evaluate({ ...handler })).toMatchObject({ reportable: false, obligations: [] });
    expect(
      evaluate({
        ...handler,
        'org.personalInformationHandler': false,
        'incident.personalDataBreach': true,
      }),
    ).toMatchObject({ applies: false, reportable: false, obligations: [] });
    expect(
      evaluate({ ...handler, 'org.country': 'DE', 'incident.personalDataBreach': true }),
    ).toMatchObject({ applies: false, obligations: [] });
  });
});
