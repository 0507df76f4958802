import { DownloadOutlined, QuestionCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  theme,
  type TableProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { RulePackSummary } from '../../../contract/rules.js';
import type {
  OverdueClock,
  SUPERVISION_GROUPS,
  SupervisionQuery,
  SupervisionRow,
  TimelinePoint,
} from '../../../contract/supervision.js';
import { SECTORS, type Language, type Sector } from '../../../core/registry/vocabulary.js';
import { api, apiUrl, type Query } from '../../api.js';
import { ChartPair } from '../../components/ChartPair.js';
import { EChart, groupAxis, type ChartOption } from '../../components/EChart.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, regionLabel, sectorLabel } from '../../labels.js';
import { useSessionInfo } from '../../session.js';
import { orgNamesFor, useOrgNames } from './orgNames.js';
import { fillTimeline } from './timeline.js';

type GroupBy = NonNullable<SupervisionQuery['groupBy']>;
/** The contract's list, repeated as a type-checked copy: importing it would bring TypeBox along. */
const GROUPS = [
  'sector',
  'region',
  'operator',
  'parent',
] as const satisfies typeof SUPERVISION_GROUPS;

/** The charts show the worst groups only; the table has them all. */
const CHART_GROUPS = 20;
const STATES = ['onTime', 'late', 'overdue', 'pending'] as const;
/** The deadlines over time: the days back from today, and the states they settled in. */
const TIMELINE_DAYS = 30;
const TIMELINE_STATES = ['onTime', 'late', 'overdue'] as const;

interface Filters {
  groupBy: GroupBy;
  pack?: string;
  range?: [Dayjs, Dayjs];
}

interface Loaded<T, Q> {
  data: T | null;
  /** The query `data` answers, which may be older than the one being loaded. */
  answered: Q | null;
  loading: boolean;
  error: unknown;
}

/** GET with a query, again whenever the query or `reloads` change; a late answer is dropped. */
function useQuery<T, Q extends Query = Query>(
  path: string,
  query: Q,
  reloads: number,
): Loaded<T, Q> {
  const queryKey = JSON.stringify(query);
  const [state, setState] = useState<Loaded<T, Q>>({
    data: null,
    answered: null,
    loading: true,
    error: null,
  });
  useEffect(() => {
    let live = true;
    const asked = JSON.parse(queryKey) as Q;
    // The last answer stays shown while the next one loads.
    setState((prev) => ({ ...prev, loading: true, error: null }));
    api.get<T>(path, asked).then(
      (data) => {
        if (live) setState({ data, answered: asked, loading: false, error: null });
      },
      (error: unknown) => {
        if (live) setState({ data: null, answered: null, loading: false, error });
      },
    );
    return () => {
      live = false;
    };
  }, [path, queryKey, reloads]);
  return state;
}

/** "45 min", "1 h 20 min", "2 d 3 h". */
function useFormatMinutes(): (minutes: number) => string {
  const { t } = useTranslation();
  return (minutes) => {
    const total = Math.max(0, Math.round(minutes));
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const mins = total % 60;
    const parts =
      days > 0
        ? [
            t('supervision.unit.d', { count: days }),
            hours > 0 && t('supervision.unit.h', { count: hours }),
          ]
        : [
            hours > 0 && t('supervision.unit.h', { count: hours }),
            (mins > 0 || hours === 0) && t('supervision.unit.min', { count: mins }),
          ];
    return parts.filter(Boolean).join(' ');
  };
}

function formatPercent(rate: number | null, language: Language): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(
    rate,
  );
}

/**
 * The median over all groups, estimated from the groups' medians weighted by their incidents:
 * the API gives a median per group only.
 */
function overallMedian(rows: readonly SupervisionRow[]): number | null {
  const weighted = rows
    .filter((r) => r.medianMinutesToFirstReport !== null && r.incidents > 0)
    .map((r) => ({ value: r.medianMinutesToFirstReport!, weight: r.incidents }))
    .sort((a, b) => a.value - b.value);
  const total = weighted.reduce((sum, w) => sum + w.weight, 0);
  let seen = 0;
  for (const w of weighted) {
    seen += w.weight;
    if (seen >= total / 2) return w.value;
  }
  return null;
}

