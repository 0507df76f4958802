import { ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Warning } from '../../../contract/advisories.js';
import { WARNING_STATES } from '../../../core/warnings/warning.js';
import { AddButton } from '../../components/AddButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName } from '../../labels.js';
import { useSession } from '../../session.js';
import { LevelTag, StateTag, useTracksWarnings, useWording } from './shared.js';

/** "3 / 5": how many of the recipients have done it. */
function DoneOf({ done, total, testId }: { done: number; total: number; testId: string }) {
  return (
    <Typography.Text
      type={total > 0 && done === total ? 'success' : undefined}
      data-testid={testId}
    >
      {done} / {total}
    </Typography.Text>
  );
}

/** Warnings, latest first: all for issuers and supervisors, those received for operators. */
export function WarningsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { may } = useSession();
  const tracks = useTracksWarnings();
  const wording = useWording();
  const [state, setState] = useState<Warning['state'] | undefined>();
  const list = useCursorList<Warning>('/warnings', { state });
  const now = new Date().toISOString();

  const columns: TableProps<Warning>['columns'] = [
    { key: 'level', title: t('warning.level'), render: (_, w) => <LevelTag level={w.level} /> },
    {
      key: 'title',
      title: t('warning.name'),
      render: (_, w) => (
        <Link to={`/warnings/${w.id}`} data-testid={`warning-link-${w.id}`}>
          {wording(w).title}
        </Link>
      ),
    },
    { key: 'state', title: t('warning.state'), render: (_, w) => <StateTag state={w.state} /> },
    {
      key: 'issuer',
      title: t('warning.issuer'),
      render: (_, w) => orgName({ nameZh: w.issuerNameZh, nameEn: w.issuerNameEn }, language),
    },
    {
      key: 'due',
      title: t('warning.due'),
      render: (_, w) => (
        // Past due while still in force: the recipients should have acted by now.
        <Typography.Text type={w.state === 'issued' && w.dueAt < now ? 'danger' : undefined}>
          {formatTime(w.dueAt, language)}
        </Typography.Text>
      ),
    },
    ...(tracks
      ? [
          {
            key: 'acknowledged',
            title: t('warning.acknowledged'),
            render: (_: unknown, w: Warning) => (
              <DoneOf
                done={w.acknowledgedCount}
                total={w.recipientCount}
                testId={`warning-acknowledged-${w.id}`}
              />
            ),
          },
          {
            key: 'remediated',
            title: t('warning.remediated'),
            render: (_: unknown, w: Warning) => (
              <DoneOf
                done={w.remediatedCount}
                total={w.recipientCount}
                testId={`warning-remediated-${w.id}`}
              />
            ),
          },
        ]
      : []),
    {
      key: 'issued',
      title: t('warning.issuedAt'),
      render: (_, w) => formatTime(w.issuedAt, language) || '—',
    },
  ];

  return (
    <Card
      title={t('warning.title')}
      extra={
        tracks && (
          <Button
            icon={<ClockCircleOutlined />}
            data-testid="warning-overdue"
            onClick={() => void navigate('/warnings/overdue')}
          >
            {t('warningOverdue.title')}
          </Button>
        )
      }
    >
      {may('warning.issue') && (
        <AddButton
          label={t('warning.new')}
          testId="warning-new"
          onClick={() => void navigate('/warnings/new')}
        />
      )}
      <Space wrap style={{ marginBottom: 16, display: 'flex' }}>
        <Select
          data-testid="warning-filter-state"
          placeholder={t('warning.state')}
          allowClear
          style={{ width: 180 }}
          value={state}
          onChange={setState}
          options={WARNING_STATES.map((s) => ({ value: s, label: t(`warningState.${s}`) }))}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <div data-testid="warning-table">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('warning.none') }}
        />
      </div>
      <LoadMore list={list} />
    </Card>
  );
}
