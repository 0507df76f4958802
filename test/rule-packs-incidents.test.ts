import { beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { createServices, type Services } from '../src/services/index.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

/**
 * Every shipped pack, end to end on each database: an incident whose facts trigger it is
 * reported through the incident service, and the pack's grade and clocks are stored.
 */
const SCENARIOS: {
  pack: string;
  country: string;
  region: string | null;
  facts: Record<string, unknown>;
  firstStage: string;
}[] = [
  {
    pack: 'cn-incident-reporting-2025',
    country: 'CN',
    region: 'CN-GD',
    facts: { 'impact.personalRecordsLeaked': 1_000_000 },
    firstStage: 'initial',
  },
  {
    pack: 'cn-pipl-breach',
    country: 'CN',
    region: 'CN-GD',
    facts: { 'org.personalInformationHandler': true, 'incident.personalDataBreach': true },
    firstStage: 'authority_notice',
  },
  {
    pack: 'cn-data-security',
    country: 'CN',
    region: 'CN-GD',
    facts: { 'org.dataHandler': true, 'incident.dataSecurityIncident': true },
    firstStage: 'authority_report',
  },
  {
    pack: 'eu-nis2',
    country: 'DE',
    region: null,
    facts: { 'org.entityClass': 'essential', 'incident.significant': true },
    firstStage: 'early_warning',
  },
  {
    pack: 'eu-cra',
    country: 'DE',
    region: null,
    facts: { 'org.productManufacturer': true, 'incident.activelyExploitedVulnerability': true },
    firstStage: 'early_warning',
  },
  {
    pack: 'eu-gdpr',
    country: 'FR',
    region: null,
    facts: { 'org.personalInformationHandler': true, 'incident.personalDataBreach': true },
    firstStage: 'supervisory_authority',
  },
  {
    pack: 'eu-dora',
    country: 'NL',
    region: null,
    facts: { 'org.financialEntity': true, 'incident.majorIctIncident': true },
    firstStage: 'initial_latest',
  },
  {
    pack: 'us-circia',
    country: 'US',
    region: null,
    facts: { 'org.usCriticalInfrastructure': true, 'incident.covered': true },
    firstStage: 'covered_incident',
  },
  {
    pack: 'us-sec-8k',
    country: 'US',
    region: null,
    facts: { 'org.usRegistrant': true, 'incident.material': true },
    firstStage: 'item_1_05',
  },
];

describeEachDialect('every rule pack through the incident service', (db) => {
  let services: Services;
  beforeAll(() => {
    services = createServices(db());
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.pack}: graded reportable, with its clocks stored`, async () => {
      const org = await services.registry.createOrganisation(
        SYSTEM,
        organisationFields({
          country: scenario.country,
          region: scenario.region,
          timezone: 'UTC',
          language: scenario.country === 'CN' ? 'zh-CN' : 'en',
        }),
      );
      const now = new Date();
      const { incident } = await services.incidents.report(SYSTEM, {
        reporterOrgId: org.id,
        title: `${scenario.pack} scenario`,
        summary: 'End-to-end check of the pack',
        category: '03003',
        awareAt: now.toISOString(),
        classifiedAt: now.toISOString(),
        materialityDecidedAt: now.toISOString(),
        facts: scenario.facts,
      });
      const evaluation = incident.evaluations.find((e) => e.pack === scenario.pack);
      expect(evaluation, `${scenario.pack} applies`).toMatchObject({
        applies: true,
        reportable: true,
      });
      const clock = incident.clocks.find(
        (c) => c.pack === scenario.pack && c.ref === scenario.firstStage,
      );
      expect(clock, `${scenario.pack} ${scenario.firstStage} clock`).toBeDefined();
      expect(['pending', 'met', 'met_late']).toContain(clock!.state);
      const stored = await services.incidents.get(SYSTEM, incident.id);
      expect(stored.clocks.filter((c) => c.pack === scenario.pack).length).toBeGreaterThanOrEqual(
        1,
      );
    });
  }
});
