import { Descriptions, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedRun, RunCounts as Counts } from '../../../contract/feeds.js';
import type { FEED_FORMATS } from '../../../core/feeds/event.js';

export type FeedFormat = (typeof FEED_FORMATS)[number];
/** The server's list, repeated as a type-checked copy: importing it would bring the parsers along. */
export const FORMATS = [
  'shadowserver',
  'csv',
  'jsonl',
  'stix',
  'misp',
] as const satisfies typeof FEED_FORMATS;

const COUNT_KEYS = [
  'read',
  'parsed',
  'rejected',
  'matched',
  'unmatched',
  'duplicates',
  'notified',
] as const satisfies readonly (keyof Counts)[];

const STATUS_COLORS: Record<FeedRun['status'], string> = {
  running: 'processing',
  completed: 'success',
  failed: 'error',
};

export function RunStatusTag({ run }: { run: Pick<FeedRun, 'status' | 'error'> }) {
  const { t } = useTranslation();
  const tag = <Tag color={STATUS_COLORS[run.status]}>{t(`runStatus.${run.status}`)}</Tag>;
  return run.error ? <Tooltip title={run.error}>{tag}</Tooltip> : tag;
}

/** A run's seven counts, each with the test id `run-count-<name>`. */
export function RunCounts({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      bordered
      size="small"
      layout="vertical"
      column={{ xs: 2, sm: 4, lg: COUNT_KEYS.length }}
      items={COUNT_KEYS.map((key) => ({
        key,
        label: t(`runCount.${key}`),
        children: <span data-testid={`run-count-${key}`}>{counts[key]}</span>,
      }))}
    />
  );
}

/** The counts as table columns, for the list of runs. */
export function useCountColumns() {
  const { t } = useTranslation();
  return COUNT_KEYS.map((key) => ({
    key,
    title: t(`runCount.${key}`),
    align: 'right' as const,
    render: (_: unknown, run: FeedRun) => run.counts[key],
  }));
}
