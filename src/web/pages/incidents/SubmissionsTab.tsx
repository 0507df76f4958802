import { DeleteOutlined, DownloadOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail, Submitted } from '../../../contract/incidents.js';
import type { RulePackSummary } from '../../../contract/rules.js';
import type { Receipt } from '../../../core/reporting/receipt.js';
import { api, newIdempotencyKey } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { downloadJson, evaluationLabels, packTitle } from './shared.js';

type Submission = IncidentDetail['submissions'][number];
type Verification = { valid: boolean; keyId: string; reason: string | null };

const shortSignature = (signature: string) => `${signature.slice(0, 16)}…`;

/** A content value as text: strings as they are, anything else as JSON. */
function contentText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** What a stage report said, field by field. */
function SubmissionContent({ submission }: { submission: Submission }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      styles={{ label: { width: 240 } }}
      data-testid="submission-content"
      items={Object.entries(submission.content).map(([key, value]) => ({
        key,
        label: key,
        children: (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {contentText(value)}
          </Typography.Paragraph>
        ),
      }))}
    />
  );
}

function receiptFile(receipt: Receipt): string {
  return `receipt-${receipt.reference}-${receipt.pack}-${receipt.stage}-v${receipt.version}.json`;
}

/** The signed receipts just issued for a report or a stage submission. */
export function ReceiptsAlert({
  receipts,
  incident,
  packs,
  onClose,
}: {
  receipts: Receipt[];
  incident: IncidentDetail;
  packs: Map<string, RulePackSummary>;
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const labels = evaluationLabels(incident.evaluations);
  return (
    <Alert
      type="success"
      showIcon
      closable={onClose ? { onClose } : undefined}
      data-testid="incident-receipts"
      title={
        receipts.length ? t('receipt.issued', { count: receipts.length }) : t('receipt.noneIssued')
      }
      description={
        receipts.length > 0 && (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {receipts.map((r) => (
              <li key={`${r.pack}/${r.stage}/${r.version}`}>
                {packTitle(packs, r.pack, language)} ·{' '}
                {labels.refs.get(`${r.pack}/stage/${r.stage}`)?.[language] ?? r.stage} · v
                {r.version} · {formatTime(r.receivedAt, language)} ·{' '}
                <Typography.Text code>{shortSignature(r.signature)}</Typography.Text>{' '}
                <Button
                  type="link"
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() => downloadJson(receiptFile(r), r)}
                >
                  {t('receipt.download')}
                </Button>
              </li>
            ))}
          </ul>
        )
      }
      style={{ marginBottom: 16 }}
    />
  );
}

interface StageFormValues {
  stage?: string;
  content?: { key?: string; value?: string }[];
  handlingEndedAt?: Dayjs | null;
}

