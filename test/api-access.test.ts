import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { USER_ROLES, type UserRole } from '../src/core/registry/vocabulary.js';
import { inTransaction } from '../src/services/unit-of-work.js';
import { buildFixture, login, type Fixture } from './helpers/app.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

/**
 * Who may call what, written out independently of the policy module: for each route, each
 * role's reach. `all`: allowed on any organisation; `own`: only on its own organisation (for
 * unscoped routes, simply allowed); absent: denied.
 */
type Reach = 'all' | 'own';
type Side = 'own' | 'foreign';
interface Case {
  method: string;
  path: string;
  scoped: boolean;
  allowed: Partial<Record<UserRole, Reach>>;
  /** Builds the request for one role and side; may create what the request needs. */
  request: (
    f: Fixture,
    role: UserRole,
    side: Side,
  ) => Promise<InjectOptions & { session?: boolean }>;
}

const EVERYONE: Partial<Record<UserRole, Reach>> = Object.fromEntries(
  USER_ROLES.map((r) => [r, 'own']),
);
const MANAGERS = { admin: 'all', coordinator: 'all', authority: 'own' } as const;
const READERS = { admin: 'all', coordinator: 'all', authority: 'own', auditor: 'all' } as const;

const target = (f: Fixture, role: UserRole, side: Side) =>
  side === 'own' ? f.users[role].orgId : f.orgs.operatorSh;
const childOf = async (f: Fixture, parentId: string) =>
  (
    await f.services.registry.createOrganisation(
      SYSTEM,
      organisationFields({ parentId, region: parentId === f.orgs.operatorSh ? 'CN-SH' : 'CN-GD' }),
    )
  ).id;
const contactIn = async (f: Fixture, orgId: string) =>
  (
    await f.services.registry.createContact(SYSTEM, orgId, {
      name: 'SOC',
      email: 'soc@example.org',
      role: 'duty_desk',
    })
  ).id;
const assetIn = async (f: Fixture, orgId: string) =>
  (await f.services.registry.createAsset(SYSTEM, orgId, { kind: 'system', name: 'OA system' })).id;
let nextNet = 1;
const freshCidr = () => `198.18.${nextNet++}.0/24`;
const networkIn = async (f: Fixture, orgId: string) =>
  (await f.services.registry.createNetwork(SYSTEM, orgId, { value: freshCidr() })).id;

const incidentPayload = {
  title: 'Defacement',
  summary: 'Home page replaced',
  category: '02009',
  awareAt: '2026-11-01T00:00:00.000Z',
  facts: { 'impact.directLossCny': 6_000_000 },
};
const incidentAt = async (f: Fixture, orgId: string) =>
  (await f.services.incidents.report(SYSTEM, { ...incidentPayload, reporterOrgId: orgId }))
    .incident;
const READ_INCIDENTS = {
  admin: 'all',
  coordinator: 'all',
  authority: 'own',
  auditor: 'all',
  operator: 'own',
} as const;
const GRADERS = { admin: 'all', coordinator: 'all', authority: 'own' } as const;

let nextFeed = 1;
const feedNamed = async (f: Fixture) =>
  f.services.feeds.create(SYSTEM, { name: `access-feed-${nextFeed++}`, format: 'jsonl' });
