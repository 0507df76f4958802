import { addSeconds } from '../time.js';
import type { Actor, OrgRef, Remit } from '../auth/policy.js';
import { remitCovers } from '../auth/policy.js';
import type { Language } from '../registry/vocabulary.js';

/**
 * Early warnings as the national emergency plan has them (regulation.md §1.3): four colours
 * and, below them, a risk alert; who may issue which; when recipients must have acted.
 */
export const WARNING_LEVELS = ['red', 'orange', 'yellow', 'blue', 'risk_alert'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** What the levels are called in each language the product speaks. */
export const WARNING_LEVEL_NAMES: Record<WarningLevel, Record<Language, string>> = {
  red: { 'zh-CN': '红色预警', en: 'Red warning' },
  orange: { 'zh-CN': '橙色预警', en: 'Orange warning' },
  yellow: { 'zh-CN': '黄色预警', en: 'Yellow warning' },
  blue: { 'zh-CN': '蓝色预警', en: 'Blue warning' },
  risk_alert: { 'zh-CN': '风险提示', en: 'Risk alert' },
};

export const WARNING_STATES = ['draft', 'issued', 'lifted'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

/** What a recipient says of each matched asset. */
export const ASSET_RESPONSES = ['patched', 'mitigated', 'not_affected', 'accepted_risk'] as const;
export type AssetResponse = (typeof ASSET_RESPONSES)[number];

/** Days from issue to the due date when no catalogue date applies (the centre's policy). */
export const DUE_DAYS: Record<WarningLevel, number> = {
  red: 1,
  orange: 3,
  yellow: 7,
  blue: 14,
  risk_alert: 30,
};

/** The due date: a KEV entry's catalogue date (end of that day, UTC), else the level's policy. */
export function defaultDueAt(
  level: WarningLevel,
  issuedAt: string,
  kevDueDate: string | null,
): string {
  if (kevDueDate) return `${kevDueDate}T23:59:59.000Z`;
  return addSeconds(issuedAt, DUE_DAYS[level] * 86_400);
}

export interface Issuer {
  actor: Actor;
  /** The issuing organisation's kind: the national centre is the `coordinator`. */
  orgKind: string;
  remit: Remit | null;
  orgId: string;
}

/**
 * Why the issuer may not issue this level to this audience, or null when it may. Red: only the
 * national centre. Orange and below: a province or department for its own area (every
 * recipient within its remit or under it); the centre for anything, including several areas.
 */
export function issuerRefusal(
  level: WarningLevel,
  issuer: Issuer,
  recipients: readonly OrgRef[],
): string | null {
  if (issuer.actor.kind === 'system' || issuer.orgKind === 'coordinator') return null;
  if (issuer.orgKind !== 'authority')
    return 'only the national centre and the authorities issue warnings';
  if (level === 'red') return 'a red warning is issued by the national centre only';
  const outside = recipients.filter(
    (org) =>
      org.id !== issuer.orgId &&
      org.parentId !== issuer.orgId &&
      !(issuer.remit && remitCovers(issuer.remit, org)),
  );
  if (outside.length === 0) return null;
  return `${outside.length} recipient(s) lie outside your area; a warning spanning several areas is issued by the national centre`;
}
