import { Button, Form, Input, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../contract/incidents.js';
import type { RulePackSummary } from '../../../contract/rules.js';
import { api } from '../../api.js';
import { FormModal } from '../../components/FormModal.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import {
  ClockStateTag,
  Countdown,
  evaluationLabels,
  packTitle,
  type IncidentClock,
} from './shared.js';

interface ClocksTabProps {
  incident: IncidentDetail;
  packs: Map<string, RulePackSummary>;
  canWaive: boolean;
  onChange: (incident: IncidentDetail) => void;
}

/** Every deadline of the incident: who owes what to whom, by when, and whether it was met. */
export function ClocksTab({ incident, packs, canWaive, onChange }: ClocksTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [waiving, setWaiving] = useState<IncidentClock | null>(null);
  const labels = evaluationLabels(incident.evaluations);

  const party = (pack: string, id: string) =>
    id === 'reporter'
      ? t('clock.reporter')
      : (labels.recipients.get(`${pack}/${id}`)?.[language] ?? id);

  const columns: TableProps<IncidentClock>['columns'] = [
    { key: 'pack', title: t('clock.pack'), render: (_, c) => packTitle(packs, c.pack, language) },
    {
      key: 'ref',
      title: t('clock.ref'),
      render: (_, c) => (
        <Space size={4} wrap>
          <Tag color={c.kind === 'stage' ? 'blue' : 'purple'}>{t(`clockKind.${c.kind}`)}</Tag>
          {labels.refs.get(`${c.pack}/${c.kind}/${c.ref}`)?.[language] ?? c.ref}
        </Space>
      ),
    },
    {
      key: 'owed',
      title: t('clock.owed'),
      render: (_, c) => (
        <Typography.Text>
          {c.owedBy.map((id) => party(c.pack, id)).join(t('common.listSeparator'))} →{' '}
          {c.owedTo.map((id) => party(c.pack, id)).join(t('common.listSeparator'))}
        </Typography.Text>
      ),
    },
    {
      key: 'due',
      title: t('clock.due'),
      render: (_, c) => (
        <Countdown
          due={c.dueAt}
          immediate={c.immediate}
          live={c.state === 'pending' || c.state === 'overdue'}
        />
      ),
    },
    {
      key: 'state',
      title: t('clock.state'),
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <ClockStateTag state={c.state} testId={`clock-state-${c.pack}-${c.ref}`} />
          {c.waivedReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.waivedReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'metAt', title: t('clock.metAt'), render: (_, c) => formatTime(c.metAt, language) },
    ...(canWaive
      ? [
          {
            key: 'actions',
            render: (_: unknown, c: IncidentClock) =>
              (c.state === 'pending' || c.state === 'overdue') && (
                <Button
                  size="small"
                  data-testid={`clock-waive-${c.pack}-${c.ref}`}
                  onClick={() => setWaiving(c)}
                >
                  {t('clock.waive')}
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <div data-testid="incident-clocks">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={incident.clocks}
          pagination={false}
          locale={{ emptyText: t('clock.none') }}
        />
      </div>
      <FormModal<{ reason: string }>
        title={t('clock.waiveTitle')}
        open={waiving !== null}
        onClose={() => setWaiving(null)}
        onSubmit={async ({ reason }) =>
          onChange(
            await api.post<IncidentDetail>(`/clocks/${waiving!.id}/waive`, {
              reason: reason.trim(),
            }),
          )
        }
      >
        <Form.Item
          name="reason"
          label={t('clock.reason')}
          extra={t('grading.reasonHelp')}
          rules={[{ required: true, whitespace: true, min: 10, max: 5000 }]}
        >
          <Input.TextArea rows={3} data-testid="clock-waive-reason" />
        </Form.Item>
      </FormModal>
    </>
  );
}
