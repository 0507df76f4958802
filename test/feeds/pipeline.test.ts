import { writeFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/auth/policy.js';
import { createServices, type Services } from '../../src/services/index.js';
import { describeEachDialect } from '../helpers/db.js';
import { organisationFields } from '../helpers/factories.js';

const SHARED = new URL('../../../shared/data/shadowserver/', import.meta.url);
const SCAN_DNS = new URL('scan_dns.csv', SHARED).pathname;
const REPORTS = [
  'blocklist',
  'compromised_website',
  'event4_sinkhole',
  'event4_sinkhole_http',
  'scan_dns',
  'scan_http',
  'scan_rdp',
  'scan_smb',
];

/** The scan_dns rows whose IP is not `ip`, written to a new file: the next day's report without that host. */
function reportWithout(ip: string, dir: string): string {
  const lines = readFileSync(SCAN_DNS, 'utf8').split('\n');
  const kept = lines.filter((line, i) => i === 0 || !line.includes(`"${ip}"`));
  const path = join(dir, `scan_dns-without-${ip}.csv`);
  writeFileSync(path, kept.join('\n'));
  return path;
}

describeEachDialect('feeds to findings to digests', (db) => {
  let now = '2026-11-28T02:00:00.000Z'; // 10:00 in Shanghai
  let services: Services;
  let centre = '';
  let office = '';
  let operator = '';
  let other = '';
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-feeds-'));

  const outbox = async (orgId: string, template: string) =>
    db()
      .db.selectFrom('outbox')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('template', '=', template)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    services = createServices(db(), { now: () => now });
    const create = (o: Parameters<typeof organisationFields>[0]) =>
      services.registry.createOrganisation(SYSTEM, organisationFields(o));
    centre = (await create({ kind: 'coordinator', sector: null, region: 'CN-BJ' })).id;
    office = (
      await create({
        kind: 'authority',
        parentId: centre,
        sector: null,
        region: 'CN-ZJ',
        remit: { sectors: [], regions: ['CN-ZJ'], functions: ['cyberspace_office'] },
      })
    ).id;
    operator = (await create({ kind: 'operator', parentId: office, region: 'CN-ZJ' })).id;
    other = (
      await create({ kind: 'operator', parentId: office, region: 'CN-ZJ', sector: 'finance' })
    ).id;
    await services.registry.createNetwork(SYSTEM, operator, { value: '198.51.100.0/25' });
    await services.registry.createContact(SYSTEM, operator, {
      name: 'Abuse desk',
      email: 'abuse@operator.example',
      role: 'abuse',
      preferences: { channels: ['inbox', 'email'], digest: 'daily', digestHour: 9 },
    });
  });

  it('ingests a real Shadowserver report: counts, owners, duplicates folded', async () => {
    const run = await services.feeds.ingest(SYSTEM, {
      feed: 'shadowserver-scan_dns',
      format: 'shadowserver',
      path: SCAN_DNS,
      origin: 'file',
    });
    expect(run.status).toBe('completed');
    expect(run.counts.read).toBe(100);
    expect(run.counts.parsed + run.counts.rejected).toBe(100);
    expect(run.counts.rejected).toBe(0);
    expect(run.counts.matched + run.counts.unmatched).toBe(100);
    expect(run.counts.matched).toBeGreaterThan(0);
    expect(run.counts.unmatched).toBeGreaterThan(0);
    const mine = await services.findings.list(SYSTEM, { orgId: operator, limit: 500 });
    const unmatched = await services.findings.list(SYSTEM, { unmatched: true, limit: 500 });
    // One finding per distinct address: the repeats in the file were folded into counts.
    const lastOctet = (ip: string | null) => Number(ip!.split('.')[3]);
    expect(mine.items.every((f) => lastOctet(f.ip) < 128)).toBe(true);
    expect(unmatched.items.every((f) => lastOctet(f.ip) >= 128)).toBe(true);
    expect(mine.items.length + unmatched.items.length).toBe(83);
    expect(run.counts.duplicates).toBe(100 - 83);
    const repeated =
      mine.items.find((f) => f.ip === '198.51.100.62') ??
      unmatched.items.find((f) => f.ip === '198.51.100.62');
    expect(repeated?.count).toBe(3);
    expect(mine.items[0]).toMatchObject({
      identifier: 'open-resolver',
      rsit: 'vulnerable/ddos-amplifier',
      state: 'open',
      feedName: 'shadowserver-scan_dns',
    });
    // A digest is waiting for the operator's chosen hour: 09:00 in Shanghai, tomorrow.
    expect(run.counts.notified).toBe(1);
    const scheduled = await db()
      .db.selectFrom('digests')
      .selectAll()
      .where('org_id', '=', operator)
      .execute();
    expect(scheduled).toMatchObject([{ state: 'scheduled', due_at: '2026-11-29T01:00:00.000Z' }]);
  });

  it('ingesting the same file again adds to the counts, not to the findings', async () => {
    const before = await services.findings.list(SYSTEM, { orgId: operator, limit: 500 });
    const run = await services.feeds.ingest(SYSTEM, {
      feed: 'shadowserver-scan_dns',
      path: SCAN_DNS,
      origin: 'file',
    });
    expect(run.counts.duplicates).toBe(100);
    const after = await services.findings.list(SYSTEM, { orgId: operator, limit: 500 });
    expect(after.items.map((f) => f.id)).toEqual(before.items.map((f) => f.id));
    expect(after.items.find((f) => f.ip === '198.51.100.62')?.count).toBe(6);
  });

  let token = '';
  it('sends the digest at its hour: findings notified, CSV for all, X-ARF for the abuse desk, a personal link', async () => {
    await services.digests.sendDue();
    expect(await outbox(operator, 'feeds.digest')).toHaveLength(0);
    now = '2026-11-29T01:00:00.000Z';
    expect(await services.digests.sendDue()).toBe(1);
    const [notice] = await outbox(operator, 'feeds.digest');
    const params = JSON.parse(notice!.params!) as { count: number; link: string };
    const attachments = JSON.parse(notice!.attachments!) as {
      filename: string;
      roles?: string[];
      content: string;
    }[];
    const mine = await services.findings.list(SYSTEM, { orgId: operator, limit: 500 });
    expect(params.count).toBe(mine.items.length);
    expect(mine.items.every((f) => f.state === 'notified')).toBe(true);
    expect(attachments[0]!.filename).toMatch(/\.csv$/);
    expect(attachments[0]!.content.split('\n').filter(Boolean)).toHaveLength(mine.items.length + 1);
    expect(attachments.slice(1).every((a) => a.roles?.includes('abuse'))).toBe(true);
    expect(JSON.parse(attachments[1]!.content)).toMatchObject({
      category: 'vulnerability',
      type: 'open_service',
    });
    token = params.link.replace('/r/', '');
  });

  it('the personal link shows the findings and takes answers without a login', async () => {
    now = '2026-11-29T05:00:00.000Z'; // four hours after the digest
    const view = await services.findings.recipientView(token);
    expect(view.findings.length).toBeGreaterThan(0);
    const target = view.findings.find((f) => f.ip === '198.51.100.8')!;
    const fixed = await services.findings.respondByLink(token, target.id, {
      response: 'fixed',
      note: 'closed recursion',
    });
    expect(fixed).toMatchObject({ state: 'fixed', note: 'closed recursion' });
    expect(fixed.fixedAt).toBe(now);
    await expect(services.findings.recipientView('x'.repeat(32))).rejects.toMatchObject({
      code: 'not_found',
    });
    const foreign = (await services.findings.list(SYSTEM, { unmatched: true, limit: 1 })).items[0]!;
    await expect(
      services.findings.respondByLink(token, foreign.id, { response: 'fixed' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('the next run without that host verifies the fix; a later sighting opens a new finding', async () => {
    now = '2026-11-30T01:00:00.000Z';
    const without = reportWithout('198.51.100.8', dir);
    await services.feeds.ingest(SYSTEM, {
      feed: 'shadowserver-scan_dns',
      path: without,
      origin: 'file',
    });
    const verified = await services.findings.list(SYSTEM, {
      orgId: operator,
      state: 'verified_fixed',
    });
    expect(verified.items.map((f) => f.ip)).toEqual(['198.51.100.8']);
    expect(verified.items[0]!.verifiedAt).toBe(now);
  });

  it('a claimed fix seen again is reopened and reported as such', async () => {
    const open = (await services.findings.list(SYSTEM, { orgId: operator, state: 'notified' }))
      .items;
    const target = open.find((f) => f.ip === '198.51.100.62')!;
    await services.findings.respond(SYSTEM, target.id, { response: 'fixed' });
    now = '2026-12-01T02:00:00.000Z';
    // Observed again after the claimed fix: timestamps in the file are in 2018, so write a fresh sighting.
    const later = join(dir, 'scan_dns-later.csv');
    const [header, ...rows] = readFileSync(SCAN_DNS, 'utf8').split('\n');
    writeFileSync(
      later,
      [
        header,
        ...rows
          .filter((r) => r.includes('"198.51.100.62"'))
          .map((r) => r.replace(/"2018-04-14 [0-9:]+"/, '"2026-12-01 00:30:00"')),
      ].join('\n'),
    );
    const run = await services.feeds.ingest(SYSTEM, {
      feed: 'shadowserver-scan_dns',
      path: later,
      origin: 'file',
    });
    expect(run.counts.parsed).toBe(3);
    const reopened = await services.findings.get(SYSTEM, target.id);
    expect(reopened.state).toBe('reopened');
    expect(await services.digests.sendDue()).toBe(0); // the operator's daily hour has not come round
    now = '2026-12-02T01:00:00.000Z';
    expect(await services.digests.sendDue()).toBe(1);
    const notices = await outbox(operator, 'feeds.digest');
    expect(JSON.parse(notices.at(-1)!.params!)).toMatchObject({ count: 1, reopened: 1 });
  });

  it('"not ours" tells the coordinators; assigning moves the finding and registers the network', async () => {
    const target = (await services.findings.list(SYSTEM, { orgId: operator, state: 'notified' }))
      .items[0]!;
    await services.findings.respond(SYSTEM, target.id, {
      response: 'not_ours',
      note: 'sold to another company',
    });
    expect(await outbox(centre, 'feeds.not_ours')).toHaveLength(1);
    const moved = await services.findings.assign(SYSTEM, target.id, {
      orgId: other,
      addNetwork: `${target.ip}/32`,
    });
    expect(moved).toMatchObject({ orgId: other, state: 'open' });
    const lookup = await services.directory.lookup(SYSTEM, target.ip!);
    expect(lookup.match?.organisation.id).toBe(other);
    await expect(
      services.findings.assign(SYSTEM, target.id, { orgId: other, addNetwork: 'not a network' }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fields: [{ field: '/addNetwork/value' }],
    });
  });

  it('unanswered findings are sent again, then escalated to the supervising authority', async () => {
    now = '2026-12-05T02:00:00.000Z';
    const first = await services.digests.followUp();
    expect(first.reminded).toBeGreaterThan(0);
    expect(first.escalated).toBe(0);
    expect(await outbox(operator, 'feeds.reminder')).toHaveLength(1);
    now = '2026-12-09T02:00:00.000Z';
    const second = await services.digests.followUp();
    expect(second.escalated).toBe(first.reminded);
    const [escalation] = await outbox(office, 'feeds.escalation');
    expect(JSON.parse(escalation!.params!)).toMatchObject({ count: first.reminded });
    expect(await services.digests.followUp()).toEqual({ reminded: 0, escalated: 0 });
  });

  it('metrics by organisation, sector and region', async () => {
    const bySector = await services.findings.metrics(SYSTEM, { groupBy: 'organisation' });
    const row = bySector.find((r) => r.key === operator)!;
    expect(row.total).toBeGreaterThan(0);
    expect(row.verifiedFixed).toBe(1);
    expect(row.verifiedShare).toBeGreaterThan(0);
    expect(row.meanHoursToFix).toBe(4);
    const byRegion = await services.findings.metrics(SYSTEM, { groupBy: 'region' });
    expect(byRegion.map((r) => r.key)).toContain('CN-ZJ');
  });

  it('a bad row is refused with its line and reason; the rest of the run commits', async () => {
    const path = join(dir, 'scan_dns-bad.csv');
    const [header, first, second] = readFileSync(SCAN_DNS, 'utf8').split('\n');
    writeFileSync(
      path,
      [header, first, second!.replace('198.51.100', '999.51.100'), ''].join('\n'),
    );
    const run = await services.feeds.ingest(SYSTEM, {
      feed: 'shadowserver-scan_dns',
      path,
      origin: 'file',
    });
    expect(run.counts).toMatchObject({ read: 2, parsed: 1, rejected: 1 });
    const detail = await services.feeds.run(SYSTEM, run.id);
    expect(detail.rejects).toEqual([
      {
        line: 3,
        reason: expect.stringMatching(/^ip: "999\.51\.100\.\d+" is not an IP address$/),
        raw: second!.replace('198.51.100', '999.51.100'),
      },
    ]);
  });

  it('every shared Shadowserver report ingests, each row parsed or refused with a reason', async () => {
    for (const report of REPORTS) {
      const path = new URL(`${report}.csv`, SHARED).pathname;
      const rows =
        readFileSync(path, 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '').length - 1;
      const run = await services.feeds.ingest(SYSTEM, {
        feed: `shadowserver-${report.replace(/_/g, '-')}`,
        format: 'shadowserver',
        path,
        origin: 'file',
      });
      expect(run.status).toBe('completed');
      expect(run.counts.read).toBe(rows);
      expect(run.counts.parsed).toBeGreaterThan(0);
    }
  });

  it('a run that fails half way is resumed, not repeated, when the file comes again', async () => {
    const path = join(dir, 'scan_dns-broken.csv');
    const [header, ...rows] = readFileSync(SCAN_DNS, 'utf8').split('\n');
    // A first batch of good rows (the 100 rows over and over), then a quote that never closes:
    // more than the reader takes for one record.
    const good = Array.from({ length: 2500 }, (_, i) => rows[i % 100]);
    writeFileSync(path, [header, ...good, `"${'x'.repeat(1_100_000)}`].join('\n'));
    const attempt = () =>
      services.feeds.ingest(SYSTEM, {
        feed: 'broken-dns',
        format: 'shadowserver',
        path,
        origin: 'file',
        commitEvery: 4,
      });
    await expect(attempt()).rejects.toMatchObject({ code: 'validation_failed' });
    const feed = (await services.feeds.list(SYSTEM)).find((f) => f.name === 'broken-dns')!;
    const [first] = await services.feeds.runs(SYSTEM, feed.id, 1);
    expect(first).toMatchObject({ feedName: 'broken-dns', status: 'failed' });
    // What committed before the failure: at least one batch, not the whole file.
    expect(first!.counts.read).toBeGreaterThan(0);
    expect(first!.counts.read).toBeLessThan(2500);
    await expect(attempt()).rejects.toMatchObject({ code: 'validation_failed' });
    const [again] = await services.feeds.runs(SYSTEM, feed.id, 1);
    expect(again).toMatchObject({ id: first!.id, status: 'failed', counts: first!.counts });
    const findings = await services.findings.list(SYSTEM, { feedId: first!.feedId, limit: 500 });
    expect(findings.items.reduce((sum, f) => sum + f.count, 0)).toBe(first!.counts.parsed);
  });

  it('a new feed needs a format, named as the field', async () => {
    await expect(
      services.feeds.ingest(SYSTEM, { feed: 'nobody-knows', path: SCAN_DNS, origin: 'file' }),
    ).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: '/format' }] });
  });
});
