import { Descriptions, Tag, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Finding } from '../../../contract/feeds.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { categoryName } from '../../pages/incidents/shared.js';
import { FindingStateTag, SeverityTag } from './FindingStateTag.js';

/** The organisation a finding belongs to, in the interface language; unmatched when none. */
export function FindingOrg({ finding, link }: { finding: Finding; link?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (!finding.orgId) return <Tag color="warning">{t('finding.unmatched')}</Tag>;
  const name = (language === 'en' ? finding.orgNameEn : finding.orgNameZh) ?? finding.orgId;
  return link ? <Link to={`/registry/organisations/${finding.orgId}`}>{name}</Link> : name;
}

/** Every field of a finding, the source record last, as it was read. */
export function FindingFields({ finding, orgLink }: { finding: Finding; orgLink?: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const time = (value: string | null) => formatTime(value, language) || '—';
  const text = (value: string | number | null) => (value === null ? '—' : value);

  const items: DescriptionsProps['items'] = [
    { key: 'id', label: t('finding.id'), children: finding.id },
    { key: 'feed', label: t('finding.feed'), children: finding.feedName },
    {
      key: 'org',
      label: t('finding.organisation'),
      children: <FindingOrg finding={finding} link={orgLink} />,
    },
    {
      key: 'state',
      label: t('finding.state'),
      children: <FindingStateTag state={finding.state} testId="finding-detail-state" />,
    },
    { key: 'ip', label: t('finding.ip'), children: text(finding.ip) },
    { key: 'port', label: t('finding.port'), children: text(finding.port) },
    { key: 'hostname', label: t('finding.hostname'), children: text(finding.hostname) },
    { key: 'asn', label: t('finding.asn'), children: text(finding.asn) },
    { key: 'url', label: t('finding.url'), span: 2, children: text(finding.url) },
    { key: 'identifier', label: t('finding.identifier'), children: finding.identifier },
    {
      key: 'severity',
      label: t('finding.severity'),
      children: <SeverityTag severity={finding.severity} />,
    },
    { key: 'rsit', label: t('finding.rsit'), children: finding.rsit },
    { key: 'gbt', label: t('finding.gbt'), children: categoryName(finding.gbt, language) },
    { key: 'detail', label: t('finding.detail'), span: 2, children: text(finding.detail) },
    { key: 'count', label: t('finding.count'), children: finding.count },
    { key: 'reminders', label: t('finding.reminders'), children: finding.reminders },
    { key: 'firstSeen', label: t('finding.firstSeen'), children: time(finding.firstSeen) },
    { key: 'lastSeen', label: t('finding.lastSeen'), children: time(finding.lastSeen) },
    { key: 'stateAt', label: t('finding.stateAt'), children: time(finding.stateAt) },
    { key: 'notifiedAt', label: t('finding.notifiedAt'), children: time(finding.notifiedAt) },
    {
      key: 'acknowledgedAt',
      label: t('finding.acknowledgedAt'),
      children: time(finding.acknowledgedAt),
    },
    { key: 'fixedAt', label: t('finding.fixedAt'), children: time(finding.fixedAt) },
    { key: 'verifiedAt', label: t('finding.verifiedAt'), children: time(finding.verifiedAt) },
    { key: 'escalatedAt', label: t('finding.escalatedAt'), children: time(finding.escalatedAt) },
    { key: 'note', label: t('finding.note'), span: 2, children: text(finding.note) },
    {
      key: 'raw',
      label: t('finding.raw'),
      span: 2,
      children: (
        <Typography.Paragraph
          copyable
          data-testid="finding-raw"
          style={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
        >
          {finding.raw}
        </Typography.Paragraph>
      ),
    },
  ];

  return (
    <Descriptions
      bordered
      size="small"
      column={2}
      items={items}
      data-testid={`finding-fields-${finding.id}`}
    />
  );
}
