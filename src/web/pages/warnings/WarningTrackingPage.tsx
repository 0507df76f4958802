import { EditOutlined, StopOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
  theme,
  type DescriptionsProps,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Coverage, Warning, WarningRecipient } from '../../../contract/advisories.js';
import { api } from '../../api.js';
import { ChartPair } from '../../components/ChartPair.js';
import { EChart, groupAxis, type ChartOption } from '../../components/EChart.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName, regionLabel, sectorText } from '../../labels.js';
import { useSession } from '../../session.js';
import { LevelTag, ReasonTags, StateTag, useWording } from './shared.js';

type CoverageRow = Coverage['bySector'][number];
const SERIES = ['total', 'acknowledged', 'remediated'] as const;

/** Lifts an issued warning, with the reason every recipient is told. */
function LiftModal({
  warningId,
  open,
  onClose,
  onLifted,
}: {
  warningId: string;
  open: boolean;
  onClose: () => void;
  onLifted: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const lift = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post<Warning>(`/warnings/${warningId}/lift`, { reason: reason.trim() });
      onLifted();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('warningTracking.liftTitle')}
      open={open}
      onCancel={onClose}
      okText={t('warningTracking.lift')}
      okButtonProps={{ danger: true, htmlType: 'submit', loading: busy }}
      cancelText={t('common.cancel')}
      destroyOnHidden
      modalRender={(dom) => (
        <Form<{ reason: string }> layout="vertical" onFinish={(values) => void lift(values)}>
          {dom}
        </Form>
      )}
    >
      <ErrorAlert error={error} />
      <Form.Item
        name="reason"
        label={t('warningTracking.liftReason')}
        extra={t('warningTracking.liftHelp')}
        rules={[{ required: true, whitespace: true, max: 2000 }]}
      >
        <Input.TextArea rows={3} data-testid="warning-lift-reason" />
      </Form.Item>
    </Modal>
  );
}

/** How far the recipients have got: acknowledged and remediated by sector and region, and over time. */
function CoverageCharts({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { token } = theme.useToken();
  const colors = {
    total: token.colorFillSecondary,
    acknowledged: token.colorInfo,
    remediated: token.colorSuccess,
  };
  const colorKey = JSON.stringify(colors);

  const [sectorOption, regionOption, timelineOption] = useMemo((): [
    ChartOption,
    ChartOption,
    ChartOption,
  ] => {
    const palette = JSON.parse(colorKey) as typeof colors;
    const bars = (rows: CoverageRow[], label: (key: string) => string): ChartOption => ({
      // Drawn at once: the figures matter here, not the motion.
      animation: false,
      grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: 'same' },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: groupAxis(rows.map((r) => label(r.key))),
      series: SERIES.map((key) => ({
        type: 'bar' as const,
        name: t(`warningTracking.${key}`),
        barMaxWidth: 16,
        data: rows.map((r) => r[key]),
        itemStyle: { color: palette[key] },
      })),
    });
    return [
      bars(coverage.bySector, (key) =>
        key === 'none' ? t('warningTracking.noSector') : sectorText(key, language),
      ),
      bars(coverage.byRegion, (key) =>
        key === 'none' ? t('warningTracking.noRegion') : regionLabel(key, language),
      ),
      {
        animation: false,
        grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: 'same' },
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: coverage.timeline.map((p) => p.day) },
        yAxis: { type: 'value', minInterval: 1, max: Math.max(coverage.total, 1) },
        series: (['acknowledged', 'remediated'] as const).map((key) => ({
          type: 'line' as const,
          step: 'end' as const,
          name: t(`warningTracking.${key}`),
          data: coverage.timeline.map((p) => p[key]),
          itemStyle: { color: palette[key] },
        })),
      },
    ];
  }, [coverage, colorKey, language, t]);

  const groups = Math.max(coverage.bySector.length, coverage.byRegion.length);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ChartPair
        charts={[
          {
            title: t('warningTracking.bySector'),
            option: sectorOption,
            testId: 'chart-coverage-sector',
          },
          {
            title: t('warningTracking.byRegion'),
            option: regionOption,
            testId: 'chart-coverage-region',
          },
        ]}
        height={Math.max(160, groups * 48 + 80)}
        loading={false}
        limitNote={null}
      />
      <Card size="small" title={t('warningTracking.timeline')}>
        <EChart option={timelineOption} height={260} testId="chart-coverage-timeline" />
      </Card>
    </Space>
  );
}

