import type { FastifyInstance, InjectOptions } from 'fastify';
import type { UserRole } from '../../src/core/registry/vocabulary.js';
import { SYSTEM } from '../../src/core/auth/policy.js';
import { buildApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/services/index.js';
import type { Database } from '../../src/storage/database.js';
import { organisationFields } from './factories.js';

export const PASSWORD = 'correct horse battery staple';

export interface Fixture {
  app: FastifyInstance;
  services: Services;
  orgs: {
    centre: string;
    authorityGd: string;
    operatorGd: string;
    operatorSh: string;
    partner: string;
  };
  /** Each role's user and the organisation it belongs to. */
  users: Record<UserRole, { id: string; username: string; orgId: string }>;
}

/**
 * A constituency small enough to reason about: a centre, a Guangdong cyberspace office, an
 * operator under it, an operator in Shanghai that no one but the centre covers, a partner,
 * and one user of each role.
 */
export async function buildFixture(database: Database): Promise<Fixture> {
  const services = createServices(database);
  const create = (o: Parameters<typeof organisationFields>[0]) =>
    services.registry.createOrganisation(SYSTEM, organisationFields(o));
  const centre = await create({
    kind: 'coordinator',
    sector: null,
    region: 'CN-BJ',
    nameEn: 'Centre',
  });
  const authorityGd = await create({
    kind: 'authority',
    parentId: centre.id,
    sector: null,
    region: 'CN-GD',
    remit: { sectors: [], regions: ['CN-GD'], functions: ['cyberspace_office'] },
  });
  const operatorGd = await create({
    kind: 'operator',
    parentId: authorityGd.id,
    region: 'CN-GD',
    sector: 'energy',
  });
  const operatorSh = await create({
    kind: 'operator',
    parentId: centre.id,
    region: 'CN-SH',
    sector: 'finance',
  });
  const partner = await create({
    kind: 'partner',
    sector: null,
    region: null,
    country: 'SG',
    timezone: 'Asia/Singapore',
    language: 'en',
  });
  const orgOf: Record<UserRole, string> = {
    admin: centre.id,
    coordinator: centre.id,
    auditor: centre.id,
    authority: authorityGd.id,
    operator: operatorGd.id,
    partner: partner.id,
  };
  const users = {} as Fixture['users'];
  for (const [role, orgId] of Object.entries(orgOf) as [UserRole, string][]) {
    const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
    const user = await services.users.create(SYSTEM, {
      orgId,
      username,
      displayName: role,
      role,
      password: PASSWORD,
    });
    users[role] = { id: user.id, username, orgId };
  }
  const app = await buildApp({ services, logLevel: 'silent', loginAttemptsPerMinute: 1000 });
  return {
    app,
    services,
    orgs: {
      centre: centre.id,
      authorityGd: authorityGd.id,
      operatorGd: operatorGd.id,
      operatorSh: operatorSh.id,
      partner: partner.id,
    },
    users,
  };
}

/** A signed-in web session: its cookie and CSRF token, sent on every request. */
export async function login(app: FastifyInstance, username: string, password = PASSWORD) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'fenghuo_session')!;
  const { csrfToken } = response.json() as { csrfToken: string };
  return (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        ...options.headers,
        cookie: `fenghuo_session=${cookie.value}`,
        'x-csrf-token': csrfToken,
      },
    });
}
