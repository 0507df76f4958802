import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AdvisoryMatch } from '../../../contract/advisories.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { regionLabel, sectorText } from '../../labels.js';
import { ConfidenceTag } from './shared.js';

/** The organisations and assets an advisory matches, as far as the reader may see them. */
export function MatchesTable({ advisoryId }: { advisoryId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const matches = useFetch<AdvisoryMatch[]>(`/advisories/${advisoryId}/matches`);
  const rows = matches.data ?? [];
  const orgs = new Set(rows.map((m) => m.orgId)).size;

  return (
    <>
      <ErrorAlert error={matches.error} />
      {rows.length > 0 && (
        <Typography.Paragraph type="secondary" data-testid="advisory-match-summary">
          {t('advisory.matchesValue', { assets: rows.length, orgs })}
        </Typography.Paragraph>
      )}
      <div data-testid="advisory-matches">
        <Table<AdvisoryMatch>
          rowKey={(m) => `${m.assetId}:${m.componentId ?? ''}:${m.productRef}`}
          size="small"
          dataSource={rows}
          loading={matches.loading}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('advisory.noMatches') }}
          // A row's props are typed without data attributes, which React passes on all the same.
          onRow={(m) => ({ 'data-testid': `match-${m.assetId}` }) as object}
          columns={[
            {
              key: 'org',
              title: t('advisory.organisation'),
              render: (_, m) => (
                <Link to={`/registry/organisations/${m.orgId}`}>
                  {language === 'en' ? m.orgNameEn : m.orgNameZh}
                </Link>
              ),
            },
            {
              key: 'sector',
              title: t('org.sector'),
              render: (_, m) => sectorText(m.sector, language) || '—',
            },
            {
              key: 'region',
              title: t('org.region'),
              render: (_, m) => regionLabel(m.region, language) || '—',
            },
            { key: 'asset', title: t('advisory.asset'), dataIndex: 'assetName' },
            {
              key: 'component',
              title: t('advisory.component'),
              render: (_, m) => m.componentName ?? '—',
            },
            { key: 'version', title: t('advisory.version'), render: (_, m) => m.version ?? '—' },
            {
              key: 'confidence',
              title: t('advisory.confidence'),
              render: (_, m) => (
                <ConfidenceTag confidence={m.confidence} testId={`match-confidence-${m.assetId}`} />
              ),
            },
            { key: 'reason', title: t('advisory.reason'), dataIndex: 'reason' },
          ]}
        />
      </div>
    </>
  );
}
