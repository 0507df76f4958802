import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM, type Actor } from '../../src/core/auth/policy.js';
import { DomainError } from '../../src/core/errors.js';
import { createServices, type Services } from '../../src/services/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { organisationFields } from '../helpers/factories.js';

const DATA = new URL('../../../shared/data/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, DATA), 'utf8');
const CSAF_FILES = [
  ...readdirSync(new URL('csaf/', DATA))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `csaf/${f}`),
  ...readdirSync(new URL('csaf/cisa-ics/', DATA))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `csaf/cisa-ics/${f}`),
];
const CVE_FILES = readdirSync(new URL('cve/', DATA)).map((f) => `cve/${f}`);
const RAPID_SCADA = 'csaf/cisa-ics/icsa-24-011-03.json';

describeEachDialect('advisories: imports, history and matching', (db) => {
  let services: Services;
  let operator = '';
  let backup = '';

  const asset = (orgId: string, fields: Record<string, unknown>) =>
    services.registry.createAsset(SYSTEM, orgId, { kind: 'system', ...fields });
  const bySource = async (source: string, sourceId: string) =>
    (
      await services.advisories.list(SYSTEM, { q: sourceId, source: source as 'csaf', limit: 5 })
    ).items.find((a) => a.sourceId === sourceId)!;

  beforeAll(async () => {
    services = createServices(db());
    operator = (
      await services.registry.createOrganisation(SYSTEM, organisationFields({ kind: 'operator' }))
    ).id;
    await asset(operator, {
      name: 'Plant SCADA',
      vendor: 'Rapid Software LLC',
      product: 'Rapid SCADA',
      version: '5.8.0',
    });
    backup = (
      await asset(operator, {
        name: 'Backup SCADA',
        vendor: 'rapid software',
        product: 'rapid_scada',
        version: '5.8.4',
      })
    ).id;
    await asset(operator, {
      name: 'New SCADA',
      vendor: 'Rapid Software LLC',
      product: 'Rapid SCADA',
      version: '5.9.0',
    });
  });

  it('imports every shared CSAF document, CVE record and the KEV catalogue', async () => {
    for (const file of [...CSAF_FILES, ...CVE_FILES]) {
      const result = await services.advisories.importFile(SYSTEM, read(file), 'file');
      expect(result.advisories, file).toHaveLength(1);
      expect(result.created, file).toBe(1);
    }
    const kev = await services.advisories.importFile(
      SYSTEM,
      read('kev/known_exploited_vulnerabilities.json'),
      'file',
    );
    expect(kev.format).toBe('kev');
    expect(kev.created).toBe(1404);
    const total = await db()
      .db.selectFrom('advisories')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(CSAF_FILES.length + CVE_FILES.length + 1404);
  }, 120_000);

  it('matches a CISA ICS advisory by vendor, product and version range, each match with its reason', async () => {
    const advisory = await bySource('csaf', 'ICSA-24-011-03');
    const matches = await services.advisories.matches(SYSTEM, advisory.id);
    expect(matches.map((m) => [m.assetName, m.confidence]).sort()).toEqual([
      ['Backup SCADA', 'range'],
      ['Plant SCADA', 'range'],
    ]);
    expect(matches[0]!.reason).toMatch(/version 5\.8\.\d within <=5\.8\.4/);
    expect(advisory.matchCount).toBe(2);
    expect(advisory.orgCount).toBe(1);
  });

  it('re-imports: the same bytes change nothing; a newer revision updates and keeps history; an older one is ignored', async () => {
    const original = JSON.parse(read(RAPID_SCADA)) as {
      document: { tracking: { version: string; revision_history: unknown[] }; title: string };
    };
    const again = await services.advisories.importFile(SYSTEM, read(RAPID_SCADA), 'file');
    expect(again.advisories[0]!.outcome).toBe('unchanged');

    const newer = structuredClone(original);
    newer.document.tracking.version = '2';
    newer.document.tracking.revision_history.push({
      date: '2024-02-01T00:00:00.000Z',
      number: '2',
      summary: 'Fixed version range',
    });
    newer.document.title = 'Rapid Software LLC Rapid SCADA (update A)';
    const updated = await services.advisories.importFile(SYSTEM, JSON.stringify(newer), 'api');
    expect(updated.advisories[0]!.outcome).toBe('updated');
    const id = updated.advisories[0]!.id;
    const revisions = await services.advisories.revisions(SYSTEM, id);
    expect(revisions.map((r) => r.revision)).toEqual(['2', '1']);
    expect(revisions[0]!.changes).toContain('title: Rapid Software LLC Rapid SCADA (update A)');
    expect((await services.advisories.get(SYSTEM, id)).title).toBe(
      'Rapid Software LLC Rapid SCADA (update A)',
    );

    const older = structuredClone(original);
    older.document.title = 'An older copy';
    const ignored = await services.advisories.importFile(SYSTEM, JSON.stringify(older), 'api');
    expect(ignored.advisories[0]!.outcome).toBe('older');
    expect((await services.advisories.get(SYSTEM, id)).title).toBe(
      'Rapid Software LLC Rapid SCADA (update A)',
    );
  });

  it('refuses an invalid CSAF document with its failing tests, writing nothing', async () => {
    const doc = JSON.parse(read('csaf/bsi-2022-0001.json')) as {
      vulnerabilities: { product_status: Record<string, string[]> }[];
      document: { tracking: { id: string } };
    };
    doc.document.tracking.id = 'INVALID-1';
    doc.vulnerabilities[0]!.product_status.known_affected = ['CSAFPID-9999'];
    const error = await services.advisories
      .importFile(SYSTEM, JSON.stringify(doc), 'api')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(
      (error as DomainError).fields.some((f) => f.reason.startsWith('mandatory test 6.1.1:')),
    ).toBe(true);
    expect((await services.advisories.list(SYSTEM, { q: 'INVALID-1', limit: 5 })).items).toEqual(
      [],
    );
    const notJson = await services.advisories
      .importFile(SYSTEM, '{nope', 'api')
      .catch((e: unknown) => e);
    expect((notJson as DomainError).fields[0]).toMatchObject({ field: '/' });
    const unknown = await services.advisories
      .importFile(SYSTEM, '{"hello":1}', 'api')
      .catch((e: unknown) => e);
    expect((unknown as DomainError).message).toMatch(/not an advisory format/);
  });

  it('re-matches an asset when it changes, and recounts when it goes', async () => {
    const advisory = await bySource('csaf', 'ICSA-24-011-03');
    await services.registry.updateAsset(SYSTEM, backup, { version: '5.9.1' });
    expect(
      (await services.advisories.matches(SYSTEM, advisory.id)).map((m) => m.assetName),
    ).toEqual(['Plant SCADA']);
    await services.registry.updateAsset(SYSTEM, backup, { version: null });
    const matches = await services.advisories.matches(SYSTEM, advisory.id);
    expect(matches.find((m) => m.assetId === backup)?.confidence).toBe('name');
    await services.registry.deleteAsset(SYSTEM, backup);
    expect((await services.advisories.get(SYSTEM, advisory.id)).matchCount).toBe(1);
  });

  it('recounts the advisories an organisation matched when it is deleted', async () => {
    const other = (
      await services.registry.createOrganisation(SYSTEM, organisationFields({ kind: 'operator' }))
    ).id;
    await asset(other, {
      name: 'SCADA',
      vendor: 'Rapid Software LLC',
      product: 'Rapid SCADA',
      version: '5.0.0',
    });
    const advisory = await bySource('csaf', 'ICSA-24-011-03');
    expect((await services.advisories.get(SYSTEM, advisory.id)).orgCount).toBe(2);
    await services.registry.deleteOrganisation(SYSTEM, other);
    expect((await services.advisories.get(SYSTEM, advisory.id)).orgCount).toBe(1);
  });

  it('keeps drafts of Fenghuo’s own advisories from readers until they are published', async () => {
    const reader: Actor = {
      kind: 'user',
      userId: 'u',
      orgId: operator,
      role: 'operator',
      label: 'op',
      scopes: null,
      remit: null,
    };
    const draft = await services.advisories.create(SYSTEM, {
      title: 'Example PLC overflow',
      summary: 'A long request overflows the PLC web server.',
      cves: [],
      products: [
        {
          name: 'Example PLC',
          vendor: 'Example',
          product: 'PLC',
          versions: 'vers:generic/<2.1',
          status: 'affected',
        },
      ],
      remediations: [],
      references: [],
    });
    expect(draft).toMatchObject({
      sourceId: expect.stringMatching(/^FENGHUO-\d{4}-0001$/),
      published: false,
    });
    const listed = async () =>
      (await services.advisories.list(reader, { source: 'fenghuo', limit: 10 })).items.map(
        (a) => a.id,
      );
    expect(await listed()).toEqual([]);
    await expect(services.advisories.get(reader, draft.id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await services.advisories.publish(SYSTEM, draft.id);
    expect(await listed()).toEqual([draft.id]);
  });

  it('matches KEV entries by trimmed, case-folded names', async () => {
    const windows = await asset(operator, {
      name: 'Domain controllers',
      vendor: ' microsoft ',
      product: 'WINDOWS',
    });
    const rows = await db()
      .db.selectFrom('advisory_matches')
      .innerJoin('advisories', 'advisories.id', 'advisory_matches.advisory_id')
      .select(['advisories.source', 'advisory_matches.confidence'])
      .where('advisory_matches.asset_id', '=', windows.id)
      .execute();
    expect(rows.length).toBeGreaterThan(10);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['kev']));
    expect(new Set(rows.map((r) => r.confidence))).toEqual(new Set(['name']));
  });

  it('matches SBOM components by purl and version range', async () => {
    const system = await asset(operator, { name: 'Payments API' });
    const sbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { component: { type: 'application', name: 'payments-api' } },
      components: [
        {
          type: 'library',
          name: 'activemq-client',
          group: 'org.apache.activemq',
          version: '5.18.2',
          purl: 'pkg:maven/org.apache.activemq/activemq-client@5.18.2',
        },
        {
          type: 'library',
          name: 'traverse',
          group: '@babel',
          version: '7.23.2',
          purl: 'pkg:npm/%40babel/traverse@7.23.2',
        },
      ],
    };
    const uploaded = await services.sboms.upload(
      SYSTEM,
      system.id,
      'bom.json',
      JSON.stringify(sbom),
    );
    expect(uploaded.componentCount).toBe(2);
    const rows = await db()
      .db.selectFrom('advisory_matches')
      .innerJoin('advisories', 'advisories.id', 'advisory_matches.advisory_id')
      .select(['advisories.source_id', 'advisory_matches.confidence', 'advisory_matches.reason'])
      .where('advisory_matches.asset_id', '=', system.id)
      .execute();
    const activemq = rows.find((r) => r.source_id === 'CVE-2023-46604');
    expect(activemq?.confidence).toBe('range');
    expect(activemq?.reason).toMatch(/purl pkg:maven\/org\.apache\.activemq\/activemq-client/);
    // 7.23.2 is the fixed version of CVE-2023-45133 ("< 7.23.2"): no match.
    expect(rows.find((r) => r.source_id === 'CVE-2023-45133')).toBeUndefined();
    await services.sboms.remove(SYSTEM, uploaded.id);
    expect(
      await db()
        .db.selectFrom('advisory_matches')
        .selectAll()
        .where('asset_id', '=', system.id)
        .execute(),
    ).toEqual([]);
  });
});
