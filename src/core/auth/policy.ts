import { forbidden } from '../errors.js';
import type { Sector, UserRole } from '../registry/vocabulary.js';

export type TokenScope = 'read' | 'write' | 'admin';

export interface Remit {
  sectors: readonly string[];
  regions: readonly string[];
}

/** Who is acting: a signed-in user (session or API token), or the local operator at the CLI. */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      orgId: string;
      role: UserRole;
      label: string;
      /** Null for a web session: the role's full rights. A token is limited to its scopes. */
      scopes: readonly TokenScope[] | null;
      /** The remit of the user's organisation, for authorities. */
      remit: Remit | null;
    }
  | { kind: 'system'; label: string };

export const SYSTEM: Actor = { kind: 'system', label: 'system' };

/** The facts about an organisation that permissions depend on. */
export interface OrgRef {
  id: string;
  parentId: string | null;
  sector: Sector | string | null;
  region: string | null;
}

export const ACTIONS = {
  'org.read': 'read',
  'org.create': 'write',
  'org.update': 'write',
  'org.delete': 'write',
  'contact.write': 'write',
  'asset.write': 'write',
  'network.write': 'write',
  lookup: 'read',
  'registry.import': 'write',
  'registry.export': 'read',
  'user.manage': 'admin',
  'token.manage': 'write',
  'audit.read': 'read',
  'inbox.read': 'read',
  'rules.read': 'read',
  'incident.read': 'read',
  'incident.report': 'write',
  'incident.grade': 'write',
  'incident.waive': 'write',
  'feed.read': 'read',
  'feed.manage': 'write',
  'feed.ingest': 'write',
  'finding.read': 'read',
  'finding.respond': 'write',
  'finding.assign': 'write',
  'advisory.read': 'read',
  'advisory.import': 'write',
  'advisory.write': 'write',
  'advisory.source': 'write',
  'match.read': 'read',
  'sbom.write': 'write',
  'warning.read': 'read',
  'warning.issue': 'write',
  'warning.respond': 'write',
} as const satisfies Record<string, TokenScope>;
export type Action = keyof typeof ACTIONS;

type Reach = 'all' | 'remit' | 'own';

/**
 * The one table of who may do what. `all`: any organisation; `remit`: the user's own
 * organisation, its children and those its remit covers; `own`: the user's organisation.
 * Absent means denied.
 */
const RULES: Record<UserRole, Partial<Record<Action, Reach>>> = {
  admin: {
    'org.read': 'all',
    'org.create': 'all',
    'org.update': 'all',
    'org.delete': 'all',
    'contact.write': 'all',
    'asset.write': 'all',
    'network.write': 'all',
    lookup: 'all',
    'registry.import': 'all',
    'registry.export': 'all',
    'user.manage': 'all',
    'token.manage': 'own',
    'audit.read': 'all',
    'inbox.read': 'own',
    'rules.read': 'all',
    'incident.read': 'all',
    'incident.report': 'all',
    'incident.grade': 'all',
    'incident.waive': 'all',
    'feed.read': 'all',
    'feed.manage': 'all',
    'feed.ingest': 'all',
    'finding.read': 'all',
    'finding.respond': 'all',
    'finding.assign': 'all',
    'advisory.read': 'all',
    'advisory.import': 'all',
    'advisory.write': 'all',
    'advisory.source': 'all',
    'match.read': 'all',
    'sbom.write': 'all',
    'warning.read': 'all',
    'warning.issue': 'all',
    'warning.respond': 'all',
  },
  coordinator: {
    'org.read': 'all',
    'org.create': 'all',
    'org.update': 'all',
    'org.delete': 'all',
    'contact.write': 'all',
    'asset.write': 'all',
    'network.write': 'all',
    lookup: 'all',
    'registry.import': 'all',
    'registry.export': 'all',
    'token.manage': 'own',
    'inbox.read': 'own',
    'rules.read': 'all',
    'incident.read': 'all',
    'incident.report': 'all',
    'incident.grade': 'all',
    'incident.waive': 'all',
    'feed.read': 'all',
    'feed.manage': 'all',
    'feed.ingest': 'all',
    'finding.read': 'all',
    'finding.respond': 'all',
    'finding.assign': 'all',
    'advisory.read': 'all',
    'advisory.import': 'all',
    'advisory.write': 'all',
    'advisory.source': 'all',
    'match.read': 'all',
    'sbom.write': 'all',
    'warning.read': 'all',
    'warning.issue': 'all',
    'warning.respond': 'all',
  },
  authority: {
    'org.read': 'remit',
    'org.create': 'remit',
    'org.update': 'remit',
    'contact.write': 'remit',
    'asset.write': 'remit',
    'network.write': 'remit',
    lookup: 'all',
    'registry.import': 'remit',
    'registry.export': 'remit',
    'token.manage': 'own',
    'inbox.read': 'own',
    'rules.read': 'all',
    'incident.read': 'remit',
    'incident.report': 'remit',
    'incident.grade': 'remit',
    'incident.waive': 'remit',
    'feed.read': 'all',
    'finding.read': 'remit',
    'advisory.read': 'all',
    'advisory.import': 'all',
    'match.read': 'remit',
    'sbom.write': 'remit',
    'warning.read': 'remit',
    // Within its remit only; the level rules (core/warnings/warning.ts) narrow it further.
    'warning.issue': 'remit',
    'warning.respond': 'remit',
  },
  operator: {
    'org.read': 'own',
    'contact.write': 'own',
    'asset.write': 'own',
    'token.manage': 'own',
    'inbox.read': 'own',
    'rules.read': 'all',
    'incident.read': 'own',
    'incident.report': 'own',
    'finding.read': 'own',
    'finding.respond': 'own',
    'advisory.read': 'all',
    'match.read': 'own',
    'sbom.write': 'own',
    'warning.read': 'own',
    'warning.respond': 'own',
  },
  partner: {
    'org.read': 'own',
    'contact.write': 'own',
    'token.manage': 'own',
    'inbox.read': 'own',
    'rules.read': 'all',
    // Partners may report what they see at others (marked third-party) but not read incidents.
    'incident.report': 'all',
    // Partners deliver intelligence: they may feed it in, not read what others were told.
    'feed.ingest': 'all',
  },
  auditor: {
    'org.read': 'all',
    lookup: 'all',
    'registry.export': 'all',
    'token.manage': 'own',
    'audit.read': 'all',
    'inbox.read': 'own',
    'rules.read': 'all',
    'incident.read': 'all',
    'feed.read': 'all',
    'finding.read': 'all',
    'advisory.read': 'all',
    'match.read': 'all',
    'warning.read': 'all',
  },
};

