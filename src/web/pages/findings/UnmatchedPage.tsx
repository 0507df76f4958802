import { Card, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Finding } from '../../../contract/feeds.js';
import type { Query } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFindingColumns } from '../../components/findings/columns.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useSession } from '../../session.js';
import { AssignForm } from './AssignForm.js';

interface QueueProps {
  title: string;
  help: string;
  query: Query;
  testId: string;
  /** The registry corrections name who said "not ours", and why. */
  corrections?: boolean;
}

/** A list of findings waiting for an owner, each with the form that gives it one. */
function FindingQueue({ title, help, query, testId, corrections }: QueueProps) {
  const { t } = useTranslation();
  const { may } = useSession();
  const list = useCursorList<Finding>('/findings', query);
  const columns = useFindingColumns();

  return (
    <Card
      title={title}
      extra={<Typography.Text type="secondary">{help}</Typography.Text>}
      data-testid={testId}
    >
      <ErrorAlert error={list.error} />
      <Table<Finding>
        rowKey="id"
        size="small"
        columns={[
          {
            ...columns.id,
            render: (_, f) => <Link to={`/findings?finding=${f.id}`}>{f.id}</Link>,
          },
          ...(corrections ? [columns.organisation, { ...columns.note, width: 200 }] : []),
          columns.host,
          columns.port,
          columns.identifier,
          columns.feed,
          columns.count,
          columns.lastSeen,
        ]}
        // Under each row, the form that gives it its owner.
        expandable={
          may('finding.assign')
            ? {
                expandedRowKeys: list.items.map((f) => f.id),
                showExpandColumn: false,
                expandedRowRender: (f) => (
                  <AssignForm finding={f} layout="inline" onAssigned={list.reload} />
                ),
              }
            : undefined
        }
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        locale={{ emptyText: t('unmatched.empty') }}
      />
      <LoadMore list={list} />
    </Card>
  );
}

/** The unmatched queue and the registry corrections, for those who give findings owners. */
export function UnmatchedPage() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <FindingQueue
        title={t('unmatched.title')}
        help={t('unmatched.help')}
        query={{ unmatched: true }}
        testId="unmatched-queue"
      />
      <FindingQueue
        title={t('unmatched.corrections')}
        help={t('unmatched.correctionsHelp')}
        query={{ state: 'not_ours' }}
        testId="corrections-queue"
        corrections
      />
    </Space>
  );
}