/** "3月5日", "Mar 5": a UTC day, short, in the interface language. */
function formatDay(day: string, language: Language): string {
  return new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

/** An organisation's name in the interface language, once fetched; its id until then. */
function OrgName({ id }: { id: string }) {
  const language = useLanguage();
  const names = useOrgNames([id])(id);
  if (!names) return id;
  return language === 'en' ? names.nameEn : names.nameZh;
}

/** A stage's or escalation's label, as the rule pack names it. */
function refLabel(pack: RulePackSummary | undefined, clock: OverdueClock, language: Language) {
  const list = clock.kind === 'escalation' ? pack?.escalations : pack?.stages;
  return list?.find((item) => item.id === clock.ref)?.label[language] ?? clock.ref;
}

export function SupervisionPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const session = useSessionInfo();
  const { token } = theme.useToken();
  const formatMinutes = useFormatMinutes();
  const [filters, setFilters] = useState<Filters>({ groupBy: 'sector' });
  const [reloads, setReloads] = useState(0);
  orgNamesFor(session.user.id);

  const query = {
    groupBy: filters.groupBy,
    pack: filters.pack,
    // Whole days in the user's time zone; `to` is exclusive, so the day after the last one.
    from: filters.range?.[0].startOf('day').toISOString(),
    to: filters.range?.[1].add(1, 'day').startOf('day').toISOString(),
  } satisfies Query;
  const summary = useQuery<SupervisionRow[], typeof query>('/supervision', query, reloads);
  const overdue = useQuery<OverdueClock[]>('/supervision/overdue', {}, reloads);
  const timeline = useQuery<TimelinePoint[]>(
    '/supervision/timeline',
    { days: TIMELINE_DAYS },
    reloads,
  );
  const packList = useFetch<RulePackSummary[]>('/rule-packs');
  const packs = useMemo(
    () => new Map((packList.data ?? []).map((p) => [p.id, p])),
    [packList.data],
  );

  // While another grouping loads, the rows shown are read by the grouping they answer.
  const shownGroupBy = summary.answered?.groupBy ?? filters.groupBy;
  const rows = useMemo(() => summary.data ?? [], [summary.data]);
  const byOrganisation = shownGroupBy === 'operator' || shownGroupBy === 'parent';
  const chartRows = rows.slice(0, CHART_GROUPS);
  const chartNames = useOrgNames(byOrganisation ? chartRows.map((r) => r.key) : []);

  const groupLabel = (key: string | null): string => {
    if (key === null) return t(`supervision.noGroup.${shownGroupBy}`);
    switch (shownGroupBy) {
      case 'sector':
        return key in SECTORS ? sectorLabel(key as Sector, language) : key;
      case 'region':
        return regionLabel(key, language);
      case 'operator':
      case 'parent': {
        const names = chartNames(key);
        return names ? (language === 'en' ? names.nameEn : names.nameZh) : key;
      }
    }
  };

  const overdueRows = (overdue.data ?? []).filter((c) => !filters.pack || c.pack === filters.pack);

  const totals = rows.reduce(
    (sum, r) => ({
      pending: sum.pending + r.pending,
      overdue: sum.overdue + r.overdue,
      late: sum.late + r.late,
      onTime: sum.onTime + r.onTime,
    }),
    { pending: 0, overdue: 0, late: 0, onTime: 0 },
  );
  const settled = totals.onTime + totals.late + totals.overdue;
  const median = overallMedian(rows);

  const labels = chartRows.map((r) => groupLabel(r.key));
  // Compared by value, so that the charts are drawn again only when what they show changes.
  const labelKey = JSON.stringify(labels);
  const colors = {
    onTime: token.colorSuccess,
    late: token.colorWarning,
    overdue: token.colorError,
    pending: token.colorInfo,
  };
  const colorKey = JSON.stringify(colors);
  const chartHeight = Math.max(200, chartRows.length * 28 + 80);

  // Rebuilt when the rows, their labels or the language change: the charts follow them.
  const [onTimeOption, statesOption] = useMemo((): [ChartOption, ChartOption] => {
    const shown = rows.slice(0, CHART_GROUPS);
    const palette = JSON.parse(colorKey) as typeof colors;
    const categories = groupAxis(JSON.parse(labelKey) as string[]);
    const onTime: ChartOption = {
      grid: { left: 8, right: 56, top: 8, bottom: 8, outerBoundsMode: 'same' },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) =>
          typeof value === 'number' ? formatPercent(value / 100, language) : '—',
      },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: categories,
      series: [
        {
          type: 'bar',
          name: t('supervision.onTimeRate'),
          data: shown.map((r) =>
            r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10,
          ),
          itemStyle: { color: palette.onTime },
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    };
    const states: ChartOption = {
      grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: 'same' },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: categories,
      series: STATES.map((state) => ({
        type: 'bar' as const,
        stack: 'states',
        name: t(`supervision.state.${state}`),
        data: shown.map((r) => r[state]),
        itemStyle: { color: palette[state] },
        emphasis: { focus: 'series' as const },
      })),
    };
    return [onTime, states];
  }, [rows, labelKey, colorKey, language, t]);

  const timelineOption = useMemo((): ChartOption => {
    const palette = JSON.parse(colorKey) as typeof colors;
    const points = fillTimeline(timeline.data ?? [], TIMELINE_DAYS, Date.now());
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 8, outerBoundsMode: 'same' },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: {
        type: 'category',
        data: points.map((p) => formatDay(p.day, language)),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: TIMELINE_STATES.map((state) => ({
        type: 'bar' as const,
        stack: 'timeline',
        name: t(`supervision.state.${state}`),
        data: points.map((p) => p[state]),
        itemStyle: { color: palette[state] },
        emphasis: { focus: 'series' as const },
      })),
    };
  }, [timeline.data, colorKey, language, t]);

  const groupColumns: TableProps<SupervisionRow>['columns'] = [
    {
      key: 'group',
      title: t(`supervision.groupBy.${shownGroupBy}`),
      render: (_, r) =>
        byOrganisation && r.key !== null ? (
          <Link to={`/registry/organisations/${r.key}`}>
            <OrgName id={r.key} />
          </Link>
        ) : (
          groupLabel(r.key)
        ),
    },
    { key: 'incidents', title: t('supervision.incidents'), dataIndex: 'incidents', align: 'right' },
    { key: 'pending', title: t('supervision.state.pending'), dataIndex: 'pending', align: 'right' },
    {
      key: 'overdue',
      title: t('supervision.state.overdue'),
      align: 'right',
      render: (_, r) =>
        r.overdue > 0 ? (
          <Typography.Text type="danger" strong>
            {r.overdue}
          </Typography.Text>
        ) : (
          0
        ),
    },
    {
      key: 'late',
      title: t('supervision.state.late'),
      align: 'right',
      render: (_, r) =>
        r.late > 0 ? <Typography.Text type="warning">{r.late}</Typography.Text> : 0,
    },
    { key: 'onTime', title: t('supervision.state.onTime'), dataIndex: 'onTime', align: 'right' },
    {
      key: 'rate',
      title: t('supervision.onTimeRate'),
      align: 'right',
      render: (_, r) => formatPercent(r.onTimeRate, language),
    },
    {
      key: 'median',
      title: t('supervision.medianToFirstReport'),
      align: 'right',
      render: (_, r) =>
        r.medianMinutesToFirstReport === null ? '—' : formatMinutes(r.medianMinutesToFirstReport),
    },
  ];

  const overdueColumns: TableProps<OverdueClock>['columns'] = [
    {
      key: 'reference',
      title: t('incident.reference'),
      render: (_, c) => <Link to={`/incidents/${c.incidentId}`}>{c.reference}</Link>,
    },
    {
      key: 'reporter',
      title: t('incident.reporter'),
      render: (_, c) => (
        <Link to={`/registry/organisations/${c.reporterOrgId}`}>
          {language === 'en' ? c.reporterNameEn : c.reporterName}
        </Link>
      ),
    },
    {
      key: 'pack',
      title: t('clock.pack'),
      render: (_, c) => packs.get(c.pack)?.title[language] ?? c.pack,
    },
    {
      key: 'ref',
      title: t('clock.ref'),
      render: (_, c) => (
        <Space size={4} wrap>
          <Tag color={c.kind === 'escalation' ? 'purple' : 'blue'}>
            {c.kind === 'stage' || c.kind === 'escalation' ? t(`clockKind.${c.kind}`) : c.kind}
          </Tag>
          {refLabel(packs.get(c.pack), c, language)}
        </Space>
      ),
    },
    { key: 'due', title: t('clock.due'), render: (_, c) => formatTime(c.dueAt, language) },
    {
      key: 'late',
      title: t('supervision.howLate'),
      render: (_, c) => (
        <Typography.Text type="danger" strong>
          {formatMinutes(c.minutesLate)}
        </Typography.Text>
      ),
    },
  ];

  const stat = (testId: string, title: string, value: string | number, color?: string) => (
    <Col xs={12} sm={8} xl={4}>
      <Card size="small" data-testid={testId} style={{ height: '100%' }}>
        <Statistic title={title} value={value} styles={{ content: { color } }} />
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
      <Card
        title={t('nav.supervision')}
        extra={
          <Space wrap>
            <Button
              icon={<ReloadOutlined />}
              data-testid="supervision-reload"
              onClick={() => setReloads((n) => n + 1)}
            >
              {t('supervision.reload')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              data-testid="supervision-export"
              href={apiUrl('/supervision', { ...query, format: 'csv' })}
            >
              {t('supervision.export')}
            </Button>
          </Space>
        }
      >
        <Space wrap size={[16, 8]} style={{ display: 'flex' }}>
          <Segmented<GroupBy>
            data-testid="supervision-group-by"
            value={filters.groupBy}
            onChange={(groupBy) => setFilters((prev) => ({ ...prev, groupBy }))}
            options={GROUPS.map((g) => ({
              value: g,
              label: (
                <span data-testid={`supervision-group-${g}`}>{t(`supervision.groupBy.${g}`)}</span>
              ),
            }))}
          />
          <Select
            data-testid="supervision-pack"
            placeholder={t('supervision.allPacks')}
            allowClear
            style={{ width: 280 }}
            value={filters.pack}
            loading={packList.loading}
            onChange={(pack?: string) => setFilters((prev) => ({ ...prev, pack }))}
            options={(packList.data ?? []).map((p) => ({ value: p.id, label: p.title[language] }))}
          />
          <Space size={4} data-testid="supervision-range">
            <DatePicker.RangePicker
              value={filters.range}
              placeholder={[t('supervision.from'), t('supervision.to')]}
              onChange={(dates) =>
                setFilters((prev) => ({
                  ...prev,
                  range: dates?.[0] && dates[1] ? [dates[0], dates[1]] : undefined,
                }))
              }
            />
            <Tooltip title={t('supervision.rangeHelp')}>
              <QuestionCircleOutlined style={{ color: token.colorTextSecondary }} />
            </Tooltip>
          </Space>
        </Space>
      </Card>

      <ErrorAlert error={summary.error} />
      <Row gutter={[16, 16]}>
        {stat(
          'supervision-pending',
          t('supervision.state.pending'),
          totals.pending,
          colors.pending,
        )}
        {stat(
          'supervision-overdue',
          t('supervision.state.overdue'),
          totals.overdue,
          colors.overdue,
        )}
        {stat('supervision-late', t('supervision.state.late'), totals.late, colors.late)}
        {stat('supervision-on-time', t('supervision.state.onTime'), totals.onTime, colors.onTime)}
        {stat(
          'supervision-rate',
          t('supervision.overallOnTimeRate'),
          formatPercent(settled === 0 ? null : totals.onTime / settled, language),
        )}
        <Col xs={12} sm={8} xl={4}>
          <Card size="small" data-testid="supervision-median" style={{ height: '100%' }}>
            <Statistic
              title={
                <Space size={4}>
                  {t('supervision.medianToFirstReport')}
                  <Tooltip title={t('supervision.medianHelp')}>
                    <QuestionCircleOutlined />
                  </Tooltip>
                </Space>
              }
              value={median === null ? '—' : formatMinutes(median)}
            />
          </Card>
        </Col>
      </Row>

      <ChartPair
        charts={[
          { title: t('supervision.onTimeByGroup'), option: onTimeOption, testId: 'chart-on-time' },
          { title: t('supervision.statesByGroup'), option: statesOption, testId: 'chart-states' },
        ]}
        height={chartHeight}
        loading={summary.loading && !summary.data}
        limitNote={
          rows.length > CHART_GROUPS
            ? t('supervision.chartLimit', { count: CHART_GROUPS, total: rows.length })
            : null
        }
      />

      <Card
        size="small"
        title={t('supervision.timelineTitle')}
        extra={
          <Typography.Text type="secondary">
            {t('supervision.timelineHelp', { count: TIMELINE_DAYS })}
          </Typography.Text>
        }
        loading={timeline.loading && !timeline.data}
      >
        <ErrorAlert error={timeline.error} />
        <EChart option={timelineOption} height={280} testId="chart-timeline" />
      </Card>

      <Card size="small" title={t('supervision.groups')}>
        <div data-testid="supervision-table">
          <Table
            rowKey={(r) => r.key ?? ''}
            size="small"
            columns={groupColumns}
            dataSource={rows}
            loading={summary.loading}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('supervision.noData') }}
          />
        </div>
      </Card>

      <Card
        size="small"
        title={t('supervision.overdueTitle')}
        extra={<Typography.Text type="secondary">{t('supervision.overdueHelp')}</Typography.Text>}
      >
        <ErrorAlert error={overdue.error} />
        <div data-testid="overdue-table">
          <Table
            rowKey="clockId"
            size="small"
            columns={overdueColumns}
            dataSource={overdueRows}
            loading={overdue.loading}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            onRow={() => ({ style: { background: token.colorErrorBg } })}
            locale={{ emptyText: t('supervision.noOverdue') }}
          />
        </div>
      </Card>
    </Space>
  );
}
