import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { SEVERITIES, type Severity } from '../../../core/feeds/event.js';
import type { FindingState } from './states.js';

const STATE_COLORS: Record<FindingState, string> = {
  open: 'default',
  notified: 'blue',
  acknowledged: 'cyan',
  fixed: 'lime',
  verified_fixed: 'green',
  reopened: 'red',
  false_positive: 'purple',
  not_ours: 'orange',
};

const SEVERITY_COLORS: Record<Severity, string> = {
  critical: 'magenta',
  high: 'red',
  medium: 'orange',
  low: 'blue',
  info: 'default',
};

function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function FindingStateTag({ state, testId }: { state: FindingState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid={testId}>
      {t(`findingState.${state}`)}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useTranslation();
  if (!isSeverity(severity)) return <Tag>{severity}</Tag>;
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`severity.${severity}`)}</Tag>;
}