/** The recipients with their acknowledgement, remediation and lateness. */
function RecipientsTable({
  recipients,
  loading,
}: {
  recipients: WarningRecipient[];
  loading: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const time = (at: string | null) => formatTime(at, language) || '—';
  return (
    <div data-testid="recipients-table">
      <Table<WarningRecipient>
        rowKey="orgId"
        size="small"
        dataSource={recipients}
        loading={loading}
        pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('warningEditor.noRecipients') }}
        // A row's props are typed without data attributes, which React passes on all the same.
        onRow={(r) => ({ 'data-testid': `recipient-row-${r.orgId}` }) as object}
        columns={[
          {
            key: 'org',
            title: t('advisory.organisation'),
            render: (_, r) => (
              <Link to={`/registry/organisations/${r.orgId}`}>{orgName(r, language)}</Link>
            ),
          },
          {
            key: 'sector',
            title: t('org.sector'),
            render: (_, r) => sectorText(r.sector, language) || '—',
          },
          {
            key: 'region',
            title: t('org.region'),
            render: (_, r) => regionLabel(r.region, language) || '—',
          },
          {
            key: 'reasons',
            title: t('warningEditor.reasons'),
            render: (_, r) => <ReasonTags reasons={r.reasons} />,
          },
          {
            key: 'responded',
            title: t('warningTracking.responded'),
            align: 'right',
            render: (_, r) => `${r.responded} / ${r.assetCount}`,
          },
          {
            key: 'acknowledged',
            title: t('warningTracking.acknowledged'),
            render: (_, r) => (
              <span data-testid={`recipient-acknowledged-${r.orgId}`}>
                {time(r.acknowledgedAt)}
              </span>
            ),
          },
          {
            key: 'remediated',
            title: t('warningTracking.remediated'),
            render: (_, r) => (
              <span data-testid={`recipient-remediated-${r.orgId}`}>{time(r.remediatedAt)}</span>
            ),
          },
          {
            key: 'overdue',
            title: t('warningTracking.overdue'),
            render: (_, r) =>
              r.overdue ? <Tag color="red">{t('warningTracking.overdue')}</Tag> : '—',
          },
          {
            key: 'reminded',
            title: t('warningTracking.remindedAt'),
            render: (_, r) => time(r.remindedAt),
          },
          {
            key: 'escalated',
            title: t('warningTracking.escalatedAt'),
            render: (_, r) => time(r.escalatedAt),
          },
        ]}
      />
    </div>
  );
}

