import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentSummary, IncidentDetail } from '../../../contract/incidents.js';
import type { RulePackSummary } from '../../../contract/rules.js';
import type { ClockState } from '../../../core/reporting/clocks.js';
import { GBT20986_CATEGORIES, findSubcategory } from '../../../core/reporting/taxonomy.js';
import type { Language } from '../../../core/registry/vocabulary.js';
import type { Evaluation } from '../../../core/rules/evaluate.js';
import { FACTS, type FactName } from '../../../core/rules/facts.js';
import type { Certainty } from '../../../core/rules/pack.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';

export type Tlp = IncidentSummary['tlp'];
export type IncidentStatus = IncidentSummary['status'];
export type IncidentClock = IncidentDetail['clocks'][number];
export type Label = Record<Language, string>;

export const NARRATIVE_FIELDS = [
  'measuresTaken',
  'trend',
  'preliminaryCause',
  'attackerLeads',
  'supportRequested',
] as const;
export type NarrativeField = (typeof NARRATIVE_FIELDS)[number];

/** TLP 2.0 levels with the colour FIRST gives each; typed so that none is left out. */
export const TLP_COLORS: Record<Tlp, string> = {
  clear: 'default',
  green: 'green',
  amber: 'orange',
  'amber+strict': 'volcano',
  red: 'red',
};
export const TLP_LEVELS = Object.keys(TLP_COLORS) as Tlp[];

export const STATUS_COLORS: Record<IncidentStatus, string> = {
  reported: 'blue',
  under_assessment: 'gold',
  responding: 'orange',
  contained: 'cyan',
  closed: 'default',
};
export const INCIDENT_STATUSES = Object.keys(STATUS_COLORS) as IncidentStatus[];

const CLOCK_STATE_COLORS: Record<ClockState, string> = {
  pending: 'processing',
  met: 'success',
  met_late: 'warning',
  overdue: 'error',
  waived: 'default',
};

const CERTAINTY_COLORS: Record<Certainty, string> = {
  confirmed: 'green',
  secondary: 'blue',
  draft: 'orange',
  unverified: 'orange',
};

export function TlpTag({ tlp }: { tlp: Tlp }) {
  return <Tag color={TLP_COLORS[tlp]}>TLP:{tlp.toUpperCase()}</Tag>;
}

export function StatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`incidentStatus.${status}`)}</Tag>;
}

export function ClockStateTag({ state, testId }: { state: ClockState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CLOCK_STATE_COLORS[state]} data-testid={testId}>
      {t(`clockState.${state}`)}
    </Tag>
  );
}

/** How sure the rule is: draft and unverified rules are shown in orange, to be read with care. */
export function CertaintyTag({ certainty }: { certainty: Certainty }) {
  const { t } = useTranslation();
  return <Tag color={CERTAINTY_COLORS[certainty]}>{t(`certainty.${certainty}`)}</Tag>;
}

/** "01007 勒索软件事件", or the code alone when it is not a known subcategory. */
export function categoryName(code: string, language: Language): string {
  const sub = findSubcategory(code);
  return sub ? `${code} ${sub.name[language]}` : code;
}

export interface CategoryOption {
  value: string;
  label: string;
  children: { value: string; label: string }[];
}

/** GB/T 20986-2023 as two Cascader levels: categories, then their subcategories. */
export function categoryOptions(language: Language): CategoryOption[] {
  return GBT20986_CATEGORIES.map((category) => ({
    value: category.code,
    label: `${category.code} ${category.name[language]}`,
    children: category.subcategories.map((sub) => ({
      value: sub.code,
      label: `${sub.code} ${sub.name[language]}`,
    })),
  }));
}

/** The Cascader path of a subcategory code. */
export function categoryPath(code: string): string[] {
  const sub = findSubcategory(code);
  return sub ? [sub.categoryCode, sub.code] : [];
}

export function factLabel(name: string, language: Language): string {
  return name in FACTS ? FACTS[name as FactName].label[language] : name;
}

export function factUnit(name: string): string | undefined {
  return name in FACTS ? (FACTS[name as FactName] as { unit?: string }).unit : undefined;
}

/** The current time, updated every `intervalMs` while the component is shown. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "2 d 03:04:05" or "03:04:05". */
export function useFormatDuration(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const total = Math.floor(Math.abs(ms) / 1000);
    const days = Math.floor(total / 86400);
    const pad = (n: number) => String(n).padStart(2, '0');
    const clock = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
    return days > 0 ? `${t('countdown.days', { count: days })} ${clock}` : clock;
  };
}

interface CountdownProps {
  due: string | null;
  immediate: boolean;
  /** Shown when there is no due time yet: the clock has not started. */
  notStarted?: string;
  /** False for a deadline already met or waived: the due time without a countdown. */
  live?: boolean;
  testId?: string;
}

/** A due time with the time left (or overdue, in red), ticking every second. */
export function Countdown({ due, immediate, notStarted, live = true, testId }: CountdownProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const now = useNow();
  const format = useFormatDuration();
  if (immediate) {
    return (
      <span data-testid={testId}>
        <Tag color="red">{t('countdown.immediately')}</Tag>
        {due && <Typography.Text type="secondary">{formatTime(due, language)}</Typography.Text>}
      </span>
    );
  }
  if (!due)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {notStarted ?? t('countdown.notStarted')}
      </Typography.Text>
    );
  const left = Date.parse(due) - now;
  return (
    <span data-testid={testId}>
      {formatTime(due, language)}{' '}
      {live &&
        (left > 0 ? (
          <Typography.Text strong>{t('countdown.left', { time: format(left) })}</Typography.Text>
        ) : (
          <Typography.Text type="danger" strong>
            {t('countdown.overdue', { time: format(left) })}
          </Typography.Text>
        ))}
    </span>
  );
}

/** The loaded rule packs by id, for their titles and grades. */
export function useRulePacks(): Map<string, RulePackSummary> {
  const packs = useFetch<RulePackSummary[]>('/rule-packs');
  return new Map((packs.data ?? []).map((p) => [p.id, p]));
}

export function packTitle(
  packs: Map<string, RulePackSummary>,
  id: string,
  language: Language,
): string {
  return packs.get(id)?.title[language] ?? id;
}

/**
 * The labels of a pack's stages, escalations and recipients, as its evaluations name them;
 * clocks carry only the ids.
 */
export function evaluationLabels(evaluations: readonly Evaluation[]) {
  const refs = new Map<string, Label>();
  const recipients = new Map<string, Label>();
  for (const e of evaluations) {
    for (const o of e.obligations) {
      refs.set(`${e.pack}/stage/${o.stage}`, o.stageLabel);
      for (const r of o.recipients) recipients.set(`${e.pack}/${r.id}`, r.label);
    }
    for (const x of e.escalations) {
      refs.set(`${e.pack}/escalation/${x.escalation}`, x.escalationLabel);
      for (const r of [...x.from, ...x.recipients]) recipients.set(`${e.pack}/${r.id}`, r.label);
    }
  }
  return { refs, recipients };
}

/** Saves a value as a pretty-printed JSON file. */
export function downloadJson(filename: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A fact name as a test id: `impact.personalRecordsLeaked` → `fact-impact-personalRecordsLeaked`. */
export function factTestId(name: string): string {
  return `fact-${name.replaceAll('.', '-')}`;
}
