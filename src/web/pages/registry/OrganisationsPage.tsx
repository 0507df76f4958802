import { SearchOutlined } from '@ant-design/icons';
import { Card, Input, Select, Space, Table, Tag, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Organisation, OrganisationListQuery } from '../../../contract/registry.js';
import {
  CN_REGIONS,
  ORG_KINDS,
  SECTOR_CODES,
  type OrgKind,
  type Sector,
} from '../../../core/registry/vocabulary.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName, regionLabel, sectorLabel } from '../../labels.js';

type Sort = NonNullable<OrganisationListQuery['sort']>;

interface Filters {
  q?: string;
  kind?: OrgKind;
  sector?: Sector;
  region?: string;
  cii?: boolean;
  sort?: Sort;
}

export function OrganisationsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [filters, setFilters] = useState<Filters>({ q: '', sort: 'name' });
  const list = useCursorList<Organisation>('/organisations', { ...filters });
  const set = (change: Partial<Filters>) => setFilters((prev) => ({ ...prev, ...change }));

  // Search as the user types, once typing pauses.
  const [text, setText] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setFilters((prev) => ({ ...prev, q: text.trim() })), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const sortOrder = (column: 'name' | 'created') =>
    filters.sort === column ? 'ascend' : filters.sort === `-${column}` ? 'descend' : null;

  const columns: TableProps<Organisation>['columns'] = [
    {
      key: 'name',
      title: t('org.name'),
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, org) => (
        <Link to={`/registry/organisations/${org.id}`}>{orgName(org, language)}</Link>
      ),
    },
    { key: 'kind', title: t('org.kind'), render: (_, org) => t(`orgKind.${org.kind}`) },
    {
      key: 'sector',
      title: t('org.sector'),
      render: (_, org) => sectorLabel(org.sector, language),
    },
    {
      key: 'region',
      title: t('org.region'),
      render: (_, org) => regionLabel(org.region, language),
    },
    {
      key: 'cii',
      title: t('org.cii'),
      render: (_, org) => org.cii.designated && <Tag color="red">{t('org.ciiTag')}</Tag>,
    },
    {
      key: 'created',
      title: t('common.createdAt'),
      sorter: true,
      sortOrder: sortOrder('created'),
      render: (_, org) => formatTime(org.createdAt, language),
    },
  ];

  const onChange: TableProps<Organisation>['onChange'] = (_pagination, _filters, sorter) => {
    const { columnKey, order } = Array.isArray(sorter) ? (sorter[0] ?? {}) : sorter;
    if (columnKey !== 'name' && columnKey !== 'created') return set({ sort: undefined });
    set({
      sort: order === 'descend' ? `-${columnKey}` : order === 'ascend' ? columnKey : undefined,
    });
  };

  return (
    <Card title={t('nav.organisations')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          data-testid="org-search"
          prefix={<SearchOutlined />}
          placeholder={t('org.searchPlaceholder')}
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: 280 }}
        />
        <Select
          data-testid="org-filter-kind"
          placeholder={t('org.kind')}
          allowClear
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(kind) => set({ kind })}
          options={ORG_KINDS.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
        />
        <Select
          data-testid="org-filter-sector"
          placeholder={t('org.sector')}
          allowClear
          style={{ width: 180 }}
          value={filters.sector}
          onChange={(sector) => set({ sector })}
          options={SECTOR_CODES.map((code) => ({
            value: code,
            label: sectorLabel(code, language),
          }))}
        />
        <Select
          data-testid="org-filter-region"
          placeholder={t('org.region')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 180 }}
          value={filters.region}
          onChange={(region) => set({ region })}
          options={Object.keys(CN_REGIONS).map((code) => ({
            value: code,
            label: regionLabel(code, language),
          }))}
        />
        <Select
          data-testid="org-filter-cii"
          placeholder={t('org.cii')}
          allowClear
          style={{ width: 160 }}
          value={filters.cii}
          onChange={(cii) => set({ cii })}
          options={[
            { value: true, label: t('org.ciiOnly') },
            { value: false, label: t('org.nonCiiOnly') },
          ]}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <div data-testid="org-table">
        <Table
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          onChange={onChange}
        />
      </div>
      <LoadMore list={list} />
    </Card>
  );
}
