import { Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feed } from '../../../contract/feeds.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { CreateFeedModal } from './CreateFeedModal.js';

interface FeedListProps {
  feeds: Feed[];
  loading: boolean;
  canManage: boolean;
  onChange: () => void;
}

/** The feeds with their settings; managers create and delete them here. */
export function FeedList({ feeds, loading, canManage, onChange }: FeedListProps) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const remove = (id: string) => {
    setError(null);
    return api.delete(`/feeds/${id}`).then(onChange, setError);
  };

  const columns: TableProps<Feed>['columns'] = [
    {
      key: 'name',
      title: t('feed.name'),
      render: (_, f) => <Typography.Text strong>{f.name}</Typography.Text>,
    },
    {
      key: 'format',
      title: t('feed.format'),
      render: (_, f) => <Tag>{t(`feedFormat.${f.format}`)}</Tag>,
    },
    { key: 'report', title: t('feed.report'), render: (_, f) => f.report ?? '—' },
    {
      key: 'window',
      title: t('feed.window'),
      render: (_, f) => t('feed.windowValue', { count: f.windowHours }),
    },
    {
      key: 'followUp',
      title: t('feed.followUp'),
      render: (_, f) =>
        t('feed.followUpValue', { resend: f.resendAfterDays, escalate: f.escalateAfterDays }),
    },
    {
      key: 'pull',
      title: t('feed.pullUrl'),
      render: (_, f) =>
        f.pullUrl ? (
          <>
            <Typography.Text code>{f.pullUrl}</Typography.Text>{' '}
            {f.pullEveryMinutes && t('feed.pullEvery', { count: f.pullEveryMinutes })}
          </>
        ) : (
          '—'
        ),
    },
    ...(canManage
      ? [
          {
            key: 'actions',
            render: (_: unknown, f: Feed) => <DeleteButton onDelete={() => remove(f.id)} />,
          },
        ]
      : []),
  ];

  return (
    <>
      {canManage && (
        <AddButton label={t('feed.add')} testId="feed-add" onClick={() => setAdding(true)} />
      )}
      <ErrorAlert error={error} />
      <div data-testid="feed-table">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={feeds}
          loading={loading}
          pagination={false}
          locale={{ emptyText: t('feed.none') }}
        />
      </div>
      <CreateFeedModal open={adding} onClose={() => setAdding(false)} onCreated={onChange} />
    </>
  );
}