let nextFinding = 1;
/** A finding owned by `orgId`, written straight in: the route under test only reads or answers it. */
const findingIn = async (f: Fixture, orgId: string) => {
  const feed = await feedNamed(f);
  const run = await f.services.database.db
    .insertInto('findings')
    .values({
      dedup_hash: nextFinding,
      feed_id: feed.id,
      org_id: orgId,
      ip: `192.0.2.${nextFinding++ % 250}`,
      port: 53,
      identifier: 'open-resolver',
      rsit: 'vulnerable/ddos-amplifier',
      gbt: '08001',
      severity: 'medium',
      asn: null,
      hostname: null,
      url: null,
      detail: null,
      raw: '{}',
      first_seen: '2026-11-27T00:00:00.000Z',
      last_seen: '2026-11-27T00:00:00.000Z',
      count: 1,
      state: 'notified',
      state_at: '2026-11-27T00:00:00.000Z',
      last_upsert: 0,
      first_run_id: 'r',
      last_run_id: 'r',
      reminders: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return run.id;
};
const FEED_READERS = {
  admin: 'all',
  coordinator: 'all',
  authority: 'own',
  auditor: 'all',
} as const;
const FEED_MANAGERS = { admin: 'all', coordinator: 'all' } as const;
const FINDING_READERS = {
  admin: 'all',
  coordinator: 'all',
  authority: 'own',
  operator: 'own',
  auditor: 'all',
} as const;
const JSON_LINE =
  '{"observedAt":"2026-11-27T00:00:00.000Z","identifier":"open-resolver","rsit":"vulnerable/ddos-amplifier","severity":"medium","ip":"203.0.113.9","port":53,"asn":null,"hostname":null,"url":null,"protocol":"udp","dstIp":null,"dstPort":null,"detail":null}\n';

const RAPID_SCADA = readFileSync(
  new URL('../../shared/data/csaf/cisa-ics/icsa-24-011-03.json', import.meta.url),
  'utf8',
);
/** The Rapid SCADA advisory (importing it again returns the same one). */
const advisoryIn = async (f: Fixture) =>
  (await f.services.advisories.importFile(SYSTEM, RAPID_SCADA, 'file')).advisories[0]!.id;
const ADVISORY_INPUT = {
  title: 'Example PLC web server overflow',
  summary: 'A long request overflows the PLC web server.',
  cves: [],
  products: [
    {
      name: 'Example PLC',
      vendor: 'Example',
      product: 'PLC',
      versions: '< 2.1',
      status: 'affected',
    },
  ],
  remediations: [{ category: 'vendor_fix', text: 'Update to 2.1.' }],
  references: [],
} as const;
const ownAdvisory = async (f: Fixture) =>
  (await f.services.advisories.create(SYSTEM, structuredClone(ADVISORY_INPUT) as never)).id;
let nextSource = 1;
const sourceNamed = async (f: Fixture) =>
  f.services.advisorySources.create(SYSTEM, {
    name: `access-source-${nextSource++}`,
    kind: 'kev',
    url: 'http://127.0.0.1:9/kev.json',
  });
const WARNING_TEXT = {
  titleZh: '测试预警',
  titleEn: 'Test warning',
  bodyZh: '正文',
  bodyEn: 'Body',
  measuresZh: '措施',
  measuresEn: 'Measures',
};
/** A warning by the centre to `orgId`, issued unless a draft is asked for. */
const warningTo = async (f: Fixture, orgId: string, state: 'draft' | 'issued' = 'issued') => {
  const draft = await f.services.warnings.create(SYSTEM, {
    level: 'yellow',
    ...WARNING_TEXT,
    audience: { matched: false, sectors: [], regions: [], orgIds: [orgId] },
  });
  return state === 'draft' ? draft.id : (await f.services.warnings.issue(SYSTEM, draft.id)).id;
};
const sbomIn = async (f: Fixture, orgId: string) =>
  (
    await f.services.sboms.upload(
      SYSTEM,
      await assetIn(f, orgId),
      'bom.json',
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.5',
        components: [
          { type: 'library', name: 'lodash', version: '4.17.20', purl: 'pkg:npm/lodash@4.17.20' },
        ],
      }),
    )
  ).id;
const ADVISORY_READERS = { ...READ_INCIDENTS } as const;
const WARNING_ISSUERS = { admin: 'all', coordinator: 'all', authority: 'own' } as const;
const RESPONDERS = { admin: 'all', coordinator: 'all', authority: 'own', operator: 'own' } as const;

