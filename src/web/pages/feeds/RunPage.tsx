import { Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { FeedReject, FeedRunDetail } from '../../../contract/feeds.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { RunCounts, RunStatusTag } from './shared.js';

/** One ingestion run: what it read, its counts and the records it refused. */
export function RunPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { id = '' } = useParams();
  const fetched = useFetch<FeedRunDetail>(`/feed-runs/${id}`);
  const run = fetched.data;
  if (!run) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {t('run.title')}
            <RunStatusTag run={run} />
            <span data-testid="run-file">{run.fileName}</span>
          </Space>
        }
      >
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'feed', label: t('run.feed'), children: run.feedName },
            {
              key: 'origin',
              label: t('run.origin'),
              children: <Tag>{t(`runOrigin.${run.origin}`)}</Tag>,
            },
            { key: 'by', label: t('run.startedBy'), children: run.startedBy },
            { key: 'checkpoint', label: t('run.checkpoint'), children: run.checkpoint },
            {
              key: 'started',
              label: t('run.startedAt'),
              children: formatTime(run.startedAt, language),
            },
            {
              key: 'finished',
              label: t('run.finishedAt'),
              children: formatTime(run.finishedAt, language) || '—',
            },
            {
              key: 'sha256',
              label: t('run.sha256'),
              span: 2,
              children: (
                <Typography.Text code copyable>
                  {run.sha256}
                </Typography.Text>
              ),
            },
            ...(run.error
              ? [
                  {
                    key: 'error',
                    label: t('run.error'),
                    span: 2,
                    children: <Typography.Text type="danger">{run.error}</Typography.Text>,
                  },
                ]
              : []),
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          {t('run.counts')}
        </Typography.Title>
        <RunCounts counts={run.counts} />
      </Card>
      <Card
        title={t('run.rejects')}
        extra={<Typography.Text type="secondary">{t('run.rejectsHelp')}</Typography.Text>}
      >
        <div data-testid="run-rejects">
          <Table<FeedReject>
            rowKey="line"
            size="small"
            dataSource={run.rejects}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
            locale={{ emptyText: t('run.noRejects') }}
            columns={[
              { key: 'line', title: t('run.line'), dataIndex: 'line', width: 80 },
              { key: 'reason', title: t('run.reason'), dataIndex: 'reason', width: 320 },
              {
                key: 'raw',
                title: t('run.raw'),
                render: (_, r) => (
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {r.raw}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </div>
      </Card>
    </Space>
  );
}
