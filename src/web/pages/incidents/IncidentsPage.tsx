import { Card, Cascader, Select, Space, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { IncidentSummary } from '../../../contract/incidents.js';
import { AddButton } from '../../components/AddButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { useSession } from '../../session.js';
import {
  INCIDENT_STATUSES,
  StatusTag,
  TlpTag,
  categoryName,
  categoryOptions,
  type IncidentStatus,
} from './shared.js';

interface Filters {
  status?: IncidentStatus;
  category?: string;
}

export function IncidentsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { hasRole } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const list = useCursorList<IncidentSummary>('/incidents', { ...filters });
  const set = (change: Partial<Filters>) => setFilters((prev) => ({ ...prev, ...change }));

  const columns: TableProps<IncidentSummary>['columns'] = [
    {
      key: 'reference',
      title: t('incident.reference'),
      render: (_, i) => <Link to={`/incidents/${i.id}`}>{i.reference}</Link>,
    },
    { key: 'title', title: t('incident.title'), dataIndex: 'title' },
    {
      key: 'category',
      title: t('incident.category'),
      render: (_, i) => categoryName(i.category, language),
    },
    {
      key: 'status',
      title: t('incident.status'),
      render: (_, i) => <StatusTag status={i.status} />,
    },
    { key: 'tlp', title: t('incident.tlp'), render: (_, i) => <TlpTag tlp={i.tlp} /> },
    {
      key: 'aware',
      title: t('incident.awareAt'),
      render: (_, i) => formatTime(i.awareAt, language),
    },
    {
      key: 'created',
      title: t('common.createdAt'),
      render: (_, i) => formatTime(i.createdAt, language),
    },
  ];

  return (
    <Card title={t('nav.incidents')}>
      {/* Auditors read incidents but report none; the server decides for everyone else. */}
      {!hasRole('auditor') && (
        <AddButton
          label={t('incident.new')}
          testId="incident-new"
          onClick={() => void navigate('/incidents/new')}
        />
      )}
      <Space wrap style={{ marginBottom: 16, display: 'flex' }}>
        <Select
          data-testid="incident-filter-status"
          placeholder={t('incident.status')}
          allowClear
          style={{ width: 180 }}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={INCIDENT_STATUSES.map((status) => ({
            value: status,
            label: t(`incidentStatus.${status}`),
          }))}
        />
        <Cascader
          data-testid="incident-filter-category"
          placeholder={t('incident.category')}
          allowClear
          showSearch
          style={{ width: 300 }}
          options={categoryOptions(language)}
          displayRender={(labels) => labels.at(-1)}
          onChange={(path) => set({ category: path?.at(-1) })}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <div data-testid="incident-table">
        <Table
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
        />
      </div>
      <LoadMore list={list} />
    </Card>
  );
}
