import { Card, Col, Row, Segmented, Select, Space, Statistic, Table, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feed, FindingMetricsRow, METRIC_GROUPS } from '../../../contract/feeds.js';
import { SECTORS, type Language, type Sector } from '../../../core/registry/vocabulary.js';
import { withQuery } from '../../api.js';
import { ChartPair } from '../../components/ChartPair.js';
import { groupAxis, type ChartOption } from '../../components/EChart.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { OrgSelect } from '../../components/OrgSelect.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { regionLabel, sectorLabel } from '../../labels.js';
import { useSession, useSessionInfo } from '../../session.js';
import { orgNamesFor, useOrgNames } from '../supervision/orgNames.js';

type GroupBy = (typeof METRIC_GROUPS)[number];
/** The contract's list, repeated as a type-checked copy: importing it would bring TypeBox along. */
const GROUPS = ['organisation', 'sector', 'region'] as const satisfies typeof METRIC_GROUPS;
const STATES = ['open', 'fixed', 'verifiedFixed', 'closed'] as const;
const HOURS = ['meanHoursToAcknowledge', 'meanHoursToFix'] as const;
/** The charts show the largest groups only; the table has them all. */
const CHART_GROUPS = 20;

function formatNumber(value: number | null, language: Language, style?: 'percent'): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language, { style, maximumFractionDigits: 1 }).format(value);
}