const CASES: Case[] = [
  {
    method: 'GET',
    path: '/api/v1/session',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({ method: 'GET', url: '/api/v1/session', session: true }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/session',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({ method: 'DELETE', url: '/api/v1/session', session: true }),
  },
  {
    method: 'GET',
    path: '/api/v1/organisations',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({ method: 'GET', url: '/api/v1/organisations' }),
  },
  {
    method: 'POST',
    path: '/api/v1/organisations',
    scoped: true,
    allowed: MANAGERS,
    request: async (f, role, side) => {
      const parentId = target(f, role, side);
      const payload = organisationFields({
        parentId,
        region: side === 'own' && role === 'authority' ? 'CN-GD' : 'CN-SH',
      });
      return { method: 'POST', url: '/api/v1/organisations', payload };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:id',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/organisations/${target(f, r, s)}`,
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/organisations/:id',
    scoped: true,
    allowed: MANAGERS,
    request: async (f, r, s) => ({
      method: 'PATCH',
      url: `/api/v1/organisations/${target(f, r, s)}`,
      payload: { timezone: 'Asia/Shanghai' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/organisations/:id',
    scoped: true,
    allowed: { admin: 'all', coordinator: 'all' },
    request: async (f, r, s) => ({
      method: 'DELETE',
      url: `/api/v1/organisations/${await childOf(f, s === 'own' ? f.users[r].orgId : f.orgs.operatorSh)}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:id/contacts',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/organisations/${target(f, r, s)}/contacts`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/organisations/:id/contacts',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own', partner: 'own' },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/organisations/${target(f, r, s)}/contacts`,
      payload: { name: 'Duty desk', email: 'duty@example.org', role: 'duty_desk' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/contacts/:id',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own', partner: 'own' },
    request: async (f, r, s) => ({
      method: 'PATCH',
      url: `/api/v1/contacts/${await contactIn(f, target(f, r, s))}`,
      payload: { phone: '+86 20 1234 5678' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/contacts/:id',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own', partner: 'own' },
    request: async (f, r, s) => ({
      method: 'DELETE',
      url: `/api/v1/contacts/${await contactIn(f, target(f, r, s))}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:id/networks',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/organisations/${target(f, r, s)}/networks`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/organisations/:id/networks',
    scoped: true,
    allowed: MANAGERS,
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/organisations/${target(f, r, s)}/networks`,
      payload: { value: freshCidr() },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/networks/:id',
    scoped: true,
    allowed: MANAGERS,
    request: async (f, r, s) => ({
      method: 'DELETE',
      url: `/api/v1/networks/${await networkIn(f, target(f, r, s))}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:id/assets',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/organisations/${target(f, r, s)}/assets`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/organisations/:id/assets',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own' },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/organisations/${target(f, r, s)}/assets`,
      payload: { kind: 'system', name: 'Billing', mlpsLevel: 3 },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/assets/:id',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own' },
    request: async (f, r, s) => ({
      method: 'PATCH',
      url: `/api/v1/assets/${await assetIn(f, target(f, r, s))}`,
      payload: { internetFacing: true },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/assets/:id',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own' },
    request: async (f, r, s) => ({
      method: 'DELETE',
      url: `/api/v1/assets/${await assetIn(f, target(f, r, s))}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/lookup',
    scoped: false,
    allowed: READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/lookup?q=192.0.2.1' }),
  },
  {
    method: 'POST',
    path: '/api/v1/imports/:kind',
    scoped: false,
    allowed: MANAGERS,
    request: async (f, r) => {
      const org = await f.services.registry.getOrganisation(SYSTEM, f.users[r].orgId);
      const payload = JSON.stringify([
        {
          orgExternalId: org.externalId,
          name: 'Import desk',
          email: 'imp@example.org',
          role: 'abuse',
        },
      ]);
      return {
        method: 'POST',
        url: '/api/v1/imports/contacts?format=json&dryRun=true',
        payload,
        headers: { 'content-type': 'application/json' },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/exports/:kind',
    scoped: false,
    allowed: READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/exports/orgs?format=csv' }),
  },
  {
    method: 'GET',
    path: '/api/v1/users',
    scoped: false,
    allowed: { admin: 'all' },
    request: async () => ({ method: 'GET', url: '/api/v1/users' }),
  },
  {
    method: 'POST',
    path: '/api/v1/users',
    scoped: false,
    allowed: { admin: 'all' },
    request: async (f, r) => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        orgId: f.users[r].orgId,
        username: `u${Math.random().toString(36).slice(2, 10)}`,
        displayName: 'New',
        role: 'operator',
        password: 'a long enough password',
      },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/users/:id',
    scoped: false,
    allowed: { admin: 'all' },
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/users/${f.users.operator.id}`,
      payload: { displayName: 'Operator' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/tokens',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({ method: 'GET', url: '/api/v1/tokens' }),
  },
  {
    method: 'POST',
    path: '/api/v1/tokens',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'script', scopes: ['read'] },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/tokens/:id',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all' },
    request: async (f, r, s) => {
      const owner =
        s === 'own' ? f.users[r].id : f.users[r === 'operator' ? 'partner' : 'operator'].id;
      const { token } = await f.services.auth.createToken(SYSTEM, {
        userId: owner,
        name: 'victim',
        scopes: ['read'],
      });
      return { method: 'DELETE', url: `/api/v1/tokens/${token.id}` };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/audit',
    scoped: false,
    allowed: { admin: 'all', auditor: 'all' },
    request: async () => ({ method: 'GET', url: '/api/v1/audit' }),
  },
  {
    method: 'GET',
    path: '/api/v1/audit/verify',
    scoped: false,
    allowed: { admin: 'all', auditor: 'all' },
    request: async () => ({ method: 'GET', url: '/api/v1/audit/verify' }),
  },
  {
    method: 'GET',
    path: '/api/v1/inbox',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({ method: 'GET', url: '/api/v1/inbox' }),
  },
  {
    method: 'POST',
    path: '/api/v1/inbox/:id/read',
    scoped: true,
    allowed: EVERYONE,
    request: async (f, r, s) => {
      const orgId = target(f, r, s);
      await inTransaction(f.services.database, SYSTEM, (uow) =>
        uow.send({ orgId, userId: null, subject: 'note', body: '' }),
      );
      const messageId = (
        await f.services.database.db
          .selectFrom('outbox')
          .select('id')
          .where('org_id', '=', orgId)
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).id;
      await f.services.delivery.deliver(messageId);
      const inboxId = (
        await f.services.database.db
          .selectFrom('inbox_messages')
          .select('id')
          .where('outbox_id', '=', messageId)
          .executeTakeFirstOrThrow()
      ).id;
      return { method: 'POST', url: `/api/v1/inbox/${inboxId}/read` };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/rule-packs',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({ method: 'GET', url: '/api/v1/rule-packs' }),
  },
  {
    method: 'POST',
    path: '/api/v1/rule-packs/evaluate',
    scoped: false,
    allowed: EVERYONE,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/rule-packs/evaluate',
      payload: { facts: { 'org.country': 'CN', 'impact.directLossCny': 6_000_000 } },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/incidents',
    scoped: false,
    allowed: READ_INCIDENTS,
    request: async () => ({ method: 'GET', url: '/api/v1/incidents' }),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents',
    scoped: true,
    allowed: {
      admin: 'all',
      coordinator: 'all',
      authority: 'own',
      operator: 'own',
      partner: 'all',
    },
    request: async (f, r, s) => ({
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...incidentPayload, reporterOrgId: target(f, r, s) },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/:id',
    scoped: true,
    allowed: READ_INCIDENTS,
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/incidents/${(await incidentAt(f, target(f, r, s))).id}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/submissions',
    scoped: true,
    allowed: {
      admin: 'all',
      coordinator: 'all',
      authority: 'own',
      operator: 'own',
      partner: 'all',
    },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/incidents/${(await incidentAt(f, target(f, r, s))).id}/submissions`,
      payload: {
        pack: 'cn-incident-reporting-2025',
        stage: 'final',
        content: {
          cause: 'weak password',
          measuresTaken: 'reset credentials',
          harm: 'none lasting',
          accountability: 'admin warned',
          remediation: 'MFA enforced',
          lessons: 'audit accounts',
        },
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/grade-overrides',
    scoped: true,
    allowed: GRADERS,
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/incidents/${(await incidentAt(f, target(f, r, s))).id}/grade-overrides`,
      payload: {
        pack: 'cn-incident-reporting-2025',
        grade: 'major',
        reason: 'Assessed major by the duty officer',
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/clocks/:id/waive',
    scoped: true,
    allowed: GRADERS,
    request: async (f, r, s) => {
      // A Chinese reporter, so that the CN pack starts clocks (the partner is abroad).
      const reporter =
        s === 'foreign'
          ? f.orgs.operatorSh
          : r === 'partner'
            ? f.orgs.operatorGd
            : f.users[r].orgId;
      const incident = await incidentAt(f, reporter);
      const clock = incident.clocks.find((c) => c.state === 'pending')!;
      return {
        method: 'POST',
        url: `/api/v1/clocks/${clock.id}/waive`,
        payload: { reason: 'Reported by telephone instead' },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/receipts/verify',
    scoped: false,
    allowed: EVERYONE,
    request: async (f) => {
      const { receipts } = await f.services.incidents.report(SYSTEM, {
        ...incidentPayload,
        reporterOrgId: f.orgs.operatorGd,
      });
      return { method: 'POST', url: '/api/v1/receipts/verify', payload: receipts[0] };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/:id/webhooks',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/organisations/${target(f, r, s)}/webhooks`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/organisations/:id/webhooks',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own', partner: 'own' },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/organisations/${target(f, r, s)}/webhooks`,
      payload: { url: 'https://soc.example.org/fenghuo' },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/webhooks/:id',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own', partner: 'own' },
    request: async (f, r, s) => {
      const { webhook } = await f.services.registry.createWebhook(SYSTEM, target(f, r, s), {
        url: 'https://soc.example.org/hook',
      });
      return { method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}` };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/supervision',
    scoped: false,
    allowed: READ_INCIDENTS,
    request: async () => ({ method: 'GET', url: '/api/v1/supervision?groupBy=region' }),
  },
  {
    method: 'GET',
    path: '/api/v1/supervision/overdue',
    scoped: false,
    allowed: READ_INCIDENTS,
    request: async () => ({ method: 'GET', url: '/api/v1/supervision/overdue' }),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/attachments',
    scoped: true,
    allowed: {
      admin: 'all',
      coordinator: 'all',
      authority: 'own',
      operator: 'own',
      partner: 'all',
    },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/incidents/${(await incidentAt(f, target(f, r, s))).id}/attachments?filename=log.txt`,
      payload: 'firewall log',
      headers: { 'content-type': 'text/plain' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/attachments/:id',
    scoped: true,
    allowed: READ_INCIDENTS,
    request: async (f, r, s) => {
      const incident = await incidentAt(f, target(f, r, s));
      const attachment = await f.services.incidents.attach(SYSTEM, incident.id, {
        filename: 'a.txt',
        contentType: 'text/plain',
        content: Buffer.from('x'),
      });
      return { method: 'GET', url: `/api/v1/attachments/${attachment.id}` };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/status',
    scoped: true,
    allowed: {
      admin: 'all',
      coordinator: 'all',
      authority: 'own',
      operator: 'own',
      partner: 'all',
    },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/incidents/${(await incidentAt(f, target(f, r, s))).id}/status`,
      payload: { status: 'contained' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/supervision/timeline',
    scoped: false,
    allowed: READ_INCIDENTS,
    request: async () => ({ method: 'GET', url: '/api/v1/supervision/timeline?days=7' }),
  },
  {
    method: 'GET',
    path: '/api/v1/feeds',
    scoped: false,
    allowed: FEED_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/feeds' }),
  },
  {
    method: 'POST',
    path: '/api/v1/feeds',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/feeds',
      payload: { name: `access-new-${nextFeed++}`, format: 'shadowserver', report: 'scan_dns' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/feeds/:id',
    scoped: false,
    allowed: FEED_READERS,
    request: async (f) => ({ method: 'GET', url: `/api/v1/feeds/${(await feedNamed(f)).id}` }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/feeds/:id',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/feeds/${(await feedNamed(f)).id}`,
      payload: { windowHours: 48 },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/feeds/:id',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({ method: 'DELETE', url: `/api/v1/feeds/${(await feedNamed(f)).id}` }),
  },
  {
    method: 'POST',
    path: '/api/v1/feeds/ingest',
    scoped: false,
    allowed: { admin: 'all', coordinator: 'all', partner: 'all' },
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/feeds/ingest?feed=${(await feedNamed(f)).name}&fileName=events.jsonl`,
      payload: JSON_LINE,
      headers: { 'content-type': 'application/x-ndjson' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/feed-runs',
    scoped: false,
    allowed: FEED_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/feed-runs' }),
  },
  {
    method: 'GET',
    path: '/api/v1/feed-runs/:id',
    scoped: false,
    allowed: FEED_READERS,
    request: async (f) => {
      const feed = await feedNamed(f);
      const dir = mkdtempSync(join(tmpdir(), 'fenghuo-access-'));
      writeFileSync(join(dir, 'e.jsonl'), JSON_LINE);
      const run = await f.services.feeds.ingest(SYSTEM, {
        feed: feed.name,
        path: join(dir, 'e.jsonl'),
        origin: 'file',
      });
      return { method: 'GET', url: `/api/v1/feed-runs/${run.id}` };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/findings',
    scoped: false,
    allowed: FINDING_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/findings?state=notified' }),
  },
  {
    method: 'GET',
    path: '/api/v1/findings/metrics',
    scoped: false,
    allowed: FINDING_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/findings/metrics?groupBy=region' }),
  },
  {
    method: 'GET',
    path: '/api/v1/findings/:id',
    scoped: true,
    allowed: FINDING_READERS,
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/findings/${await findingIn(f, target(f, r, s))}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/findings/:id/response',
    scoped: true,
    allowed: { admin: 'all', coordinator: 'all', operator: 'own' },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/findings/${await findingIn(f, target(f, r, s))}/response`,
      payload: { response: 'acknowledged' },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/findings/:id/assign',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/findings/${await findingIn(f, f.orgs.operatorSh)}/assign`,
      payload: { orgId: f.orgs.operatorGd },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/advisories',
    scoped: false,
    allowed: ADVISORY_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/advisories?matched=true' }),
  },
  {
    method: 'POST',
    path: '/api/v1/advisories',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async () => ({ method: 'POST', url: '/api/v1/advisories', payload: ADVISORY_INPUT }),
  },
  {
    method: 'GET',
    path: '/api/v1/advisories/:id',
    scoped: false,
    allowed: ADVISORY_READERS,
    request: async (f) => ({ method: 'GET', url: `/api/v1/advisories/${await advisoryIn(f)}` }),
  },
  {
    method: 'PUT',
    path: '/api/v1/advisories/:id',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'PUT',
      url: `/api/v1/advisories/${await ownAdvisory(f)}`,
      payload: { ...ADVISORY_INPUT, title: 'Example PLC overflow (revised)' },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/advisories/:id/publish',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/advisories/${await ownAdvisory(f)}/publish`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/advisories/:id/revisions',
    scoped: false,
    allowed: ADVISORY_READERS,
    request: async (f) => ({
      method: 'GET',
      url: `/api/v1/advisories/${await advisoryIn(f)}/revisions`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/advisories/:id/matches',
    scoped: false,
    allowed: ADVISORY_READERS,
    request: async (f) => ({
      method: 'GET',
      url: `/api/v1/advisories/${await advisoryIn(f)}/matches`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/advisories/import',
    scoped: false,
    allowed: { admin: 'all', coordinator: 'all', authority: 'own' },
    request: async () => ({
      method: 'POST',
      url: '/api/v1/advisories/import',
      payload: RAPID_SCADA,
      headers: { 'content-type': 'application/json' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/advisory-sources',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async () => ({ method: 'GET', url: '/api/v1/advisory-sources' }),
  },
  {
    method: 'POST',
    path: '/api/v1/advisory-sources',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async () => ({
      method: 'POST',
      url: '/api/v1/advisory-sources',
      payload: {
        name: `access-new-source-${nextSource++}`,
        kind: 'kev',
        url: 'https://www.cisa.gov/kev.json',
      },
    }),
  },
  {
    method: 'PUT',
    path: '/api/v1/advisory-sources/:id',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => {
      const source = await sourceNamed(f);
      return {
        method: 'PUT',
        url: `/api/v1/advisory-sources/${source.id}`,
        payload: { name: source.name, kind: 'kev', url: source.url, everyMinutes: 120 },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/advisory-sources/:id',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'DELETE',
      url: `/api/v1/advisory-sources/${(await sourceNamed(f)).id}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/advisory-sources/:id/pull',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/advisory-sources/${(await sourceNamed(f)).id}/pull`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/assets/:id/sboms',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/assets/${await assetIn(f, target(f, r, s))}/sboms`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/assets/:id/sboms',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own' },
    request: async (f, r, s) => ({
      method: 'POST',
      url: `/api/v1/assets/${await assetIn(f, target(f, r, s))}/sboms?fileName=bom.json`,
      payload: JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }),
      headers: { 'content-type': 'application/json' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/sboms/:id/components',
    scoped: true,
    allowed: { ...EVERYONE, admin: 'all', coordinator: 'all', auditor: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/sboms/${await sbomIn(f, target(f, r, s))}/components`,
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/sboms/:id',
    scoped: true,
    allowed: { ...MANAGERS, operator: 'own' },
    request: async (f, r, s) => ({
      method: 'DELETE',
      url: `/api/v1/sboms/${await sbomIn(f, target(f, r, s))}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/warnings',
    scoped: false,
    allowed: ADVISORY_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/warnings' }),
  },
  {
    method: 'POST',
    path: '/api/v1/warnings',
    scoped: false,
    allowed: WARNING_ISSUERS,
    request: async (f, r) => ({
      method: 'POST',
      url: '/api/v1/warnings',
      payload: {
        level: 'blue',
        ...WARNING_TEXT,
        audience: { matched: false, sectors: [], regions: [], orgIds: [f.users[r].orgId] },
      },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/warnings/preview',
    scoped: false,
    allowed: WARNING_ISSUERS,
    request: async (f, r) => ({
      method: 'POST',
      url: '/api/v1/warnings/preview',
      payload: {
        level: 'blue',
        ...WARNING_TEXT,
        audience: { matched: false, sectors: ['energy'], regions: [], orgIds: [f.users[r].orgId] },
      },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/warnings/overdue',
    scoped: false,
    allowed: ADVISORY_READERS,
    request: async () => ({ method: 'GET', url: '/api/v1/warnings/overdue' }),
  },
  {
    method: 'GET',
    path: '/api/v1/warnings/:id',
    scoped: true,
    allowed: { ...ADVISORY_READERS, authority: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/warnings/${await warningTo(f, target(f, r, s))}`,
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/warnings/:id',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'PATCH',
      url: `/api/v1/warnings/${await warningTo(f, f.orgs.operatorGd)}`,
      payload: { measuresEn: 'Patch now.' },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/warnings/:id/issue',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/warnings/${await warningTo(f, f.orgs.operatorGd, 'draft')}/issue`,
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/warnings/:id/lift',
    scoped: false,
    allowed: FEED_MANAGERS,
    request: async (f) => ({
      method: 'POST',
      url: `/api/v1/warnings/${await warningTo(f, f.orgs.operatorGd)}/lift`,
      payload: { reason: 'Resolved' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/warnings/:id/recipients',
    scoped: true,
    allowed: { ...ADVISORY_READERS, authority: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/warnings/${await warningTo(f, target(f, r, s))}/recipients`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/warnings/:id/coverage',
    scoped: true,
    allowed: { ...ADVISORY_READERS, authority: 'all' },
    request: async (f, r, s) => ({
      method: 'GET',
      url: `/api/v1/warnings/${await warningTo(f, target(f, r, s))}/coverage`,
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/warnings/:id/response',
    scoped: true,
    allowed: RESPONDERS,
    request: async (f, r, s) => {
      const orgId = target(f, r, s);
      return {
        method: 'GET',
        url: `/api/v1/warnings/${await warningTo(f, orgId)}/response?orgId=${orgId}`,
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/warnings/:id/acknowledge',
    scoped: true,
    allowed: RESPONDERS,
    request: async (f, r, s) => {
      const orgId = target(f, r, s);
      return {
        method: 'POST',
        url: `/api/v1/warnings/${await warningTo(f, orgId)}/acknowledge?orgId=${orgId}`,
      };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/warnings/:id/responses',
    scoped: true,
    allowed: RESPONDERS,
    request: async (f, r, s) => {
      const orgId = target(f, r, s);
      return {
        method: 'POST',
        url: `/api/v1/warnings/${await warningTo(f, orgId)}/responses`,
        payload: {
          orgId,
          responses: [{ assetId: await assetIn(f, orgId), response: 'mitigated' }],
        },
      };
    },
  },
];

/** Open to anyone: sign-in, the vocabularies, health, metrics and the API docs. */
const PUBLIC = [
  'POST /api/v1/session',
  'POST /api/v1/public/incidents',
  'GET /api/v1/reference',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  // A digest's personal link: the token is the credential (test/feeds/pipeline.test.ts).
  'GET /api/v1/public/recipient/:token',
  'POST /api/v1/public/recipient/:token/findings/:id/response',
  // Public warnings and Fenghuo as a CSAF provider.
  'GET /api/v1/public/bulletins',
  'GET /bulletins.atom',
  'GET /.well-known/csaf/provider-metadata.json',
  'GET /.well-known/csaf/white/feed-tlp-white.json',
  'GET /.well-known/csaf/white/:year/:file',
];

/** Every method and path the server registered, rebuilt from Fastify's printed route tree. */
function registeredRoutes(f: Fixture): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of f.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([\s│├└─]*)(\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/\/\//g, '/');
    for (const method of match[3]!.split(', '))
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

describeEachDialect('access control on every route', (db) => {
  let f: Fixture;
  const bearers = {} as Record<UserRole, string>;

  beforeAll(async () => {
    f = await buildFixture(db());
    for (const role of USER_ROLES) {
      const { secret } = await f.services.auth.createToken(SYSTEM, {
        userId: f.users[role].id,
        name: 'matrix',
        scopes: ['read', 'write', 'admin'],
      });
      bearers[role] = secret;
    }
  });
  afterAll(async () => {
    await f.app.close();
  });

  it('covers every registered route', () => {
    const covered = new Set([...CASES.map((c) => `${c.method} ${c.path}`), ...PUBLIC]);
    const missing = registeredRoutes(f).filter((r) => !covered.has(r) && !r.includes(' /api/docs'));
    expect(missing).toEqual([]);
  });

  it('answers public routes without credentials', async () => {
    for (const route of PUBLIC.filter((r) => r.startsWith('GET') && !r.includes(':'))) {
      const response = await f.app.inject({ method: 'GET', url: route.slice(4) });
      expect(response.statusCode, route).toBe(200);
    }
    expect((await f.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('refuses every other API route without credentials', async () => {
    for (const c of CASES) {
      const { session: _s, ...options } = await c.request(f, 'admin', 'own');
      const response = await f.app.inject(options);
      expect(response.statusCode, `${c.method} ${c.path}`).toBe(401);
      expect(response.json()).toMatchObject({ code: 'unauthenticated' });
    }
  });

  for (const c of CASES) {
    it(`${c.method} ${c.path}: allowed or denied for each role as the policy says`, async () => {
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const role of USER_ROLES) {
        for (const side of c.scoped ? (['own', 'foreign'] as const) : (['own'] as const)) {
          const reach = c.allowed[role];
          const allow = reach === 'all' || (reach === 'own' && side === 'own');
          const { session, ...options } = await c.request(f, role, side);
          const send = session
            ? await login(f.app, f.users[role].username)
            : (o: InjectOptions) =>
                f.app.inject({
                  ...o,
                  headers: { ...o.headers, authorization: `Bearer ${bearers[role]}` },
                });
          const response = await send(options);
          const status = response.statusCode;
          const verdict =
            status < 300
              ? 'allowed'
              : status === 403 || status === 404
                ? 'denied'
                : `unexpected ${status} ${response.body.slice(0, 200)}`;
          outcomes.push(`${role}/${side}: ${verdict}`);
          expected.push(`${role}/${side}: ${allow ? 'allowed' : 'denied'}`);
        }
      }
      expect(outcomes).toEqual(expected);
    });
  }
});
