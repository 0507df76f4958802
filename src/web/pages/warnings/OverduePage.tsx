import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OverdueRecipient } from '../../../contract/advisories.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName, regionLabel, sectorText } from '../../labels.js';
import { LevelTag } from './shared.js';

/** Recipients past the due date of issued warnings without having remediated, most overdue first. */
export function OverduePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const overdue = useFetch<OverdueRecipient[]>('/warnings/overdue');
  const time = (at: string | null) => formatTime(at, language) || '—';

  return (
    <Card
      title={t('warningOverdue.title')}
      extra={<Typography.Text type="secondary">{t('warningOverdue.help')}</Typography.Text>}
    >
      <ErrorAlert error={overdue.error} />
      <div data-testid="overdue-table">
        <Table<OverdueRecipient>
          rowKey={(r) => `${r.warningId}:${r.orgId}`}
          size="small"
          dataSource={overdue.data ?? []}
          loading={overdue.loading}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('warningOverdue.none') }}
          columns={[
            {
              key: 'level',
              title: t('warning.level'),
              render: (_, r) => <LevelTag level={r.level} />,
            },
            {
              key: 'warning',
              title: t('warning.name'),
              render: (_, r) => (
                <Link to={`/warnings/${r.warningId}`}>
                  {language === 'en' ? r.titleEn : r.titleZh}
                </Link>
              ),
            },
            {
              key: 'org',
              title: t('advisory.organisation'),
              render: (_, r) => (
                <Link to={`/registry/organisations/${r.orgId}`}>{orgName(r, language)}</Link>
              ),
            },
            {
              key: 'sector',
              title: t('org.sector'),
              render: (_, r) => sectorText(r.sector, language) || '—',
            },
            {
              key: 'region',
              title: t('org.region'),
              render: (_, r) => regionLabel(r.region, language) || '—',
            },
            {
              key: 'due',
              title: t('warning.due'),
              render: (_, r) => <Typography.Text type="danger">{time(r.dueAt)}</Typography.Text>,
            },
            {
              key: 'acknowledged',
              title: t('warningTracking.acknowledged'),
              render: (_, r) => time(r.acknowledgedAt),
            },
            {
              key: 'reminded',
              title: t('warningTracking.remindedAt'),
              render: (_, r) => time(r.remindedAt),
            },
            {
              key: 'escalated',
              title: t('warningTracking.escalatedAt'),
              render: (_, r) => time(r.escalatedAt),
            },
          ]}
        />
      </div>
    </Card>
  );
}