function scopeAllows(scopes: readonly TokenScope[] | null, needed: TokenScope): boolean {
  if (scopes === null || scopes.includes('admin')) return true;
  return needed === 'read'
    ? scopes.includes('read') || scopes.includes('write')
    : scopes.includes(needed);
}

/** Whether a remit covers an organisation; an empty list means every sector (or region). */
export function remitCovers(remit: Remit, org: Pick<OrgRef, 'sector' | 'region'>): boolean {
  if (remit.sectors.length === 0 && remit.regions.length === 0) return false;
  const sectorOk =
    remit.sectors.length === 0 || (org.sector !== null && remit.sectors.includes(org.sector));
  const regionOk =
    remit.regions.length === 0 || (org.region !== null && remit.regions.includes(org.region));
  return sectorOk && regionOk;
}

/**
 * Whether `actor` may do `action`, on `target` when the action concerns one organisation.
 * @example can(actor, 'contact.write', { id, parentId, sector: 'finance', region: 'CN-GD' })
 */
export function can(actor: Actor, action: Action, target?: OrgRef): boolean {
  if (actor.kind === 'system') return true;
  const reach = RULES[actor.role][action];
  if (!reach || !scopeAllows(actor.scopes, ACTIONS[action])) return false;
  if (!target || reach === 'all') return true;
  if (target.id === actor.orgId) return true;
  if (reach === 'own') return false;
  return (
    target.parentId === actor.orgId || (actor.remit !== null && remitCovers(actor.remit, target))
  );
}

/** Throws `forbidden` unless `can` allows. */
export function authorize(actor: Actor, action: Action, target?: OrgRef): void {
  if (!can(actor, action, target))
    throw forbidden(
      `Your role may not ${describe(action)}${target ? ' for this organisation' : ''}`,
    );
}

/** Which organisations a list may show: the SQL filter form of `can(actor, action, org)`. */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'own'; orgId: string }
  | { kind: 'remit'; orgId: string; remit: Remit | null };

export function visibility(actor: Actor, action: Action = 'org.read'): Visibility {
  if (actor.kind === 'system') return { kind: 'all' };
  const reach = RULES[actor.role][action];
  if (!reach || !scopeAllows(actor.scopes, ACTIONS[action])) return { kind: 'none' };
  switch (reach) {
    case 'all':
      return { kind: 'all' };
    case 'own':
      return { kind: 'own', orgId: actor.orgId };
    case 'remit':
      return { kind: 'remit', orgId: actor.orgId, remit: actor.remit };
  }
}

function describe(action: Action): string {
  return action
    .replace('.', ' ')
    .replace('org ', 'organisation ')
    .replace(/^lookup$/, 'look up network owners');
}
