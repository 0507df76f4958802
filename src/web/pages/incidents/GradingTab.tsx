import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDetail } from '../../../contract/incidents.js';
import type { RulePackSummary } from '../../../contract/rules.js';
import type { Evaluation, GradeHit } from '../../../core/rules/evaluate.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { gradeName } from './EvaluationPanel.js';
import { CertaintyTag, packTitle } from './shared.js';

interface Override {
  grade: string;
  reason: string;
  by?: string;
  at?: string;
}

interface GradingTabProps {
  incident: IncidentDetail;
  packs: Map<string, RulePackSummary>;
  canGrade: boolean;
  onChange: (incident: IncidentDetail) => void;
}

function OverrideForm({
  incident,
  evaluation,
  pack,
  onChange,
}: {
  incident: IncidentDetail;
  evaluation: Evaluation;
  pack: RulePackSummary | undefined;
  onChange: (incident: IncidentDetail) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ grade: string; reason: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const grades = [...(pack?.grades ?? [])].sort((a, b) => b.rank - a.rank);

  const submit = async (values: { grade: string; reason: string }) => {
    setSaving(true);
    setError(null);
    try {
      onChange(
        await api.post<IncidentDetail>(`/incidents/${incident.id}/grade-overrides`, {
          pack: evaluation.pack,
          grade: values.grade,
          reason: values.reason.trim(),
        }),
      );
      form.resetFields();
      void message.success(t('grading.overrideSaved'));
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      data-testid={`grade-override-${evaluation.pack}`}
      style={{ marginTop: 16 }}
    >
      <Typography.Text strong>{t('grading.override')}</Typography.Text>
      <ErrorAlert error={error} />
      <Form.Item
        name="grade"
        label={t('grading.grade')}
        rules={[{ required: true }]}
        style={{ marginTop: 8 }}
      >
        <Select
          style={{ maxWidth: 320 }}
          data-testid="grade-override-grade"
          options={grades.map((g) => ({
            value: g.code,
            label: g.label[language],
          }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('grading.reason')}
        extra={t('grading.reasonHelp')}
        rules={[{ required: true, whitespace: true, min: 10, max: 5000 }]}
      >
        <Input.TextArea rows={2} data-testid="grade-override-reason" />
      </Form.Item>
      <Button htmlType="submit" loading={saving} data-testid="grade-override-submit">
        {t('grading.submitOverride')}
      </Button>
    </Form>
  );
}

/** Each pack's grade and why, with the sources of the rules, and a hand override for those allowed. */
export function GradingTab({ incident, packs, canGrade, onChange }: GradingTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();

  if (incident.evaluations.length === 0)
    return (
      <div data-testid="incident-grading">
        <Empty description={t('grading.none')} />
      </div>
    );

  return (
    <Space
      orientation="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="incident-grading"
    >
      {incident.evaluations.map((e) => {
        const columns: TableProps<GradeHit>['columns'] = [
          {
            key: 'criterion',
            title: t('grading.criterion'),
            render: (_, hit) => hit.criterionLabel[language],
          },
          {
            key: 'grade',
            title: t('grading.grade'),
            render: (_, hit) => <Tag>{gradeName(e, hit.grade, language)}</Tag>,
          },
          {
            key: 'source',
            title: t('evaluation.source'),
            render: (_, hit) =>
              /^https?:\/\//.test(hit.source) ? (
                <a href={hit.source} target="_blank" rel="noreferrer">
                  {hit.source}
                </a>
              ) : (
                hit.source
              ),
          },
          {
            key: 'certainty',
            title: t('grading.certainty'),
            render: (_, hit) => <CertaintyTag certainty={hit.certainty} />,
          },
        ];
        const override = incident.gradeOverrides[e.pack] as Override | undefined;
        return (
          <Card
            key={e.pack}
            size="small"
            data-testid={`grading-${e.pack}`}
            title={packTitle(packs, e.pack, language)}
            extra={
              <Space size={4}>
                <Tag color={e.reportable ? 'red' : 'default'} data-testid={`grade-${e.pack}`}>
                  {e.grade.label[language]}
                </Tag>
                <Typography.Text type={e.reportable ? 'danger' : 'secondary'}>
                  {e.reportable ? t('evaluation.reportable') : t('evaluation.notReportable')}
                </Typography.Text>
              </Space>
            }
          >
            {override && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('grading.overridden', {
                  grade: gradeName(e, override.grade, language),
                  by: override.by ?? '',
                  at: override.at ? formatTime(override.at, language) : '',
                })}
                description={override.reason}
              />
            )}
            <Table
              size="small"
              rowKey={(hit) => `${hit.criterion}/${hit.grade}`}
              columns={columns}
              dataSource={e.explanation}
              pagination={false}
              locale={{ emptyText: t('evaluation.noCriteria') }}
            />
            {canGrade && (
              <OverrideForm
                incident={incident}
                evaluation={e}
                pack={packs.get(e.pack)}
                onChange={onChange}
              />
            )}
          </Card>
        );
      })}
    </Space>
  );
}