/** A warning as its issuer and supervisors follow it: facts, actions, coverage and recipients. */
export function WarningTrackingPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { may } = useSession();
  const wording = useWording();
  const { token } = theme.useToken();
  const [version, setVersion] = useState(0);
  const [lifting, setLifting] = useState(false);
  const fetched = useFetch<Warning>(`/warnings/${id}`, version);
  const warning = fetched.data;
  const sent = warning !== null && warning.state !== 'draft';
  const coverage = useFetch<Coverage>(sent ? `/warnings/${id}/coverage` : null, version);
  const recipients = useFetch<WarningRecipient[]>(
    sent ? `/warnings/${id}/recipients` : null,
    version,
  );
  if (!warning) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;

  const words = wording(warning);
  const audience = warning.audience;
  const list = (values: string[]) => values.join(t('common.listSeparator'));
  const facts: DescriptionsProps['items'] = [
    { key: 'level', label: t('warning.level'), children: <LevelTag level={warning.level} /> },
    {
      key: 'state',
      label: t('warning.state'),
      children: <StateTag state={warning.state} testId="warning-state" />,
    },
    {
      key: 'issuer',
      label: t('warning.issuer'),
      children: (
        <Link to={`/registry/organisations/${warning.issuerOrgId}`}>
          {orgName({ nameZh: warning.issuerNameZh, nameEn: warning.issuerNameEn }, language)}
        </Link>
      ),
    },
    {
      key: 'advisory',
      label: t('warning.advisory'),
      children: warning.advisoryId ? (
        <Link to={`/advisories/${warning.advisoryId}`}>{warning.advisoryTitle}</Link>
      ) : (
        '—'
      ),
    },
    {
      key: 'issued',
      label: t('warning.issuedAt'),
      children: formatTime(warning.issuedAt, language) || '—',
    },
    { key: 'due', label: t('warning.due'), children: formatTime(warning.dueAt, language) },
    { key: 'version', label: t('warningTracking.version'), children: warning.version },
    {
      key: 'public',
      label: t('warningEditor.public'),
      children: warning.public ? <Tag color="blue">{t('common.yes')}</Tag> : t('common.no'),
    },
    {
      key: 'audience',
      label: t('warningEditor.audience'),
      span: 3,
      children: (
        <Space size={[4, 4]} wrap>
          {audience.matched && <Tag color="red">{t('warningReason.matched')}</Tag>}
          {audience.sectors.length > 0 && (
            <Tag>
              {t('warningEditor.sectors')}:{' '}
              {list(audience.sectors.map((s) => sectorText(s, language)))}
            </Tag>
          )}
          {audience.regions.length > 0 && (
            <Tag>
              {t('warningEditor.regions')}:{' '}
              {list(audience.regions.map((r) => regionLabel(r, language)))}
            </Tag>
          )}
          {audience.orgIds.length > 0 && (
            <Tag>{t('warningTracking.chosenCount', { count: audience.orgIds.length })}</Tag>
          )}
        </Space>
      ),
    },
    ...(warning.state === 'lifted'
      ? [
          {
            key: 'lifted',
            label: t('warningTracking.liftedAt'),
            children: formatTime(warning.liftedAt, language),
          },
          {
            key: 'liftReason',
            label: t('warningTracking.liftReason'),
            span: 2,
            children: warning.liftReason,
          },
        ]
      : []),
  ];

  const stat = (key: 'total' | 'acknowledged' | 'remediated' | 'overdue', color?: string) => (
    <Col xs={12} md={6}>
      <Card size="small" style={{ height: '100%' }}>
        <Statistic
          title={t(`warningTracking.${key}`)}
          value={coverage.data?.[key] ?? 0}
          loading={coverage.loading && !coverage.data}
          styles={{ content: { color } }}
          formatter={(value) => <span data-testid={`coverage-${key}`}>{value}</span>}
        />
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <LevelTag level={warning.level} />
            <span data-testid="warning-title">{words.title}</span>
          </Space>
        }
        extra={
          may('warning.issue') &&
          warning.state !== 'lifted' && (
            <Space wrap>
              <Button
                icon={<EditOutlined />}
                data-testid="warning-edit"
                onClick={() => void navigate(`/warnings/${warning.id}/edit`)}
              >
                {t(sent ? 'warningTracking.update' : 'warningTracking.editDraft')}
              </Button>
              {sent && (
                <Button
                  danger
                  icon={<StopOutlined />}
                  data-testid="warning-lift"
                  onClick={() => setLifting(true)}
                >
                  {t('warningTracking.lift')}
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} items={facts} />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('warningEditor.body')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{words.body}</Typography.Paragraph>
        <Typography.Title level={5}>{t('warningEditor.measures')}</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
          {words.measures}
        </Typography.Paragraph>
      </Card>

      {sent && (
        <>
          <ErrorAlert error={coverage.error ?? recipients.error} />
          <Row gutter={[16, 16]}>
            {stat('total')}
            {stat('acknowledged', token.colorInfo)}
            {stat('remediated', token.colorSuccess)}
            {stat('overdue', token.colorError)}
          </Row>
          {coverage.data && <CoverageCharts coverage={coverage.data} />}
          <Card size="small" title={t('warning.recipients')}>
            <RecipientsTable recipients={recipients.data ?? []} loading={recipients.loading} />
          </Card>
        </>
      )}
      <LiftModal
        warningId={warning.id}
        open={lifting}
        onClose={() => setLifting(false)}
        onLifted={() => {
          void message.success(t('warningTracking.lifted'));
          setVersion((v) => v + 1);
        }}
      />
    </Space>
  );
}
