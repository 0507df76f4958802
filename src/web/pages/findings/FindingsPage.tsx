import { Button, Card, Input, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Feed, Finding } from '../../../contract/feeds.js';
import { CN_REGIONS, SECTOR_CODES } from '../../../core/registry/vocabulary.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFindingColumns } from '../../components/findings/columns.js';
import { FINDING_STATES } from '../../components/findings/states.js';
import { LoadMore } from '../../components/LoadMore.js';
import { OrgSelect } from '../../components/OrgSelect.js';
import { useCursorList, useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { regionLabel, sectorLabel } from '../../labels.js';
import { useSession } from '../../session.js';
import { FindingDrawer } from './FindingDrawer.js';

/** The filters, kept in the query string so that links (digests, notices) open them. */
const FILTERS = ['feedId', 'identifier', 'orgId', 'sector', 'region', 'state'] as const;
type Filter = (typeof FILTERS)[number] | 'finding';

/** The findings explorer: filters, the list by pages, and a finding in a drawer. */
export function FindingsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { may } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? undefined]));
  const list = useCursorList<Finding>('/findings', filters);
  const feeds = useFetch<Feed[]>(may('feed.read') ? '/feeds' : null);
  const columns = useFindingColumns();
  const open = Number(params.get('finding')) || null;

  const set = (key: Filter, value: string | number | null | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined || value === null || value === '') next.delete(key);
        else next.set(key, String(value));
        return next;
      },
      { replace: key !== 'finding' },
    );

  return (
    <Card>
      <Space wrap style={{ marginBottom: 16, display: 'flex' }}>
        {may('feed.read') && (
          <Select
            data-testid="findings-filter-feed"
            placeholder={t('finding.feed')}
            allowClear
            style={{ width: 220 }}
            value={filters.feedId}
            loading={feeds.loading}
            onChange={(feedId?: string) => set('feedId', feedId)}
            options={(feeds.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
          />
        )}
        <Input.Search
          key={filters.identifier ?? ''}
          data-testid="findings-filter-identifier"
          placeholder={t('findings.identifierPlaceholder')}
          allowClear
          defaultValue={filters.identifier}
          onSearch={(identifier) => set('identifier', identifier.trim())}
          style={{ width: 240 }}
        />
        <OrgSelect
          testId="findings-filter-org"
          allowClear
          value={filters.orgId}
          onChange={(orgId) => set('orgId', orgId)}
          style={{ width: 240 }}
        />
        <Select
          data-testid="findings-filter-sector"
          placeholder={t('org.sector')}
          allowClear
          style={{ width: 160 }}
          value={filters.sector}
          onChange={(sector?: string) => set('sector', sector)}
          options={SECTOR_CODES.map((code) => ({
            value: code,
            label: sectorLabel(code, language),
          }))}
        />
        <Select
          data-testid="findings-filter-region"
          placeholder={t('org.region')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          value={filters.region}
          onChange={(region?: string) => set('region', region)}
          options={Object.keys(CN_REGIONS).map((code) => ({
            value: code,
            label: regionLabel(code, language),
          }))}
        />
        <Select
          data-testid="findings-filter-state"
          placeholder={t('finding.state')}
          allowClear
          style={{ width: 180 }}
          value={filters.state}
          onChange={(state?: string) => set('state', state)}
          options={FINDING_STATES.map((state) => ({
            value: state,
            label: t(`findingState.${state}`),
          }))}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <div data-testid="findings-table">
        <Table<Finding>
          rowKey="id"
          size="small"
          columns={[
            {
              ...columns.id,
              render: (_, f) => (
                <Button
                  type="link"
                  size="small"
                  data-testid={`finding-open-${f.id}`}
                  onClick={() => set('finding', f.id)}
                >
                  {f.id}
                </Button>
              ),
            },
            columns.organisation,
            columns.host,
            columns.port,
            columns.identifier,
            columns.severity,
            columns.state,
            columns.count,
            columns.lastSeen,
          ]}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          locale={{ emptyText: t('findings.empty') }}
        />
      </div>
      <LoadMore list={list} />
      <FindingDrawer
        id={open}
        onClose={() => set('finding', undefined)}
        onChanged={(finding) => {
          list.reload();
          if (finding.id !== open) set('finding', finding.id);
        }}
      />
    </Card>
  );
}
