import { Button, Card, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxMessage } from '../../../contract/audit.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';

export function InboxPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const list = useCursorList<InboxMessage>('/inbox');
  const [error, setError] = useState<unknown>(null);

  const markRead = (id: string) => {
    setError(null);
    api.post(`/inbox/${id}/read`).then(list.reload, setError);
  };

  const columns: TableProps<InboxMessage>['columns'] = [
    {
      key: 'subject',
      title: t('inbox.subject'),
      render: (_, m) => <Typography.Text strong={!m.readAt}>{m.subject}</Typography.Text>,
    },
    {
      key: 'createdAt',
      title: t('inbox.receivedAt'),
      render: (_, m) => formatTime(m.createdAt, language),
    },
    {
      key: 'status',
      title: t('inbox.status'),
      render: (_, m) =>
        m.readAt ? <Tag>{t('inbox.read')}</Tag> : <Tag color="blue">{t('inbox.unread')}</Tag>,
    },
    {
      key: 'actions',
      render: (_, m) =>
        !m.readAt && (
          <Button size="small" onClick={() => markRead(m.id)} data-testid="inbox-mark-read">
            {t('inbox.markRead')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('nav.inbox')}>
      <ErrorAlert error={error ?? list.error} />
      <div data-testid="inbox-table">
        <Table
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          expandable={{
            expandedRowRender: (m) => (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {m.body}
              </Typography.Paragraph>
            ),
          }}
        />
      </div>
      <LoadMore list={list} />
    </Card>
  );
}
