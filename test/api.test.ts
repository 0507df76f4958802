import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { buildApp } from '../src/server/app.js';
import { Worker } from '../src/worker/runner.js';
import { buildFixture, login, PASSWORD, type Fixture } from './helpers/app.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

describeEachDialect('REST API', (db) => {
  let f: Fixture;
  let admin: Awaited<ReturnType<typeof login>>;

  beforeAll(async () => {
    f = await buildFixture(db());
    admin = await login(f.app, f.users.admin.username);
  });
  afterAll(async () => {
    await f.app.close();
  });

  it('signs in, refuses wrong passwords, and locks an account after five failures', async () => {
    const username = f.users.partner.username;
    const wrong = () =>
      f.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username, password: 'wrong password' },
      });
    const first = await wrong();
    expect(first.statusCode).toBe(401);
    expect(first.headers['content-type']).toContain('application/problem+json');
    expect(first.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
    for (let i = 0; i < 4; i++) await wrong();
    const locked = await f.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: PASSWORD },
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'account_locked' });
    expect((await f.services.audit.list(SYSTEM, { action: 'user.locked' })).items).toHaveLength(1);
  });

  it('sets an HttpOnly SameSite cookie and demands the CSRF token on changes', async () => {
    const response = await f.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: f.users.coordinator.username, password: PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'fenghuo_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    const headers = { cookie: `fenghuo_session=${cookie.value}` };
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/session', headers })).statusCode,
    ).toBe(200);
    const forged = await f.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers,
      payload: organisationFields(),
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ code: 'csrf_failed' });
  });

  it('limits sign-in attempts per address', async () => {
    const limited = await buildApp({
      services: f.services,
      logLevel: 'silent',
      loginAttemptsPerMinute: 2,
    });
    const attempt = () =>
      limited.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'nobody', password: 'x' },
      });
    await attempt();
    await attempt();
    const third = await attempt();
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'rate_limited' });
    await limited.close();
  });

  it('answers 400 naming every invalid field', async () => {
    const response = await admin({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { kind: 'bank', country: 'China', nameEn: 'X', colour: 'red' },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { code: string; errors: { field: string; reason: string }[] };
    expect(body.code).toBe('validation_failed');
    const fields = body.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/kind', '/country', '/nameZh', '/colour']));
  });

  it('keeps a JSON null as null, and a wrong type as an error, in request bodies', async () => {
    const created = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorGd}/assets`,
      payload: { kind: 'system', name: 'Historian', vendor: null, cpe: null, version: null },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ vendor: null, cpe: null, version: null });
    const draft = await admin({
      method: 'POST',
      url: '/api/v1/warnings',
      payload: {
        level: 'blue',
        titleZh: '测试',
        titleEn: 'Test',
        bodyZh: '正文',
        bodyEn: 'Body',
        measuresZh: '措施',
        measuresEn: 'Measures',
        dueAt: '2030-01-01T00:00:00.000Z',
        audience: { matched: false, sectors: [], regions: [], orgIds: [f.orgs.operatorGd] },
      },
    });
    const cleared = await admin({
      method: 'PATCH',
      url: `/api/v1/warnings/${draft.json().id}`,
      payload: { dueAt: null },
    });
    expect(cleared.statusCode).toBe(200);
    // A cleared due date takes the policy's: fourteen days for blue, from issue (now, for a draft).
    expect(cleared.json().dueByPolicy).toBe(true);
    expect(Date.parse(cleared.json().dueAt) - Date.parse(cleared.json().updatedAt)).toBe(
      14 * 86_400_000,
    );
    const wrongType = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorGd}/assets`,
      payload: { kind: 'system', name: 'Historian 2', mlpsLevel: '3' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(new Set(wrongType.json().errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['/mlpsLevel']),
    );
  });

  it('checks domain rules the schema cannot: region, timezone, CII designation', async () => {
    const response = await admin({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: organisationFields({
        region: 'CN-XX',
        timezone: 'Mars/Olympus',
        cii: { designated: true, department: null, date: null, legalBasis: null },
      }),
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/region', '/timezone']));
  });

  it('answers 404 with a problem for an unknown organisation and route', async () => {
    const missing = await admin({
      method: 'GET',
      url: '/api/v1/organisations/01930000-0000-7000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found' });
    const route = await admin({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(route.statusCode).toBe(404);
    expect(route.json()).toMatchObject({ code: 'not_found' });
  });

  it('filters, sorts and pages organisations, and an authority sees only its remit', async () => {
    const all = await admin({ method: 'GET', url: '/api/v1/organisations?limit=2&sort=-created' });
    const page = all.json() as { items: { id: string }[]; nextCursor: string };
    expect(page.items).toHaveLength(2);
    const next = await admin({
      method: 'GET',
      url: `/api/v1/organisations?limit=2&sort=-created&cursor=${page.nextCursor}`,
    });
    expect((next.json() as { items: { id: string }[] }).items[0]!.id).not.toBe(page.items[1]!.id);
    const authority = await login(f.app, f.users.authority.username);
    const seen = (
      (await authority({ method: 'GET', url: '/api/v1/organisations?limit=500' })).json() as {
        items: { id: string }[];
      }
    ).items.map((o) => o.id);
    expect(seen).toContain(f.orgs.operatorGd);
    expect(seen).not.toContain(f.orgs.operatorSh);
    const energy = (
      (
        await admin({ method: 'GET', url: '/api/v1/organisations?sector=finance&limit=500' })
      ).json() as { items: { sector: string }[] }
    ).items;
    expect(energy.every((o) => o.sector === 'finance')).toBe(true);
  });

  it('registers a network, finds its owner by longest prefix, refuses a duplicate, and forgets it on delete', async () => {
    const outer = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorSh}/networks`,
      payload: { value: '198.51.0.0/16' },
    });
    expect(outer.statusCode).toBe(201);
    const inner = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorGd}/networks`,
      payload: { value: '198.51.100.0/24' },
    });
    const innerId = (inner.json() as { id: string }).id;
    const found = (await admin({ method: 'GET', url: '/api/v1/lookup?q=198.51.100.7' })).json() as {
      match: { organisation: { id: string }; network: { value: string } };
    };
    expect(found.match).toMatchObject({
      organisation: { id: f.orgs.operatorGd },
      network: { value: '198.51.100.0/24' },
    });
    const duplicate = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorGd}/networks`,
      payload: { value: '198.51.100.0/24' },
    });
    expect(duplicate.statusCode).toBe(409);
    const bad = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorGd}/networks`,
      payload: { value: '198.51.100.1/24' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      errors: [{ field: '/value', reason: expect.stringContaining('host bits') }],
    });
    await admin({ method: 'DELETE', url: `/api/v1/networks/${innerId}` });
    const after = (await admin({ method: 'GET', url: '/api/v1/lookup?q=198.51.100.7' })).json() as {
      match: { organisation: { id: string } };
    };
    expect(after.match.organisation.id).toBe(f.orgs.operatorSh);
  });

  it('imports all-or-nothing, partially on request, never touching manual entries, and round-trips exports', async () => {
    const sh = await f.services.registry.getOrganisation(SYSTEM, f.orgs.operatorSh);
    const gd = await f.services.registry.getOrganisation(SYSTEM, f.orgs.operatorGd);
    const csv = [
      'org_external_id,value,note',
      `${sh.externalId},203.0.113.0/25,east`,
      `${sh.externalId},203.0.113.128/25,west`,
      `${gd.externalId},not-a-network!,`,
    ].join('\n');
    const post = (query: string, body: string) =>
      admin({
        method: 'POST',
        url: `/api/v1/imports/networks?format=csv&source=feedx${query}`,
        payload: body,
        headers: { 'content-type': 'text/csv' },
      });
    const strict = (await post('', csv)).json() as {
      committed: boolean;
      errors: { row: number; field: string }[];
    };
    expect(strict).toMatchObject({ committed: false, errors: [{ row: 3, field: 'value' }] });
    expect(
      (await admin({ method: 'GET', url: '/api/v1/lookup?q=203.0.113.5' })).json(),
    ).toMatchObject({ match: null });
    const partial = (await post('&partial=true', csv)).json();
    expect(partial).toMatchObject({ committed: true, created: 2, rejected: 1 });
    expect(
      (await admin({ method: 'GET', url: '/api/v1/lookup?q=203.0.113.5' })).json(),
    ).toMatchObject({ match: { organisation: { id: sh.id } } });
    // A re-import moves imported entries but never one registered by hand.
    const moved = (
      await post(
        '',
        [
          `org_external_id,value,note`,
          `${gd.externalId},203.0.113.0/25,east`,
          `${gd.externalId},198.51.0.0/16,`,
        ].join('\n'),
      )
    ).json();
    expect(moved).toMatchObject({
      committed: false,
      errors: [{ row: 2, field: 'value', reason: expect.stringContaining('by hand') }],
    });
    const reimport = (
      await post(
        '',
        [`org_external_id,value,note`, `${gd.externalId},203.0.113.0/25,east`].join('\n'),
      )
    ).json();
    expect(reimport).toMatchObject({ committed: true, updated: 1 });

    const exported = await admin({ method: 'GET', url: '/api/v1/exports/networks?format=csv' });
    expect(exported.headers['content-disposition']).toContain('fenghuo-networks.csv');
    const again = (
      await admin({
        method: 'POST',
        url: '/api/v1/imports/networks?format=csv&source=feedx',
        payload: exported.body,
        headers: { 'content-type': 'text/csv' },
      })
    ).json();
    expect(again).toMatchObject({ committed: true, created: 0, updated: 0 });
    const orgs = await admin({ method: 'GET', url: '/api/v1/exports/orgs?format=json' });
    const back = (
      await admin({
        method: 'POST',
        url: '/api/v1/imports/orgs?format=json&dryRun=true',
        payload: orgs.body,
        headers: { 'content-type': 'application/json' },
      })
    ).json();
    expect(back).toMatchObject({ created: 0, updated: 0, rejected: 0, committed: false });
  });

  it('re-imports exported contacts and assets without duplicating them', async () => {
    await f.services.registry.createContact(SYSTEM, f.orgs.operatorGd, {
      name: 'NOC',
      email: 'noc@example.org',
      role: 'duty_desk',
    });
    await f.services.registry.createAsset(SYSTEM, f.orgs.operatorGd, {
      kind: 'product',
      name: 'Edge firewall',
      vendor: 'fortinet',
      product: 'fortios',
      version: '7.2.4',
    });
    for (const kind of ['contacts', 'assets']) {
      for (const format of ['csv', 'json']) {
        const exported = await admin({
          method: 'GET',
          url: `/api/v1/exports/${kind}?format=${format}`,
        });
        const type = format === 'csv' ? 'text/csv' : 'application/json';
        const report = (
          await admin({
            method: 'POST',
            url: `/api/v1/imports/${kind}?format=${format}`,
            payload: exported.body,
            headers: { 'content-type': type },
          })
        ).json() as Record<string, unknown>;
        expect(report, `${kind} ${format}`).toMatchObject({
          committed: true,
          created: 0,
          updated: 0,
          rejected: 0,
        });
      }
    }
  });

  it('issues API tokens limited by scope, usable as Bearer until revoked', async () => {
    const created = (
      await admin({
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'reader', scopes: ['read'], expiresInDays: 30 },
      })
    ).json() as {
      token: { id: string };
      secret: string;
    };
    const bearer = { authorization: `Bearer ${created.secret}` };
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: bearer }))
        .statusCode,
    ).toBe(200);
    const write = await f.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: bearer,
      payload: organisationFields(),
    });
    expect(write.statusCode).toBe(403);
    const listed = (await admin({ method: 'GET', url: '/api/v1/tokens' })).json() as {
      items: { id: string; prefix: string }[];
    };
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    await admin({ method: 'DELETE', url: `/api/v1/tokens/${created.token.id}` });
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: bearer }))
        .statusCode,
    ).toBe(401);
  });

  it('delivers outbox messages to the inbox through the worker', async () => {
    const user = (
      await admin({
        method: 'POST',
        url: '/api/v1/users',
        payload: {
          orgId: f.orgs.operatorGd,
          username: 'newcomer',
          displayName: '新同事',
          role: 'operator',
          password: 'a long enough password',
          language: 'zh-CN',
        },
      })
    ).json() as { id: string };
    expect(user.id).toBeDefined();
    while ((await new Worker(f.services).runOnce()) > 0);
    const inbox = await login(f.app, 'newcomer', 'a long enough password');
    const messages = (await inbox({ method: 'GET', url: '/api/v1/inbox' })).json() as {
      items: { id: string; subject: string; readAt: string | null }[];
    };
    expect(messages.items.map((m) => m.subject)).toContain('欢迎使用烽火平台');
    const id = messages.items[0]!.id;
    expect((await inbox({ method: 'POST', url: `/api/v1/inbox/${id}/read` })).statusCode).toBe(204);
  });

  it('evaluates incident facts against every rule pack, and names unknown facts', async () => {
    const packs = (await admin({ method: 'GET', url: '/api/v1/rule-packs' })).json() as {
      id: string;
    }[];
    expect(packs.map((p) => p.id)).toContain('cn-incident-reporting-2025');
    const response = await admin({
      method: 'POST',
      url: '/api/v1/rule-packs/evaluate',
      payload: {
        facts: { 'org.country': 'CN', 'org.cii': true, 'impact.personalRecordsLeaked': 2_000_000 },
        anchors: { aware: '2026-03-10T02:00:00.000Z' },
      },
    });
    expect(response.statusCode).toBe(200);
    const cn = (
      response.json() as {
        pack: string;
        grade: { code: string };
        obligations: { stage: string; due: string }[];
      }[]
    ).find((e) => e.pack === 'cn-incident-reporting-2025')!;
    expect(cn.grade.code).toBe('relatively_major');
    expect(cn.obligations[0]).toMatchObject({ stage: 'initial', due: '2026-03-10T03:00:00.000Z' });
    const bad = await admin({
      method: 'POST',
      url: '/api/v1/rule-packs/evaluate',
      payload: { facts: { 'impact.moon': 1, 'org.cii': 'yes' } },
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      '/facts/impact.moon',
      '/facts/org.cii',
    ]);
  });

  it('lets only administrators allow a webhook to a private address', async () => {
    const coordinator = await login(f.app, f.users.coordinator.username);
    const payload = { url: 'http://10.1.2.3/hook', allowPrivate: true };
    expect(
      (
        await coordinator({
          method: 'POST',
          url: `/api/v1/organisations/${f.orgs.operatorGd}/webhooks`,
          payload,
        })
      ).statusCode,
    ).toBe(403);
    const created = await admin({
      method: 'POST',
      url: `/api/v1/organisations/${f.orgs.operatorGd}/webhooks`,
      payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      webhook: { allowPrivate: true },
      secret: expect.stringMatching(/^fh_/),
    });
  });

  it('publishes OpenAPI, docs, health, metrics and security headers', async () => {
    const openapi = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/organisations', '/api/v1/lookup', '/api/v1/imports/{kind}']),
    );
    const ready = await f.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready', database: db().dialect });
    const metrics = await f.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('fenghuo_http_requests_total');
    expect(metrics.body).toContain('fenghuo_jobs');
    expect(ready.headers['x-content-type-options']).toBe('nosniff');
    expect(ready.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('refuses a body over the size limit', async () => {
    const response = await admin({
      method: 'POST',
      url: '/api/v1/organisations',
      payload: { ...organisationFields(), nameEn: 'x'.repeat(2_000_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'payload_too_large' });
  });
});
