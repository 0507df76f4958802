import type { TableColumnType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../contract/feeds.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { FindingOrg } from './FindingFields.js';
import { FindingStateTag, SeverityTag } from './FindingStateTag.js';
import { findingHost } from './states.js';

type Column = TableColumnType<Finding>;

/** The columns the finding tables share, by name; each table picks the ones it shows. */
export function useFindingColumns() {
  const { t } = useTranslation();
  const language = useLanguage();
  return {
    id: { key: 'id', title: t('finding.id'), dataIndex: 'id', width: 80 },
    organisation: {
      key: 'organisation',
      title: t('finding.organisation'),
      render: (_, f) => <FindingOrg finding={f} />,
    },
    host: {
      key: 'host',
      title: t('finding.host'),
      render: (_, f) => <span data-testid={`finding-host-${f.id}`}>{findingHost(f)}</span>,
    },
    port: { key: 'port', title: t('finding.port'), dataIndex: 'port', width: 80 },
    identifier: { key: 'identifier', title: t('finding.identifier'), dataIndex: 'identifier' },
    severity: {
      key: 'severity',
      title: t('finding.severity'),
      render: (_, f) => <SeverityTag severity={f.severity} />,
    },
    state: {
      key: 'state',
      title: t('finding.state'),
      render: (_, f) => <FindingStateTag state={f.state} testId={`finding-state-${f.id}`} />,
    },
    count: {
      key: 'count',
      title: t('finding.count'),
      dataIndex: 'count',
      align: 'right',
      width: 80,
    },
    lastSeen: {
      key: 'lastSeen',
      title: t('finding.lastSeen'),
      render: (_, f) => formatTime(f.lastSeen, language),
    },
    feed: { key: 'feed', title: t('finding.feed'), dataIndex: 'feedName' },
    note: { key: 'note', title: t('finding.note'), dataIndex: 'note' },
  } satisfies Record<string, Column>;
}
