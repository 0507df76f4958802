import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import type { WarningInput } from '../../src/contract/advisories.js';
import { SYSTEM, type Actor } from '../../src/core/auth/policy.js';
import { DomainError } from '../../src/core/errors.js';
import { createServices, type Services } from '../../src/services/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { organisationFields } from '../helpers/factories.js';

const DATA = new URL('../../../shared/data/', import.meta.url);
const RAPID_SCADA = readFileSync(new URL('csaf/cisa-ics/icsa-24-011-03.json', DATA), 'utf8');
const KEV = JSON.parse(
  readFileSync(new URL('kev/known_exploited_vulnerabilities.json', DATA), 'utf8'),
) as {
  vulnerabilities: { vendorProject: string; product: string; dueDate: string; cveID: string }[];
};

const TEXT = {
  titleZh: 'Rapid SCADA 路径遍历漏洞被利用',
  titleEn: 'Rapid SCADA path traversal exploited',
  bodyZh: '攻击者正在利用 Rapid SCADA 漏洞。',
  bodyEn: 'Attackers exploit Rapid SCADA.',
  measuresZh: '限制访问并升级。',
  measuresEn: 'Restrict access and upgrade.',
};

describeEachDialect('early warnings', (db) => {
  let now = '2026-11-28T02:00:00.000Z';
  let services: Services;
  const orgs = { centre: '', officeGd: '', officeSh: '', plantGd: '', bankGd: '', plantSh: '' };
  let advisoryId = '';
  let plantScada = '';
  let backupScada = '';
  let gdAuthority: Actor;

  const notices = async (orgId: string, template: string) =>
    db()
      .db.selectFrom('outbox')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('template', '=', template)
      .execute();
  const input = (overrides: Partial<WarningInput> = {}): WarningInput => ({
    advisoryId,
    level: 'orange',
    ...TEXT,
    audience: { matched: true, sectors: [], regions: [], orgIds: [] },
    public: false,
    ...overrides,
  });

  beforeAll(async () => {
    services = createServices(db(), { now: () => now });
    const create = async (o: Parameters<typeof organisationFields>[0]) =>
      (await services.registry.createOrganisation(SYSTEM, organisationFields(o))).id;
    orgs.centre = await create({ kind: 'coordinator', sector: null, region: 'CN-BJ' });
    const remit = (region: string) => ({
      sectors: [],
      regions: [region],
      functions: ['cyberspace_office' as const],
    });
    orgs.officeGd = await create({
      kind: 'authority',
      parentId: orgs.centre,
      sector: null,
      region: 'CN-GD',
      remit: remit('CN-GD'),
    });
    orgs.officeSh = await create({
      kind: 'authority',
      parentId: orgs.centre,
      sector: null,
      region: 'CN-SH',
      remit: remit('CN-SH'),
    });
    orgs.plantGd = await create({
      kind: 'operator',
      parentId: orgs.officeGd,
      sector: 'energy',
      region: 'CN-GD',
      language: 'en',
    });
    orgs.bankGd = await create({
      kind: 'operator',
      parentId: orgs.officeGd,
      sector: 'finance',
      region: 'CN-GD',
    });
    orgs.plantSh = await create({
      kind: 'operator',
      parentId: orgs.officeSh,
      sector: 'energy',
      region: 'CN-SH',
    });
    const scada = (name: string, version: string) =>
      services.registry.createAsset(SYSTEM, orgs.plantGd, {
        kind: 'system',
        name,
        vendor: 'Rapid Software LLC',
        product: 'Rapid SCADA',
        version,
      });
    plantScada = (await scada('Plant SCADA', '5.8.0')).id;
    backupScada = (await scada('Backup SCADA', '5.7.2')).id;
    advisoryId = (await services.advisories.importFile(SYSTEM, RAPID_SCADA, 'file')).advisories[0]!
      .id;
    gdAuthority = {
      kind: 'user',
      userId: 'u-gd',
      orgId: orgs.officeGd,
      role: 'authority',
      label: 'gd',
      scopes: null,
      remit: remit('CN-GD'),
    };
  });

  it('previews who receives a warning and why', async () => {
    const preview = await services.warnings.preview(
      SYSTEM,
      input({
        audience: { matched: true, sectors: ['energy'], regions: [], orgIds: [orgs.bankGd] },
      }),
    );
    const byOrg = new Map(preview.recipients.map((r) => [r.orgId, r]));
    expect(byOrg.get(orgs.plantGd)).toMatchObject({
      reasons: ['matched', 'sector:energy'],
      assetCount: 2,
    });
    expect(byOrg.get(orgs.plantSh)?.reasons).toEqual(['sector:energy']);
    expect(byOrg.get(orgs.bankGd)?.reasons).toEqual(['chosen']);
    expect(preview.total).toBe(3);
    // Orange without a catalogue date: three days from now, by policy.
    expect(preview.dueAt).toBe('2026-12-01T02:00:00.000Z');
    expect(preview.refusal).toBeNull();
  });

  it('applies the plan’s issuer rules: red by the centre only, orange by a province for its own area', async () => {
    const gdOnly = { matched: true, sectors: [], regions: [], orgIds: [] };
    expect(
      (await services.warnings.preview(gdAuthority, input({ audience: gdOnly }))).refusal,
    ).toBeNull();
    expect(
      (await services.warnings.preview(gdAuthority, input({ level: 'red', audience: gdOnly })))
        .refusal,
    ).toMatch(/national centre only/);
    const spanning = { matched: true, sectors: ['energy'], regions: [], orgIds: [] };
    expect(
      (await services.warnings.preview(gdAuthority, input({ audience: spanning }))).refusal,
    ).toMatch(/1 recipient\(s\) lie outside your area/);
    const draft = await services.warnings.create(gdAuthority, input({ audience: spanning }));
    await expect(services.warnings.issue(gdAuthority, draft.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await services.warnings.get(SYSTEM, draft.id)).state).toBe('draft');
    expect(
      (await services.warnings.preview(SYSTEM, input({ level: 'red', audience: spanning })))
        .refusal,
    ).toBeNull();
  });

  it('issues: each recipient is told in its language with its matched assets; the due date follows KEV when there is one', async () => {
    const warning = await services.warnings.create(SYSTEM, input({ public: true }));
    const issued = await services.warnings.issue(SYSTEM, warning.id);
    expect(issued).toMatchObject({ state: 'issued', recipientCount: 1, version: 1 });
    const [notice] = await notices(orgs.plantGd, 'warnings.issued');
    expect(notice!.body).toBe('en');
    const params = JSON.parse(notice!.params as string) as {
      title: string;
      assets: { name: string; confidence: string }[];
    };
    expect(params.title).toBe(TEXT.titleEn);
    expect(params.assets.map((a) => a.name).sort()).toEqual(['Backup SCADA', 'Plant SCADA']);
    expect(params.assets[0]!.confidence).toBe('version in range');

    const entry = KEV.vulnerabilities[0]!;
    const kev = await services.advisories.importFile(
      SYSTEM,
      JSON.stringify({ ...KEV, count: 1, vulnerabilities: [entry] }),
      'file',
    );
    const kevWarning = await services.warnings.create(
      SYSTEM,
      input({
        advisoryId: kev.advisories[0]!.id,
        audience: { matched: false, sectors: [], regions: [], orgIds: [orgs.bankGd] },
      }),
    );
    expect(kevWarning.dueAt).toBe(`${entry.dueDate}T23:59:59.000Z`);
  });

  it('counts a policy due date from the issue, not the draft', async () => {
    const draft = await services.warnings.create(
      SYSTEM,
      input({
        advisoryId: null,
        level: 'yellow',
        audience: { matched: false, sectors: [], regions: [], orgIds: [orgs.plantSh] },
      }),
    );
    expect(draft).toMatchObject({ dueByPolicy: true, dueAt: '2026-12-05T02:00:00.000Z' });
    now = '2026-11-28T06:00:00.000Z';
    const issued = await services.warnings.issue(SYSTEM, draft.id);
    expect(issued.dueAt).toBe('2026-12-05T06:00:00.000Z');
    const fixed = await services.warnings.update(SYSTEM, issued.id, {
      dueAt: '2026-12-10T00:00:00.000Z',
    });
    expect(fixed).toMatchObject({ dueByPolicy: false, dueAt: '2026-12-10T00:00:00.000Z' });
    now = '2026-11-28T02:00:00.000Z';
  });

  it('takes answers per asset: a reason for not affected, remediated once every asset is answered', async () => {
    const { items } = await services.warnings.list(SYSTEM, { state: 'issued' });
    const id = items.find((w) => w.advisoryId === advisoryId)!.id;
    const refused = await services.warnings
      .respond(SYSTEM, id, {
        orgId: orgs.plantGd,
        responses: [{ assetId: plantScada, response: 'not_affected' }],
      })
      .catch((e: unknown) => e);
    expect((refused as DomainError).fields).toEqual([
      { field: '/responses/0/reason', reason: 'is required to say why the asset is not affected' },
    ]);
    const foreign = await services.registry.createAsset(SYSTEM, orgs.bankGd, {
      kind: 'system',
      name: 'Core banking',
    });
    const wrong = await services.warnings
      .respond(SYSTEM, id, {
        orgId: orgs.plantGd,
        responses: [{ assetId: foreign.id, response: 'patched' }],
      })
      .catch((e: unknown) => e);
    expect((wrong as DomainError).fields[0]).toMatchObject({ field: '/responses/0/assetId' });

    const first = await services.warnings.respond(SYSTEM, id, {
      orgId: orgs.plantGd,
      responses: [{ assetId: plantScada, response: 'patched' }],
    });
    expect(first.acknowledgedAt).not.toBeNull();
    expect(first.remediatedAt).toBeNull();
    expect(first.assets.find((a) => a.assetId === plantScada)?.response).toBe('patched');
    now = '2026-11-29T03:00:00.000Z';
    const second = await services.warnings.respond(SYSTEM, id, {
      orgId: orgs.plantGd,
      responses: [
        { assetId: backupScada, response: 'not_affected', reason: 'Web interface disabled' },
      ],
    });
    expect(second.remediatedAt).toBe(now);
    const coverage = await services.warnings.coverage(SYSTEM, id);
    expect(coverage).toMatchObject({ total: 1, acknowledged: 1, remediated: 1, overdue: 0 });
    expect(coverage.bySector).toEqual([
      { key: 'energy', total: 1, acknowledged: 1, remediated: 1, overdue: 0 },
    ]);
    expect(coverage.timeline).toEqual([
      { day: '2026-11-28', acknowledged: 1, remediated: 0 },
      { day: '2026-11-29', acknowledged: 1, remediated: 1 },
    ]);
  });

  it('updates an issued warning: existing recipients are told what changed, new ones receive it', async () => {
    const warning = await services.warnings.issue(
      SYSTEM,
      (await services.warnings.create(SYSTEM, input({ level: 'yellow' }))).id,
    );
    const before = (await notices(orgs.plantGd, 'warnings.updated')).length;
    const updated = await services.warnings.update(SYSTEM, warning.id, {
      measuresEn: 'Upgrade to 5.8.5 now.',
      audience: { matched: true, sectors: [], regions: ['CN-SH'], orgIds: [] },
    });
    expect(updated.version).toBe(2);
    expect(updated.recipientCount).toBe(2);
    const told = await notices(orgs.plantGd, 'warnings.updated');
    expect(told).toHaveLength(before + 1);
    expect(JSON.parse(told.at(-1)!.params as string).changes).toEqual([{ field: 'measuresEn' }]);
    expect((await notices(orgs.plantSh, 'warnings.issued')).length).toBeGreaterThan(0);
  });

  it('reminds late recipients, then escalates them to their supervising authority and the centre', async () => {
    const warning = await services.warnings.issue(
      SYSTEM,
      (
        await services.warnings.create(
          SYSTEM,
          input({
            level: 'blue',
            audience: { matched: false, sectors: [], regions: [], orgIds: [orgs.bankGd] },
          }),
        )
      ).id,
    );
    now = '2026-12-20T00:00:00.000Z';
    const first = await services.warnings.followUp();
    expect(first.reminded).toBeGreaterThan(0);
    expect((await notices(orgs.bankGd, 'warnings.reminder')).length).toBe(1);
    expect((await services.warnings.followUp()).escalated).toBe(0);
    now = '2026-12-21T01:00:00.000Z';
    expect((await services.warnings.followUp()).escalated).toBeGreaterThan(0);
    expect((await notices(orgs.officeGd, 'warnings.escalation')).length).toBeGreaterThan(0);
    const overdue = await services.warnings.overdue(SYSTEM);
    expect(
      overdue.find((o) => o.warningId === warning.id && o.orgId === orgs.bankGd)?.escalatedAt,
    ).toBe(now);
    // The GD office sees its own operators' overdue rows, not Shanghai's.
    const gdView = await services.warnings.overdue(gdAuthority);
    expect(gdView.every((o) => o.region === 'CN-GD')).toBe(true);
  });

  it('lifts: recipients are told, answers are closed, and the public bulletin shows it lifted', async () => {
    const { items } = await services.warnings.list(SYSTEM, { state: 'issued' });
    const publicWarning = items.find((w) => w.public)!;
    await services.warnings.lift(SYSTEM, publicWarning.id, 'Vendor fix installed everywhere');
    expect((await notices(orgs.plantGd, 'warnings.lifted')).length).toBe(1);
    await expect(
      services.warnings.acknowledge(SYSTEM, publicWarning.id, orgs.plantGd),
    ).rejects.toMatchObject({ code: 'conflict' });
    const bulletins = await services.warnings.bulletins();
    expect(bulletins.map((b) => [b.titleEn, b.state])).toEqual([[TEXT.titleEn, 'lifted']]);
    const atom = await services.warnings.bulletinsAtom('en');
    expect(atom).toContain(
      '<title>Orange warning (lifted): Rapid SCADA path traversal exploited</title>',
    );
    expect(atom).toContain(`warning/${publicWarning.id}</id>`);
  });
});
