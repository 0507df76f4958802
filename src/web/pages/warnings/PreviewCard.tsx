import { Alert, Card, Descriptions, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PreviewRecipient, WarningPreview } from '../../../contract/advisories.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName, regionLabel, sectorText } from '../../labels.js';
import { ReasonTags } from './shared.js';

/** Who a warning would reach and why, its due date, and why the user may not issue it, if so. */
export function PreviewCard({ preview }: { preview: WarningPreview }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Card size="small" title={t('warningEditor.previewTitle')} data-testid="warning-preview">
      {preview.refusal && (
        <Alert
          type="error"
          showIcon
          data-testid="preview-refusal"
          title={t('warningEditor.refusal')}
          description={preview.refusal}
          style={{ marginBottom: 16 }}
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={2}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'total',
            label: t('warning.recipients'),
            children: <span data-testid="preview-total">{preview.total}</span>,
          },
          {
            key: 'due',
            label: t('warning.due'),
            children: <span data-testid="preview-due">{formatTime(preview.dueAt, language)}</span>,
          },
        ]}
      />
      <div data-testid="preview-table">
        <Table<PreviewRecipient>
          rowKey="orgId"
          size="small"
          dataSource={preview.recipients}
          pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('warningEditor.noRecipients') }}
          // A row's props are typed without data attributes, which React passes on all the same.
          onRow={(r) => ({ 'data-testid': `preview-row-${r.orgId}` }) as object}
          columns={[
            {
              key: 'name',
              title: t('advisory.organisation'),
              render: (_, r) => orgName(r, language),
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
              render: (_, r) => (
                <ReasonTags reasons={r.reasons} testId={`preview-reasons-${r.orgId}`} />
              ),
            },
            {
              key: 'assets',
              title: t('warningEditor.assets'),
              align: 'right',
              render: (_, r) => (
                <span data-testid={`preview-assets-${r.orgId}`}>{r.assetCount}</span>
              ),
            },
          ]}
        />
      </div>
    </Card>
  );
}
