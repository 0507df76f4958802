import { CloudSyncOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Switch, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { Advisory } from '../../../contract/advisories.js';
import { ADVISORY_SOURCES } from '../../../core/advisories/model.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { useSession } from '../../session.js';
import { ImportCard } from './ImportCard.js';
import { CveList, SeverityTag } from './shared.js';

interface Filters {
  q?: string;
  source?: Advisory['source'];
  matched?: boolean;
}

/** Advisories, newest first, with the import of advisory files for those who may. */
export function AdvisoriesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { may } = useSession();
  const [filters, setFilters] = useState<Filters>({});
  const list = useCursorList<Advisory>('/advisories', { ...filters });
  const set = (change: Partial<Filters>) => setFilters((prev) => ({ ...prev, ...change }));

  const columns: TableProps<Advisory>['columns'] = [
    {
      key: 'severity',
      title: t('advisory.severity'),
      render: (_, a) => <SeverityTag advisory={a} />,
    },
    {
      key: 'sourceId',
      title: t('advisory.sourceId'),
      render: (_, a) => (
        <Link to={`/advisories/${a.id}`} data-testid={`advisory-link-${a.id}`}>
          {a.sourceId}
        </Link>
      ),
    },
    {
      key: 'title',
      title: t('advisory.name'),
      render: (_, a) => (
        <Space size={4} wrap>
          {a.title}
          {!a.published && <Tag>{t('advisory.draft')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'source',
      title: t('advisory.source'),
      render: (_, a) => <Tag>{t(`advisorySource.${a.source}`)}</Tag>,
    },
    { key: 'cves', title: t('advisory.cves'), render: (_, a) => <CveList cves={a.cves} /> },
    {
      key: 'matches',
      title: t('advisory.matches'),
      render: (_, a) =>
        a.matchCount > 0 ? (
          <Tag color="red" data-testid={`advisory-matches-${a.id}`}>
            {t('advisory.matchesValue', { assets: a.matchCount, orgs: a.orgCount })}
          </Tag>
        ) : (
          '—'
        ),
    },
    {
      key: 'published',
      title: t('advisory.publishedAt'),
      render: (_, a) => formatTime(a.publishedAt ?? a.createdAt, language),
    },
    {
      key: 'updated',
      title: t('common.updatedAt'),
      render: (_, a) => formatTime(a.updatedAt, language),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('advisory.title')}
        extra={
          <Space wrap>
            {may('advisory.write') && (
              <Button
                icon={<EditOutlined />}
                data-testid="advisory-new"
                onClick={() => void navigate('/advisories/new')}
              >
                {t('advisory.new')}
              </Button>
            )}
            {may('advisory.source') && (
              <Button
                icon={<CloudSyncOutlined />}
                data-testid="advisory-sources"
                onClick={() => void navigate('/advisories/sources')}
              >
                {t('advisorySourceAdmin.title')}
              </Button>
            )}
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16, display: 'flex' }}>
          <Input.Search
            data-testid="advisory-filter-q"
            placeholder={t('advisory.searchPlaceholder')}
            allowClear
            onSearch={(q) => set({ q: q.trim() || undefined })}
            style={{ width: 280 }}
          />
          <Select
            data-testid="advisory-filter-source"
            placeholder={t('advisory.source')}
            allowClear
            style={{ width: 160 }}
            value={filters.source}
            onChange={(source?: Advisory['source']) => set({ source })}
            options={ADVISORY_SOURCES.map((source) => ({
              value: source,
              label: t(`advisorySource.${source}`),
            }))}
          />
          <Space size={8}>
            <Switch
              data-testid="advisory-filter-matched"
              checked={filters.matched ?? false}
              onChange={(matched) => set({ matched: matched || undefined })}
            />
            {t('advisory.matchedOnly')}
          </Space>
        </Space>
        <ErrorAlert error={list.error} />
        <div data-testid="advisory-table">
          <Table
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.items}
            loading={list.loading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('advisory.none') }}
          />
        </div>
        <LoadMore list={list} />
      </Card>
      {may('advisory.import') && <ImportCard onImported={list.reload} />}
    </Space>
  );
}