/** Open, fixed and verified findings and response times, by organisation, sector or region. */
export function MetricsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { may } = useSession();
  const session = useSessionInfo();
  const { token } = theme.useToken();
  const [groupBy, setGroupBy] = useState<GroupBy>('sector');
  const [feedId, setFeedId] = useState<string | undefined>();
  const [orgId, setOrgId] = useState<string | undefined>();
  orgNamesFor(session.user.id);

  const metrics = useFetch<FindingMetricsRow[]>(
    withQuery('/findings/metrics', { groupBy, feedId, orgId }),
  );
  const feeds = useFetch<Feed[]>(may('feed.read') ? '/feeds' : null);
  const rows = useMemo(() => metrics.data ?? [], [metrics.data]);
  const chartRows = rows.slice(0, CHART_GROUPS);
  const names = useOrgNames(groupBy === 'organisation' ? rows.map((r) => r.key) : []);

  const groupLabel = (key: string | null): string => {
    if (key === null) return t(`metrics.noGroup.${groupBy}`);
    switch (groupBy) {
      case 'sector':
        return key in SECTORS ? sectorLabel(key as Sector, language) : key;
      case 'region':
        return regionLabel(key, language);
      case 'organisation': {
        const org = names(key);
        return org ? (language === 'en' ? org.nameEn : org.nameZh) : key;
      }
    }
  };

  const labels = chartRows.map((r) => groupLabel(r.key));
  // Compared by value, so that the charts are drawn again only when what they show changes.
  const labelKey = JSON.stringify(labels);
  const colors: Record<(typeof STATES)[number], string> = {
    open: token.colorWarning,
    fixed: token.colorInfo,
    verifiedFixed: token.colorSuccess,
    closed: token.colorTextQuaternary,
  };
  const colorKey = JSON.stringify(colors);
  const chartHeight = Math.max(200, chartRows.length * 32 + 80);

  const [statesOption, hoursOption] = useMemo((): [ChartOption, ChartOption] => {
    const shown = rows.slice(0, CHART_GROUPS);
    const palette = JSON.parse(colorKey) as typeof colors;
    const categories = groupAxis(JSON.parse(labelKey) as string[]);
    const base = {
      // Drawn at once: the figures matter here, not the motion.
      animation: false,
      grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: 'same' as const },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
      yAxis: categories,
    };
    return [
      {
        ...base,
        xAxis: { type: 'value', minInterval: 1 },
        series: STATES.map((state) => ({
          type: 'bar' as const,
          stack: 'states',
          barMaxWidth: 32,
          name: t(`metrics.${state}`),
          data: shown.map((r) => r[state]),
          itemStyle: { color: palette[state] },
          emphasis: { focus: 'series' as const },
        })),
      },
      {
        ...base,
        xAxis: { type: 'value' },
        series: HOURS.map((key, i) => ({
          type: 'bar' as const,
          name: t(`metrics.${key}`),
          barMaxWidth: 24,
          data: shown.map((r) => r[key]),
          itemStyle: { color: i === 0 ? palette.fixed : palette.verifiedFixed },
          label: { show: true, position: 'right' as const },
        })),
      },
    ];
  }, [rows, labelKey, colorKey, t]);

  const totals = rows.reduce(
    (sum, r) => ({
      total: sum.total + r.total,
      open: sum.open + r.open,
      fixed: sum.fixed + r.fixed,
      verifiedFixed: sum.verifiedFixed + r.verifiedFixed,
      closed: sum.closed + r.closed,
    }),
    { total: 0, open: 0, fixed: 0, verifiedFixed: 0, closed: 0 },
  );

  const number = (key: keyof FindingMetricsRow) => ({
    key,
    title: t(`metrics.${key as Exclude<keyof FindingMetricsRow, 'key'>}`),
    align: 'right' as const,
    render: (_: unknown, r: FindingMetricsRow) =>
      formatNumber(
        r[key] as number | null,
        language,
        key === 'verifiedShare' ? 'percent' : undefined,
      ),
  });

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Card>
        <Space wrap size={[16, 8]}>
          <Segmented<GroupBy>
            data-testid="metrics-group-by"
            value={groupBy}
            onChange={setGroupBy}
            options={GROUPS.map((g) => ({
              value: g,
              label: <span data-testid={`metrics-group-${g}`}>{t(`metrics.groupBy.${g}`)}</span>,
            }))}
          />
          {may('feed.read') && (
            <Select
              data-testid="metrics-feed"
              placeholder={t('metrics.allFeeds')}
              allowClear
              style={{ width: 240 }}
              value={feedId}
              onChange={setFeedId}
              options={(feeds.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
            />
          )}
          <OrgSelect allowClear value={orgId} onChange={setOrgId} style={{ width: 240 }} />
        </Space>
      </Card>

      <ErrorAlert error={metrics.error} />
      <Row gutter={[16, 16]}>
        {(['total', ...STATES] as const).map((key) => (
          <Col key={key} flex="1 1 180px">
            <Card size="small" data-testid={`metrics-${key}`} style={{ height: '100%' }}>
              <Statistic
                title={t(`metrics.${key}`)}
                value={totals[key]}
                styles={{ content: { color: key === 'total' ? undefined : colors[key] } }}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <ChartPair
        charts={[
          { title: t('metrics.statesChart'), option: statesOption, testId: 'chart-finding-states' },
          { title: t('metrics.hoursChart'), option: hoursOption, testId: 'chart-finding-hours' },
        ]}
        height={chartHeight}
        loading={metrics.loading && !metrics.data}
        limitNote={
          rows.length > CHART_GROUPS
            ? t('metrics.chartLimit', { count: CHART_GROUPS, total: rows.length })
            : null
        }
      />

      <Card size="small" title={t('metrics.groups')}>
        <div data-testid="metrics-table">
          <Table<FindingMetricsRow>
            rowKey={(r) => r.key ?? ''}
            size="small"
            dataSource={rows}
            loading={metrics.loading}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('metrics.noData') }}
            columns={[
              {
                key: 'group',
                title: t(`metrics.groupBy.${groupBy}`),
                render: (_, r) => groupLabel(r.key),
              },
              number('total'),
              number('open'),
              number('fixed'),
              number('verifiedFixed'),
              number('closed'),
              number('meanHoursToAcknowledge'),
              number('meanHoursToFix'),
              number('verifiedShare'),
            ]}
          />
        </div>
      </Card>
    </Space>
  );
}
