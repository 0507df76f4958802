import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  Advisory,
  AdvisoryInput,
  AdvisoryMatch,
  AffectedProductView,
} from '../../../contract/advisories.js';

const SEVERITY_COLORS: Record<NonNullable<Advisory['severity']>, string> = {
  critical: 'magenta',
  high: 'red',
  medium: 'orange',
  low: 'blue',
};

/** The severity, with the CVSS base score beside it when the source gives one. */
export function SeverityTag({ advisory }: { advisory: Pick<Advisory, 'severity' | 'cvss'> }) {
  const { t } = useTranslation();
  if (!advisory.severity) return advisory.cvss === null ? '—' : <Tag>{advisory.cvss}</Tag>;
  return (
    <Tag color={SEVERITY_COLORS[advisory.severity]}>
      {t(`severity.${advisory.severity}`)}
      {advisory.cvss !== null && ` ${advisory.cvss}`}
    </Tag>
  );
}

// From the surest to the least sure: an exact identifier, a version in range, the names only.
const CONFIDENCE_COLORS: Record<AdvisoryMatch['confidence'], string> = {
  identifier: 'green',
  range: 'blue',
  name: 'gold',
};

export function ConfidenceTag({
  confidence,
  testId,
}: {
  confidence: AdvisoryMatch['confidence'];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`confidenceHelp.${confidence}`)}>
      <Tag color={CONFIDENCE_COLORS[confidence]} data-testid={testId}>
        {t(`confidence.${confidence}`)}
      </Tag>
    </Tooltip>
  );
}

const STATUS_COLORS: Record<AffectedProductView['status'], string> = {
  affected: 'red',
  fixed: 'green',
  not_affected: 'default',
  under_investigation: 'gold',
};

export function ProductStatusTag({ status }: { status: AffectedProductView['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`productStatus.${status}`)}</Tag>;
}

/** The first CVEs and how many more there are, for a table cell. */
export function CveList({ cves, shown = 3 }: { cves: string[]; shown?: number }) {
  const { t } = useTranslation();
  if (cves.length === 0) return '—';
  return (
    <Tooltip title={cves.length > shown ? cves.join(t('common.listSeparator')) : undefined}>
      <span>
        {cves.slice(0, shown).join(t('common.listSeparator'))}
        {cves.length > shown && ` ${t('advisory.moreCves', { count: cves.length - shown })}`}
      </span>
    </Tooltip>
  );
}

/** The contract's CSAF remediation categories, repeated as a type-checked copy. */
export const REMEDIATION_CATEGORIES = [
  'vendor_fix',
  'mitigation',
  'workaround',
  'none_available',
  'no_fix_planned',
] as const satisfies readonly AdvisoryInput['remediations'][number]['category'][];

/** A remediation's category by name; a category the list does not know, as the source has it. */
export function useCategoryLabel(): (category: string) => string {
  const { t } = useTranslation();
  return (category) => {
    const known = REMEDIATION_CATEGORIES.find((c) => c === category);
    return known ? t(`remediationCategory.${known}`) : category;
  };
}
