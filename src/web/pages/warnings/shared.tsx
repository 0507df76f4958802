import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Warning } from '../../../contract/advisories.js';
import { useLanguage } from '../../i18n/index.js';
import { regionLabel, sectorText } from '../../labels.js';
import { useSession } from '../../session.js';

const LEVEL_COLORS: Record<Warning['level'], string> = {
  red: 'red',
  orange: 'orange',
  yellow: 'gold',
  blue: 'blue',
  risk_alert: 'default',
};

export function LevelTag({ level, testId }: { level: Warning['level']; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} data-testid={testId}>
      {t(`warningLevel.${level}`)}
    </Tag>
  );
}

const STATE_COLORS: Record<Warning['state'], string> = {
  draft: 'default',
  issued: 'processing',
  lifted: 'success',
};

export function StateTag({ state, testId }: { state: Warning['state']; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid={testId}>
      {t(`warningState.${state}`)}
    </Tag>
  );
}

/** Why a recipient is reached: `matched`, `sector:X`, `region:X` or `chosen`, as tags. */
export function ReasonTags({ reasons, testId }: { reasons: string[]; testId?: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const label = (reason: string) => {
    if (reason === 'matched' || reason === 'chosen') return t(`warningReason.${reason}`);
    const value = reason.slice(reason.indexOf(':') + 1);
    if (reason.startsWith('sector:'))
      return t('warningReason.sector', { sector: sectorText(value, language) });
    if (reason.startsWith('region:'))
      return t('warningReason.region', { region: regionLabel(value, language) });
    return reason;
  };
  return (
    <Space size={[4, 4]} wrap data-testid={testId}>
      {reasons.map((reason) => (
        <Tag key={reason} color={reason === 'matched' ? 'red' : undefined}>
          {label(reason)}
        </Tag>
      ))}
    </Space>
  );
}

/** The warning's words in the interface language. */
export function useWording() {
  const language = useLanguage();
  return (
    w: Pick<Warning, 'titleZh' | 'titleEn' | 'bodyZh' | 'bodyEn' | 'measuresZh' | 'measuresEn'>,
  ) =>
    language === 'en'
      ? { title: w.titleEn, body: w.bodyEn, measures: w.measuresEn }
      : { title: w.titleZh, body: w.bodyZh, measures: w.measuresZh };
}

/**
 * Whether the user follows warnings (issuers and supervisors: the tracking page) rather than
 * answers them (recipients: their own view of each warning).
 */
export function useTracksWarnings(): boolean {
  const { may } = useSession();
  return may('warning.issue') || !may('warning.respond');
}
