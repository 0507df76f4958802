import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import type { IncidentInput, Submitted } from '../src/contract/incidents.js';
import { Worker } from '../src/worker/runner.js';
import { buildFixture, login, type Fixture } from './helpers/app.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

const AWARE = '2026-03-10T02:00:00.000Z';
const ransomware = (overrides: Partial<IncidentInput> = {}): IncidentInput => ({
  title: 'Ransomware on the dispatch system',
  summary: 'Files encrypted on the SCADA historian; ransom note found.',
  category: '01007',
  awareAt: AWARE,
  occurredAt: '2026-03-10T01:30:00.000Z',
  facts: { 'incident.ransomware': true, 'impact.personalRecordsLeaked': 2_000_000 },
  ransom: { amount: '50 BTC', method: 'Tor payment site' },
  ...overrides,
});

describeEachDialect('statutory incident reports', (db) => {
  let f: Fixture;
  let operator: Awaited<ReturnType<typeof login>>;
  let coordinator: Awaited<ReturnType<typeof login>>;
  let ciiProtection = '';
  let police = '';

  beforeAll(async () => {
    f = await buildFixture(db());
    // The GD operator is CII in the energy sector; its CII protection department and the GD police are in the registry.
    await f.services.registry.updateOrganisation(SYSTEM, f.orgs.operatorGd, {
      cii: {
        designated: true,
        department: '国家能源局',
        date: '2024-01-15',
        legalBasis: '条例第九条',
      },
    });
    const create = (o: Parameters<typeof organisationFields>[0]) =>
      f.services.registry.createOrganisation(SYSTEM, organisationFields(o));
    ciiProtection = (
      await create({
        kind: 'authority',
        parentId: f.orgs.centre,
        sector: 'energy',
        region: null,
        remit: {
          sectors: ['energy'],
          regions: [],
          functions: ['cii_protection', 'sector_regulator'],
        },
      })
    ).id;
    police = (
      await create({
        kind: 'authority',
        parentId: f.orgs.centre,
        sector: null,
        region: 'CN-GD',
        remit: { sectors: [], regions: ['CN-GD'], functions: ['public_security'] },
      })
    ).id;
    operator = await login(f.app, f.users.operator.username);
    coordinator = await login(f.app, f.users.coordinator.username);
  });
  afterAll(async () => {
    await f.app.close();
  });

  it('grades a CII ransomware report under the 2025 Measures, meets its 1-hour clock, signs a receipt and tells both authorities', async () => {
    const response = await operator({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: ransomware(),
      headers: { 'idempotency-key': 'report-0001' },
    });
    expect(response.statusCode).toBe(201);
    const { incident, receipts } = response.json() as Submitted;
    expect(incident.reference).toMatch(/^FH-\d{4}-\d{6}$/);
    const cn = incident.evaluations.find((e) => e.pack === 'cn-incident-reporting-2025')!;
    expect(cn.grade.code).toBe('relatively_major');
    expect(cn.obligations[0]).toMatchObject({
      stage: 'initial',
      due: '2026-03-10T03:00:00.000Z',
      recipients: [{ id: 'cii_protection' }, { id: 'public_security' }],
    });
    const initial = incident.clocks.find(
      (c) => c.pack === 'cn-incident-reporting-2025' && c.ref === 'initial',
    )!;
    expect(initial.state).toMatch(/^met/);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      reference: incident.reference,
      stage: 'initial',
      version: 1,
    });
    const verified = await operator({
      method: 'POST',
      url: '/api/v1/receipts/verify',
      payload: receipts[0],
    });
    expect(verified.json()).toMatchObject({ valid: true });
    const forged = await operator({
      method: 'POST',
      url: '/api/v1/receipts/verify',
      payload: { ...receipts[0], receivedAt: '2026-03-10T02:10:00.000Z' },
    });
    expect(forged.json()).toMatchObject({ valid: false });

    while ((await new Worker(f.services).runOnce()) > 0);
    for (const orgId of [ciiProtection, police]) {
      const inbox = await db()
        .db.selectFrom('inbox_messages')
        .select('subject')
        .where('org_id', '=', orgId)
        .execute();
      expect(inbox.map((m) => m.subject).join()).toContain(incident.reference);
    }
    const routed = await f.services.audit.list(SYSTEM, {
      entityId: incident.id,
      action: 'incident.routed',
    });
    expect(routed.items[0]!.summary).toMatchObject({
      authorities: expect.arrayContaining([ciiProtection, police]),
    });
  });

  it('answers a repeated request with the same idempotency key with the first answer', async () => {
    const again = (
      await operator({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: ransomware(),
        headers: { 'idempotency-key': 'report-0001' },
      })
    ).json() as Submitted;
    const list = (await operator({ method: 'GET', url: '/api/v1/incidents' })).json() as {
      items: { id: string }[];
    };
    expect(list.items.filter((i) => i.id === again.incident.id)).toHaveLength(1);
    expect(list.items).toHaveLength(1);
    // A key with SQL wildcards in it matches only itself.
    const other = (
      await operator({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: ransomware(),
        headers: { 'idempotency-key': 'report-000%' },
      })
    ).json() as Submitted;
    expect(other.incident.id).not.toBe(again.incident.id);
  });

  it('names every invalid field', async () => {
    const response = await operator({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: ransomware({ category: '99999', facts: { 'impact.moon': 1, 'org.cii': false } }),
    });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(
      ['/facts/impact.moon', '/facts/org.cii', '/category'],
    );
  });

  it('starts the escalation clock of a major incident at the report, and meets the final clock on the final report', async () => {
    const sh = await login(f.app, f.users.coordinator.username);
    const { incident } = (
      await sh({
        method: 'POST',
        url: '/api/v1/incidents',
        payload: {
          ...ransomware({ facts: { 'impact.directLossCny': 20_000_000 } }),
          reporterOrgId: f.orgs.operatorSh,
        },
      })
    ).json() as Submitted;
    expect(incident.source).toBe('third_party');
    const escalation = incident.clocks.find((c) => c.kind === 'escalation')!;
    expect(escalation).toMatchObject({
      ref: 'provincial-major',
      state: 'pending',
      owedBy: ['provincial_cac'],
      owedTo: ['national_cac'],
    });
    expect(Date.parse(escalation.dueAt!) - Date.parse(incident.submissions[0]!.submittedAt)).toBe(
      3600_000,
    );
    const final = incident.clocks.find((c) => c.ref === 'final')!;
    expect(final).toMatchObject({ state: 'pending', dueAt: null });

    const ended = new Date(Date.now() - 86_400_000).toISOString();
    const submitted = (
      await sh({
        method: 'POST',
        url: `/api/v1/incidents/${incident.id}/submissions`,
        payload: {
          pack: 'cn-incident-reporting-2025',
          stage: 'final',
          content: {
            cause: 'phishing',
            measuresTaken: 'isolated hosts',
            harm: 'billing delayed',
            accountability: 'none',
            remediation: 'patched',
            lessons: 'train staff',
          },
          times: { handlingEndedAt: ended },
        },
      })
    ).json() as Submitted;
    expect(submitted.receipts[0]).toMatchObject({ stage: 'final', version: 1 });
    expect(submitted.incident.clocks.find((c) => c.ref === 'final')).toMatchObject({
      dueAt: new Date(Date.parse(ended) + 30 * 86_400_000).toISOString(),
      state: 'met',
    });
  });

  it('lets a coordinator override a grade with a reason, which moves the clocks, and refuses operators', async () => {
    const list = (await coordinator({ method: 'GET', url: '/api/v1/incidents' })).json() as {
      items: { id: string; reporterOrgId: string }[];
    };
    const id = list.items.find((i) => i.reporterOrgId === f.orgs.operatorGd)!.id;
    const denied = await operator({
      method: 'POST',
      url: `/api/v1/incidents/${id}/grade-overrides`,
      payload: {
        pack: 'cn-incident-reporting-2025',
        grade: 'major',
        reason: 'Operator would like it higher',
      },
    });
    expect(denied.statusCode).toBe(403);
    const response = await coordinator({
      method: 'POST',
      url: `/api/v1/incidents/${id}/grade-overrides`,
      payload: {
        pack: 'cn-incident-reporting-2025',
        grade: 'major',
        reason: 'Dispatch of a provincial grid affected; assessed major',
      },
    });
    const detail = response.json() as Submitted['incident'];
    const cn = detail.evaluations.find((e) => e.pack === 'cn-incident-reporting-2025')!;
    expect(cn.grade.code).toBe('major');
    expect(cn.explanation.at(-1)).toMatchObject({
      criterion: 'override',
      source: 'Dispatch of a provincial grid affected; assessed major',
    });
    expect(detail.clocks.find((c) => c.ref === 'cii-major')).toMatchObject({
      kind: 'escalation',
      owedTo: ['national_cac', 'national_mps'],
    });

    const clock = detail.clocks.find((c) => c.ref === 'cii-major')!;
    const waived = (
      await coordinator({
        method: 'POST',
        url: `/api/v1/clocks/${clock.id}/waive`,
        payload: { reason: 'Escalated by phone to the duty officer' },
      })
    ).json() as Submitted['incident'];
    expect(waived.clocks.find((c) => c.id === clock.id)).toMatchObject({
      state: 'waived',
      waivedReason: 'Escalated by phone to the duty officer',
    });
  });

  it('shows an incident to its reporter and the authorities covering it, and to no other operator', async () => {
    const list = (await coordinator({ method: 'GET', url: '/api/v1/incidents' })).json() as {
      items: { id: string; reporterOrgId: string }[];
    };
    const id = list.items.find((i) => i.reporterOrgId === f.orgs.operatorGd)!.id;
    const authority = await login(f.app, f.users.authority.username);
    expect((await authority({ method: 'GET', url: `/api/v1/incidents/${id}` })).statusCode).toBe(
      200,
    );
    expect((await operator({ method: 'GET', url: `/api/v1/incidents/${id}` })).statusCode).toBe(
      200,
    );
    const partner = await login(f.app, f.users.partner.username);
    expect((await partner({ method: 'GET', url: `/api/v1/incidents/${id}` })).statusCode).toBe(403);
  });

  it('stores attachments with their SHA-256 and serves them to those who may read the incident', async () => {
    const list = (await coordinator({ method: 'GET', url: '/api/v1/incidents' })).json() as {
      items: { id: string; reporterOrgId: string }[];
    };
    const id = list.items.find((i) => i.reporterOrgId === f.orgs.operatorGd)!.id;
    const note = Buffer.from('勒索信内容 / ransom note', 'utf8');
    const uploaded = await operator({
      method: 'POST',
      url: `/api/v1/incidents/${id}/attachments?filename=${encodeURIComponent('勒索信.txt')}`,
      payload: note,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json() as { id: string; sha256: string; size: number };
    expect(attachment).toMatchObject({
      size: note.length,
      sha256: createHash('sha256').update(note).digest('hex'),
    });
    const back = await coordinator({ method: 'GET', url: `/api/v1/attachments/${attachment.id}` });
    expect(back.rawPayload.equals(note)).toBe(true);
    expect(back.headers['x-content-sha256']).toBe(attachment.sha256);
    const partner = await login(f.app, f.users.partner.username);
    expect(
      (await partner({ method: 'GET', url: `/api/v1/attachments/${attachment.id}` })).statusCode,
    ).toBe(403);
    const detail = (await operator({ method: 'GET', url: `/api/v1/incidents/${id}` })).json() as {
      attachments: { id: string }[];
    };
    expect(detail.attachments.map((a) => a.id)).toContain(attachment.id);
  });

  it('takes a report from the public without an account, marks it, starts no clock and tells the coordinators', async () => {
    const response = await f.app.inject({
      method: 'POST',
      url: '/api/v1/public/incidents',
      payload: {
        concerns: '某市政务网站',
        title: '网站首页被篡改',
        summary: '首页出现赌博广告',
        category: '02009',
        contactEmail: 'citizen@example.org',
      },
    });
    expect(response.statusCode).toBe(201);
    const { reference, receipt } = response.json() as {
      reference: string;
      receipt: Record<string, unknown>;
    };
    expect(receipt).toMatchObject({ reference, pack: 'public', stage: 'tip' });
    expect(
      (await operator({ method: 'POST', url: '/api/v1/receipts/verify', payload: receipt })).json(),
    ).toMatchObject({ valid: true });
    const list = (
      await coordinator({ method: 'GET', url: '/api/v1/incidents?status=under_assessment' })
    ).json() as { items: { id: string; reference: string; source: string }[] };
    const incident = list.items.find((i) => i.reference === reference)!;
    expect(incident.source).toBe('public');
    expect(
      (await coordinator({ method: 'GET', url: `/api/v1/incidents/${incident.id}` })).json(),
    ).toMatchObject({ clocks: [] });
    while ((await new Worker(f.services).runOnce()) > 0);
    const inbox = await db()
      .db.selectFrom('inbox_messages')
      .select('subject')
      .where('org_id', '=', f.orgs.centre)
      .execute();
    expect(inbox.map((m) => m.subject).join()).toContain(reference);
    const bad = await f.app.inject({
      method: 'POST',
      url: '/api/v1/public/incidents',
      payload: { concerns: 'x', title: 't', summary: 's', category: 'abc' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('moves an incident through its handling statuses, audited, and maps its category to RSIT', async () => {
    const list = (await coordinator({ method: 'GET', url: '/api/v1/incidents' })).json() as {
      items: { id: string; reporterOrgId: string }[];
    };
    const id = list.items.find((i) => i.reporterOrgId === f.orgs.operatorGd)!.id;
    const response = await operator({
      method: 'POST',
      url: `/api/v1/incidents/${id}/status`,
      payload: { status: 'contained', note: 'Historian restored from backup' },
    });
    expect(response.json()).toMatchObject({
      status: 'contained',
      rsit: { classification: expect.any(String), type: expect.any(String) },
    });
    const audit = await f.services.audit.list(SYSTEM, {
      entityId: id,
      action: 'incident.status_changed',
    });
    expect(audit.items[0]!.summary).toMatchObject({ from: 'reported', to: 'contained' });
    expect(
      (
        await operator({
          method: 'POST',
          url: `/api/v1/incidents/${id}/status`,
          payload: { status: 'finished' },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('refuses a stage report that lacks a field its pack requires, naming each', async () => {
    const list = (await coordinator({ method: 'GET', url: '/api/v1/incidents' })).json() as {
      items: { id: string; reporterOrgId: string }[];
    };
    const id = list.items.find((i) => i.reporterOrgId === f.orgs.operatorGd)!.id;
    const response = await operator({
      method: 'POST',
      url: `/api/v1/incidents/${id}/submissions`,
      payload: {
        pack: 'cn-incident-reporting-2025',
        stage: 'final',
        content: { cause: 'phishing' },
      },
    });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(
      [
        '/content/measuresTaken',
        '/content/harm',
        '/content/accountability',
        '/content/remediation',
        '/content/lessons',
      ],
    );
  });
});
