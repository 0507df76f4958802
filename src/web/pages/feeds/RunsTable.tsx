import { Select, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Feed, FeedRun } from '../../../contract/feeds.js';
import { withQuery } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { RunStatusTag, useCountColumns } from './shared.js';

/** The recent runs, newest first, of every feed or of one; `version` reloads them. */
export function RunsTable({ feeds, version }: { feeds: Feed[]; version: number }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [feedId, setFeedId] = useState<string | undefined>();
  const runs = useFetch<FeedRun[]>(withQuery('/feed-runs', { feedId }), version);
  const countColumns = useCountColumns();

  const columns: TableProps<FeedRun>['columns'] = [
    { key: 'status', title: t('run.status'), render: (_, r) => <RunStatusTag run={r} /> },
    { key: 'feed', title: t('run.feed'), dataIndex: 'feedName' },
    {
      key: 'file',
      title: t('run.file'),
      render: (_, r) => (
        <Link to={`/feeds/runs/${r.id}`} data-testid={`run-link-${r.id}`}>
          {r.fileName}
        </Link>
      ),
    },
    {
      key: 'origin',
      title: t('run.origin'),
      render: (_, r) => <Tag>{t(`runOrigin.${r.origin}`)}</Tag>,
    },
    ...countColumns,
    {
      key: 'started',
      title: t('run.startedAt'),
      render: (_, r) => formatTime(r.startedAt, language),
    },
    {
      key: 'finished',
      title: t('run.finishedAt'),
      render: (_, r) => formatTime(r.finishedAt, language),
    },
  ];

  return (
    <>
      <Select
        data-testid="runs-feed"
        placeholder={t('run.allFeeds')}
        allowClear
        style={{ width: 280, marginBottom: 16 }}
        value={feedId}
        onChange={setFeedId}
        options={feeds.map((f) => ({ value: f.id, label: f.name }))}
      />
      <ErrorAlert error={runs.error} />
      <div data-testid="runs-table">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={runs.data ?? []}
          loading={runs.loading}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('run.none') }}
        />
      </div>
    </>
  );
}
