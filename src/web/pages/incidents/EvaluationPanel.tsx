import { Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RulePackSummary } from '../../../contract/rules.js';
import type { DueEscalation, DueObligation, Evaluation } from '../../../core/rules/evaluate.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useLanguage } from '../../i18n/index.js';
import { CertaintyTag, Countdown, packTitle } from './shared.js';

/** The label of one of the pack's grades: evaluations name only the grade they arrived at. */
export function gradeName(evaluation: Evaluation, code: string, language: 'zh-CN' | 'en'): string {
  return evaluation.grade.code === code ? evaluation.grade.label[language] : code;
}

/** Every criterion that gave a grade, with its source and how sure the rule is. */
export function ExplanationList({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (evaluation.explanation.length === 0)
    return <Typography.Text type="secondary">{t('evaluation.noCriteria')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={evaluation.explanation}
      renderItem={(hit) => (
        <List.Item key={hit.criterion}>
          <Space orientation="vertical" size={0} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <Typography.Text>{hit.criterionLabel[language]}</Typography.Text>
              <Typography.Text type="secondary">→</Typography.Text>
              <Tag>{gradeName(evaluation, hit.grade, language)}</Tag>
              <CertaintyTag certainty={hit.certainty} />
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('evaluation.source')}: {hit.source}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Recipients({ recipients }: { recipients: DueObligation['recipients'] }) {
  const language = useLanguage();
  return (
    <>
      {recipients.map((r) => (
        <Tag key={r.id} color="geekblue">
          {r.label[language]}
        </Tag>
      ))}
    </>
  );
}

function Deadline({
  pack,
  item,
}: {
  pack: string;
  item: { kind: 'stage'; o: DueObligation } | { kind: 'escalation'; o: DueEscalation };
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const o = item.o;
  const [ref, label] =
    item.kind === 'stage'
      ? [item.o.stage, item.o.stageLabel[language]]
      : [item.o.escalation, item.o.escalationLabel[language]];
  return (
    <List.Item data-testid={`${item.kind === 'stage' ? 'deadline' : 'escalation'}-${pack}-${ref}`}>
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Typography.Text strong>{label}</Typography.Text>
          {o.certainty !== 'confirmed' && <CertaintyTag certainty={o.certainty} />}
        </Space>
        <Countdown
          due={o.due}
          immediate={o.immediate}
          notStarted={t('evaluation.clockStartsAt', { anchor: t(`anchor.${o.anchor}`) })}
        />
        {!o.calendarCovered && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('evaluation.calendarNotCovered')}
          </Typography.Text>
        )}
        {item.kind === 'escalation' && (
          <div>
            <Typography.Text type="secondary">{t('evaluation.from')}: </Typography.Text>
            <Recipients recipients={item.o.from} />
          </div>
        )}
        <div>
          <Typography.Text type="secondary">{t('evaluation.to')}: </Typography.Text>
          <Recipients recipients={o.recipients} />
        </div>
      </Space>
    </List.Item>
  );
}

function PackCard({ evaluation, title }: { evaluation: Evaluation; title: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const e = evaluation;
  return (
    <Card
      size="small"
      data-testid={`evaluation-${e.pack}`}
      title={<Typography.Text style={{ whiteSpace: 'normal' }}>{title}</Typography.Text>}
      extra={
        <Tag color={e.reportable ? 'red' : 'default'} data-testid={`grade-${e.pack}`}>
          {e.grade.label[language]}
        </Tag>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type={e.reportable ? 'danger' : 'secondary'}>
          {e.reportable ? t('evaluation.reportable') : t('evaluation.notReportable')}
        </Typography.Text>
        <Typography.Text strong>{t('evaluation.why')}</Typography.Text>
        <ExplanationList evaluation={e} />
        {e.obligations.length > 0 && (
          <>
            <Typography.Text strong>{t('evaluation.deadlines')}</Typography.Text>
            <List
              size="small"
              dataSource={e.obligations}
              renderItem={(o) => (
                <Deadline key={o.stage} pack={e.pack} item={{ kind: 'stage', o }} />
              )}
            />
          </>
        )}
        {e.escalations.length > 0 && (
          <>
            <Typography.Text strong>{t('evaluation.escalations')}</Typography.Text>
            <List
              size="small"
              dataSource={e.escalations}
              renderItem={(o) => (
                <Deadline key={o.escalation} pack={e.pack} item={{ kind: 'escalation', o }} />
              )}
            />
          </>
        )}
      </Space>
    </Card>
  );
}

interface EvaluationPanelProps {
  evaluations: Evaluation[] | null;
  loading: boolean;
  error: unknown;
  packs: Map<string, RulePackSummary>;
}

/** What every rule pack says of the facts so far: grade and why, and each deadline ticking. */
export function EvaluationPanel({ evaluations, loading, error, packs }: EvaluationPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const applying = (evaluations ?? [])
    .filter((e) => e.applies)
    .sort((a, b) => Number(b.reportable) - Number(a.reportable));
  const notApplying = (evaluations ?? []).filter((e) => !e.applies);
  return (
    <Card
      data-testid="evaluation-panel"
      title={t('evaluation.title')}
      extra={loading ? <Spin size="small" /> : null}
    >
      <ErrorAlert error={error} />
      {evaluations === null ? (
        <Empty description={t('evaluation.empty')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {applying.length === 0 && <Empty description={t('evaluation.noneApplies')} />}
          {applying.map((e) => (
            <PackCard key={e.pack} evaluation={e} title={packTitle(packs, e.pack, language)} />
          ))}
          {notApplying.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('evaluation.notApplicable')}:{' '}
              {notApplying
                .map((e) => packTitle(packs, e.pack, language))
                .join(t('common.listSeparator'))}
            </Typography.Text>
          )}
        </Space>
      )}
    </Card>
  );
}
