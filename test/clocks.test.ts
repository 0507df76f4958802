import { beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { createServices, type Services } from '../src/services/index.js';
import { Worker } from '../src/worker/runner.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

const T0 = Date.parse('2026-11-28T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describeEachDialect('deadline supervision', (db) => {
  let now = at(0);
  let services: Services;
  let incidentId = '';
  let reporter = '';
  let centre = '';

  const inbox = async (orgId: string) =>
    (
      await db()
        .db.selectFrom('inbox_messages')
        .select('subject')
        .where('org_id', '=', orgId)
        .execute()
    ).map((m) => m.subject);
  const deliver = async () => {
    while ((await new Worker(services).runOnce()) > 0);
  };

  beforeAll(async () => {
    services = createServices(db(), { now: () => now });
    const create = (o: Parameters<typeof organisationFields>[0]) =>
      services.registry.createOrganisation(SYSTEM, organisationFields(o));
    centre = (await create({ kind: 'coordinator', sector: null, region: 'CN-BJ' })).id;
    const office = (
      await create({
        kind: 'authority',
        parentId: centre,
        sector: null,
        region: 'CN-ZJ',
        remit: { sectors: [], regions: ['CN-ZJ'], functions: ['cyberspace_office'] },
      })
    ).id;
    await create({
      kind: 'authority',
      parentId: centre,
      sector: null,
      region: null,
      remit: { sectors: [], regions: [], functions: ['cyberspace_office'] },
    });
    reporter = (
      await create({ kind: 'operator', parentId: office, region: 'CN-ZJ', sector: 'finance' })
    ).id;
    // A major incident at an ordinary operator: the provincial office must escalate within 1 hour of the report.
    const { incident } = await services.incidents.report(SYSTEM, {
      reporterOrgId: reporter,
      title: 'Payment outage',
      summary: 'Core banking down after intrusion',
      category: '02008',
      awareAt: at(-30),
      facts: { 'impact.directLossCny': 25_000_000 },
    });
    incidentId = incident.id;
  });

  it('sleeps until the first reminder of the escalation clock', async () => {
    expect(await services.clocks.nextFireAt()).toBe(at(30));
    now = at(29);
    expect(await services.clocks.fireDue()).toBe(0);
  });

  it('reminds the authority that owes the escalation at half time and at 90%', async () => {
    now = at(30);
    expect(await services.clocks.fireDue()).toBe(1);
    expect(await services.clocks.nextFireAt()).toBe(at(54));
    now = at(55);
    expect(await services.clocks.fireDue()).toBe(1);
    await deliver();
    const office = (await services.incidents.get(SYSTEM, incidentId)).clocks.find(
      (c) => c.kind === 'escalation',
    )!;
    expect(office).toMatchObject({ state: 'pending', remindersSent: 2 });
    const reminders = await db()
      .db.selectFrom('inbox_messages')
      .select(['org_id', 'subject'])
      .where('subject', 'like', '%提醒%')
      .execute();
    expect(reminders).toHaveLength(2);
  });

  it('marks it overdue at the due time and tells the authority above and the national coordinator', async () => {
    now = at(60);
    expect(await services.clocks.fireDue()).toBe(1);
    await deliver();
    const clock = (await services.incidents.get(SYSTEM, incidentId)).clocks.find(
      (c) => c.kind === 'escalation',
    )!;
    expect(clock).toMatchObject({ state: 'overdue', nextFireAt: null });
    expect((await inbox(centre)).some((s) => s.includes('逾期'))).toBe(true);
    expect(await services.clocks.nextFireAt()).toBeNull();
    const audit = await services.audit.list(SYSTEM, {
      entityId: incidentId,
      action: 'incident.clock_overdue',
    });
    expect(audit.items).toHaveLength(1);
  });

  it('fires nothing twice', async () => {
    now = at(120);
    expect(await services.clocks.fireDue()).toBe(0);
  });

  it('shows supervisors deadlines kept, met late and missed, the on-time rate and the time to first report', async () => {
    now = at(120);
    await services.incidents.report(SYSTEM, {
      reporterOrgId: reporter,
      title: 'Late report',
      summary: 'Reported ten hours after awareness',
      category: '03003',
      awareAt: at(-480),
      facts: { 'impact.personalRecordsLeaked': 1_200_000 },
    });
    const [row] = (await services.supervision.summary(SYSTEM, { groupBy: 'operator' })).filter(
      (r) => r.key === reporter,
    );
    expect(row).toMatchObject({
      onTime: 1,
      late: 1,
      onTimeRate: 0.5,
      incidents: 2,
      medianMinutesToFirstReport: (30 + 600) / 2,
    });
    const csv = await services.supervision.summaryCsv(SYSTEM, { groupBy: 'operator' });
    expect(csv.split('\n')[0]).toBe(
      'key,pending,overdue,late,onTime,onTimeRate,incidents,medianMinutesToFirstReport',
    );
    const timeline = await services.supervision.timeline(SYSTEM, 30);
    expect(timeline.reduce((n, p) => n + p.overdue, 0)).toBe(1);
    expect(timeline.reduce((n, p) => n + p.late + p.onTime, 0)).toBe(2);
    const overdue = await services.supervision.overdue(SYSTEM);
    expect(overdue).toEqual([
      expect.objectContaining({
        incidentId,
        kind: 'escalation',
        ref: 'provincial-major',
        minutesLate: 60,
      }),
    ]);
  });
});