/** A further stage report (update, final, …): its content as fields, the clocks follow. */
function StageReportForm({
  incident,
  packs,
  onSubmitted,
}: {
  incident: IncidentDetail;
  packs: Map<string, RulePackSummary>;
  onSubmitted: (result: Submitted) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [form] = Form.useForm<StageFormValues>();
  const [key, setKey] = useState(newIdempotencyKey);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const options = incident.evaluations
    .filter((e) => e.obligations.length > 0)
    .map((e) => ({
      label: packTitle(packs, e.pack, language),
      title: e.pack,
      options: e.obligations.map((o) => ({
        value: `${e.pack}/${o.stage}`,
        label: o.stageLabel[language],
      })),
    }));

  // Start the content with the fields the stage asks for.
  const onStage = (value: string) => {
    const [pack, stage] = value.split('/');
    const obligation = incident.evaluations
      .find((e) => e.pack === pack)
      ?.obligations.find((o) => o.stage === stage);
    const stated = (form.getFieldValue('content') as StageFormValues['content']) ?? [];
    const filled = stated.filter((f) => f?.key && f.value);
    const keys = new Set(filled.map((f) => f.key));
    form.setFieldValue('content', [
      ...filled,
      ...(obligation?.requiredFields ?? [])
        .filter((field) => !keys.has(field))
        .map((field) => ({ key: field, value: '' })),
    ]);
  };

  const submit = async (values: StageFormValues) => {
    const [pack, stage] = values.stage!.split('/') as [string, string];
    const content: Record<string, string> = {};
    for (const field of values.content ?? [])
      if (field?.key?.trim() && field.value?.trim()) content[field.key.trim()] = field.value;
    setSaving(true);
    setError(null);
    try {
      const result = await api.post<Submitted>(
        `/incidents/${incident.id}/submissions`,
        {
          pack,
          stage,
          content,
          ...(values.handlingEndedAt
            ? { times: { handlingEndedAt: values.handlingEndedAt.toISOString() } }
            : {}),
        },
        { 'Idempotency-Key': key },
      );
      form.resetFields();
      setKey(newIdempotencyKey());
      onSubmitted(result);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('submission.new')} data-testid="stage-report-form">
      {options.length === 0 ? (
        <Typography.Text type="secondary">{t('submission.noStages')}</Typography.Text>
      ) : (
        <Form<StageFormValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <ErrorAlert error={error} />
          <Form.Item name="stage" label={t('submission.stage')} rules={[{ required: true }]}>
            <Select
              data-testid="stage-select"
              style={{ maxWidth: 480 }}
              options={options}
              onChange={onStage}
            />
          </Form.Item>
          <Typography.Text strong>{t('submission.content')}</Typography.Text>
          <Typography.Paragraph type="secondary">
            {t('submission.contentHelp')}
          </Typography.Paragraph>
          <Form.List name="content">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'key']} style={{ width: 200 }}>
                      <Input placeholder={t('submission.key')} data-testid="content-key" />
                    </Form.Item>
                    <Form.Item name={[field.name, 'value']} style={{ width: 420 }}>
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 6 }}
                        placeholder={t('submission.value')}
                        data-testid="content-value"
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ key: '', value: '' })}
                  style={{ marginBottom: 16 }}
                >
                  {t('submission.addField')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item
            name="handlingEndedAt"
            label={t('submission.handlingEndedAt')}
            extra={t('submission.handlingEndedHelp')}
          >
            <DatePicker showTime data-testid="stage-handling-ended" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="stage-submit">
            {t('submission.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

interface SubmissionsTabProps {
  incident: IncidentDetail;
  packs: Map<string, RulePackSummary>;
  canSubmit: boolean;
  onSubmitted: (result: Submitted) => void;
}

/** Every stage report with its signed receipt, which anyone can check; and a form for the next. */
export function SubmissionsTab({ incident, packs, canSubmit, onSubmitted }: SubmissionsTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const labels = evaluationLabels(incident.evaluations);
  const [verified, setVerified] = useState<Record<string, Verification | 'checking' | Error>>({});
  // Every report's content is shown unless its row is folded.
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const hasContent = (s: Submission) => Object.keys(s.content).length > 0;
  const expanded = incident.submissions
    .filter((s) => hasContent(s) && !folded.has(s.id))
    .map((s) => s.id);
  const onExpand = (open: boolean, s: Submission) =>
    setFolded((prev) => {
      const next = new Set(prev);
      if (open) next.delete(s.id);
      else next.add(s.id);
      return next;
    });

  const verify = async (s: Submission) => {
    setVerified((prev) => ({ ...prev, [s.id]: 'checking' }));
    try {
      const result = await api.post<Verification>('/receipts/verify', s.receipt);
      setVerified((prev) => ({ ...prev, [s.id]: result }));
    } catch (err) {
      setVerified((prev) => ({
        ...prev,
        [s.id]: err instanceof Error ? err : new Error(String(err)),
      }));
    }
  };

  const result = (s: Submission) => {
    const v = verified[s.id];
    if (!v || v === 'checking') return null;
    if (v instanceof Error)
      return (
        <Tag color="red" data-testid="receipt-verify-result">
          {v.message}
        </Tag>
      );
    return v.valid ? (
      <Tag color="green" data-testid="receipt-verify-result">
        {t('receipt.valid', { keyId: v.keyId })}
      </Tag>
    ) : (
      <Tag color="red" data-testid="receipt-verify-result">
        {t('receipt.invalid', { reason: v.reason ?? '' })}
      </Tag>
    );
  };

  const columns: TableProps<Submission>['columns'] = [
    {
      key: 'pack',
      title: t('clock.pack'),
      render: (_, s) => packTitle(packs, s.pack, language),
    },
    {
      key: 'stage',
      title: t('submission.stage'),
      render: (_, s) => labels.refs.get(`${s.pack}/stage/${s.stage}`)?.[language] ?? s.stage,
    },
    { key: 'version', title: t('submission.version'), dataIndex: 'version' },
    {
      key: 'submittedAt',
      title: t('submission.submittedAt'),
      render: (_, s) => formatTime(s.submittedAt, language),
    },
    {
      key: 'submittedBy',
      title: t('submission.submittedBy'),
      render: (_, s) => <span data-testid="submission-submitted-by">{s.submittedBy ?? '—'}</span>,
    },
    {
      key: 'receipt',
      title: t('submission.receipt'),
      render: (_, s) => (
        <Space orientation="vertical" size={2}>
          <Tooltip title={s.receipt.signature}>
            <Typography.Text code copyable={{ text: s.receipt.signature }}>
              {shortSignature(s.receipt.signature)}
            </Typography.Text>
          </Tooltip>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('receipt.keyId')}: {s.receipt.keyId}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'actions',
      render: (_, s) => (
        <Space wrap>
          <Button
            size="small"
            icon={<SafetyOutlined />}
            data-testid="receipt-verify"
            loading={verified[s.id] === 'checking'}
            onClick={() => void verify(s)}
          >
            {t('receipt.verify')}
          </Button>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            data-testid="receipt-download"
            onClick={() => downloadJson(receiptFile(s.receipt), s.receipt)}
          >
            {t('receipt.download')}
          </Button>
          {result(s)}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div data-testid="incident-submissions">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={incident.submissions}
          pagination={false}
          expandable={{
            expandedRowKeys: expanded,
            rowExpandable: hasContent,
            onExpand,
            expandedRowRender: (s) => <SubmissionContent submission={s} />,
          }}
          locale={{ emptyText: t('submission.none') }}
        />
      </div>
      {canSubmit && <StageReportForm incident={incident} packs={packs} onSubmitted={onSubmitted} />}
    </Space>
  );
}
