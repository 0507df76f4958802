import { AlertOutlined, EditOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Descriptions,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type DescriptionsProps,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type {
  AdvisoryDetail,
  AdvisoryRevision,
  AffectedProductView,
} from '../../../contract/advisories.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { useSession } from '../../session.js';
import { MatchesTable } from './MatchesTable.js';
import { ProductStatusTag, SeverityTag, useCategoryLabel } from './shared.js';

type Remediation = AdvisoryDetail['remediations'][number];

/** One advisory in full: its facts, products, remediations, history and the assets it matches. */
export function AdvisoryDetailPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const { may } = useSession();
  const { id = '' } = useParams();
  const fetched = useFetch<AdvisoryDetail>(`/advisories/${id}`);
  const revisions = useFetch<AdvisoryRevision[]>(`/advisories/${id}/revisions`);
  const categoryLabel = useCategoryLabel();
  const advisory = fetched.data;
  if (!advisory) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;

  const facts: DescriptionsProps['items'] = [
    {
      key: 'source',
      label: t('advisory.source'),
      children: <Tag>{t(`advisorySource.${advisory.source}`)}</Tag>,
    },
    {
      key: 'sourceId',
      label: t('advisory.sourceId'),
      children: (
        <Typography.Text copyable data-testid="advisory-source-id">
          {advisory.sourceId}
        </Typography.Text>
      ),
    },
    { key: 'revision', label: t('advisory.revision'), children: advisory.revision },
    { key: 'publisher', label: t('advisory.publisher'), children: advisory.publisher ?? '—' },
    {
      key: 'severity',
      label: t('advisory.severity'),
      children: <SeverityTag advisory={advisory} />,
    },
    { key: 'tlp', label: t('incident.tlp'), children: advisory.tlp ?? '—' },
    {
      key: 'publishedAt',
      label: t('advisory.publishedAt'),
      children: formatTime(advisory.publishedAt, language) || '—',
    },
    {
      key: 'sourceUpdatedAt',
      label: t('advisory.sourceUpdatedAt'),
      children: formatTime(advisory.sourceUpdatedAt, language) || '—',
    },
    {
      key: 'updatedAt',
      label: t('common.updatedAt'),
      children: formatTime(advisory.updatedAt, language),
    },
    {
      key: 'cves',
      label: t('advisory.cves'),
      span: 3,
      children: (
        <Space size={[4, 4]} wrap data-testid="advisory-cves">
          {advisory.cves.map((cve) => (
            <Tag key={cve}>{cve}</Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <SeverityTag advisory={advisory} />
            <span data-testid="advisory-title">{advisory.title}</span>
            {!advisory.published && <Tag>{t('advisory.draft')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {advisory.source === 'fenghuo' && may('advisory.write') && (
              <Button
                icon={<EditOutlined />}
                data-testid="advisory-edit"
                onClick={() => void navigate(`/advisories/${advisory.id}/edit`)}
              >
                {t('advisory.edit')}
              </Button>
            )}
            {may('warning.issue') && (
              <Button
                type="primary"
                danger
                icon={<AlertOutlined />}
                data-testid="advisory-issue-warning"
                onClick={() => void navigate(`/warnings/new?advisory=${advisory.id}`)}
              >
                {t('advisory.issueWarning')}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} items={facts} />
        {advisory.summary && (
          <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>
            {advisory.summary}
          </Typography.Paragraph>
        )}
      </Card>

      {advisory.kev && (
        <Card title={t('advisory.kev')} data-testid="advisory-kev">
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'name',
                label: t('advisory.kevName'),
                children: advisory.kev.vulnerabilityName,
              },
              { key: 'added', label: t('advisory.kevDateAdded'), children: advisory.kev.dateAdded },
              {
                key: 'due',
                label: t('advisory.kevDueDate'),
                children: <Typography.Text strong>{advisory.kev.dueDate}</Typography.Text>,
              },
              {
                key: 'ransomware',
                label: t('advisory.kevRansomware'),
                children: advisory.kev.knownRansomware ? (
                  <Tag color="red">{t('common.yes')}</Tag>
                ) : (
                  t('common.no')
                ),
              },
              {
                key: 'action',
                label: t('advisory.kevRequiredAction'),
                span: 2,
                children: advisory.kev.requiredAction,
              },
            ]}
          />
        </Card>
      )}

      {may('match.read') && (
        <Card title={t('advisory.matchesTitle')}>
          <MatchesTable advisoryId={advisory.id} />
        </Card>
      )}

      <Card title={t('advisory.products')}>
        <div data-testid="advisory-products">
          <Table<AffectedProductView>
            rowKey="ref"
            size="small"
            dataSource={advisory.products}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'name', title: t('advisory.productName'), dataIndex: 'name' },
              { key: 'vendor', title: t('asset.vendor'), render: (_, p) => p.vendor ?? '—' },
              { key: 'product', title: t('asset.product'), render: (_, p) => p.product ?? '—' },
              {
                key: 'versions',
                title: t('advisory.versions'),
                render: (_, p) => <Typography.Text code>{p.versions}</Typography.Text>,
              },
              {
                key: 'status',
                title: t('advisory.status'),
                render: (_, p) => <ProductStatusTag status={p.status} />,
              },
              {
                key: 'ids',
                title: t('advisory.identifiers'),
                render: (_, p) =>
                  [p.cpe, p.purl]
                    .filter((value): value is string => value !== null)
                    .map((value) => (
                      <div key={value}>
                        <Typography.Text code>{value}</Typography.Text>
                      </div>
                    )),
              },
            ]}
          />
        </div>
      </Card>

      <Card title={t('advisory.remediations')}>
        <Table<Remediation>
          rowKey={(r) => `${r.category}:${r.text}`}
          size="small"
          dataSource={advisory.remediations}
          pagination={false}
          locale={{ emptyText: t('advisory.noRemediations') }}
          columns={[
            {
              key: 'category',
              title: t('advisory.category'),
              render: (_, r) => <Tag>{categoryLabel(r.category)}</Tag>,
            },
            {
              key: 'text',
              title: t('advisory.text'),
              render: (_, r) => (
                <>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                  {r.url && (
                    <a href={r.url} target="_blank" rel="noreferrer noopener">
                      {r.url}
                    </a>
                  )}
                </>
              ),
            },
            {
              key: 'products',
              title: t('advisory.products'),
              render: (_, r) => r.products.join(t('common.listSeparator')),
            },
          ]}
        />
      </Card>

      <Card title={t('advisory.references')}>
        {advisory.references.length === 0 ? (
          <Typography.Text type="secondary">{t('advisory.noReferences')}</Typography.Text>
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {advisory.references.map((r) => (
              <li key={r.url}>
                <a href={r.url} target="_blank" rel="noreferrer noopener">
                  {r.summary ?? r.url}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t('advisory.revisions')}>
        <ErrorAlert error={revisions.error} />
        <div data-testid="advisory-revisions">
          <Table<AdvisoryRevision>
            rowKey="id"
            size="small"
            dataSource={revisions.data ?? []}
            loading={revisions.loading}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            columns={[
              { key: 'revision', title: t('advisory.revision'), dataIndex: 'revision' },
              {
                key: 'at',
                title: t('advisory.importedAt'),
                render: (_, r) => formatTime(r.importedAt, language),
              },
              { key: 'by', title: t('advisory.importedBy'), dataIndex: 'importedBy' },
              {
                key: 'origin',
                title: t('advisory.origin'),
                render: (_, r) => <Tag>{r.origin}</Tag>,
              },
              {
                key: 'changes',
                title: t('advisory.changes'),
                render: (_, r) => (
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {r.changes.map((change) => (
                      <li key={change}>{change}</li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </div>
      </Card>
    </Space>
  );
}
