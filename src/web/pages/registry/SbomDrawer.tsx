import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sbom, SbomComponent } from '../../../contract/advisories.js';
import type { Asset } from '../../../contract/registry.js';
import { api, uploadFile } from '../../api.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { useSession } from '../../session.js';

/** An SBOM's components, fetched when its row is opened. */
function Components({ sbomId }: { sbomId: string }) {
  const { t } = useTranslation();
  const components = useFetch<SbomComponent[]>(`/sboms/${sbomId}/components`);
  const text = (value: string | null) => value ?? '—';
  return (
    <>
      <ErrorAlert error={components.error} />
      <Table<SbomComponent>
        rowKey="id"
        size="small"
        dataSource={components.data ?? []}
        loading={components.loading}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('sbom.componentName'), dataIndex: 'name' },
          { key: 'version', title: t('asset.version'), render: (_, c) => text(c.version) },
          { key: 'vendor', title: t('asset.vendor'), render: (_, c) => text(c.vendor) },
          {
            key: 'purl',
            title: t('asset.purl'),
            render: (_, c) => (c.purl ? <Typography.Text code>{c.purl}</Typography.Text> : '—'),
          },
          {
            key: 'cpe',
            title: t('asset.cpe'),
            render: (_, c) => (c.cpe ? <Typography.Text code>{c.cpe}</Typography.Text> : '—'),
          },
        ]}
      />
    </>
  );
}

/**
 * A system's SBOMs (CycloneDX or SPDX JSON): uploaded, listed with their component counts,
 * opened to their components, removed. Advisories are matched against the components.
 */
export function SbomDrawer({ asset, onClose }: { asset: Asset | null; onClose: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const { may } = useSession();
  const [version, setVersion] = useState(0);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sboms = useFetch<Sbom[]>(asset ? `/assets/${asset.id}/sboms` : null, version);
  const reload = () => setVersion((v) => v + 1);

  const upload = async (file: File) => {
    if (!asset) return;
    setUploading(true);
    setError(null);
    try {
      // SBOMs are small: the button's spinner says enough while one is sent.
      const sbom = await uploadFile<Sbom>(
        `/assets/${asset.id}/sboms`,
        { fileName: file.name },
        file,
        'application/json',
        () => {},
        () => {},
      );
      void message.success(t('sbom.uploaded', { count: sbom.componentCount }));
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setUploading(false);
    }
  };
  const remove = (id: string) => {
    setError(null);
    return api.delete(`/sboms/${id}`).then(reload, setError);
  };

  return (
    <Drawer
      open={asset !== null}
      onClose={onClose}
      size={900}
      title={asset && t('sbom.title', { asset: asset.name })}
      destroyOnHidden
    >
      {may('sbom.write') && (
        <Space orientation="vertical" style={{ marginBottom: 16 }}>
          <div data-testid="sbom-upload">
            <Upload
              accept=".json,application/json"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={uploading}>
                {t('sbom.upload')}
              </Button>
            </Upload>
          </div>
          <Typography.Text type="secondary">{t('sbom.uploadHelp')}</Typography.Text>
        </Space>
      )}
      <ErrorAlert error={error ?? sboms.error} />
      <div data-testid="sbom-table">
        <Table<Sbom>
          rowKey="id"
          size="small"
          dataSource={sboms.data ?? []}
          loading={sboms.loading}
          pagination={false}
          locale={{ emptyText: t('sbom.none') }}
          expandable={{ expandedRowRender: (s) => <Components sbomId={s.id} /> }}
          columns={[
            { key: 'file', title: t('sbom.fileName'), dataIndex: 'fileName' },
            {
              key: 'format',
              title: t('sbom.format'),
              render: (_, s) => (
                <Tag>
                  {s.format === 'cyclonedx' ? 'CycloneDX' : 'SPDX'} {s.specVersion}
                </Tag>
              ),
            },
            { key: 'name', title: t('sbom.name'), render: (_, s) => s.name ?? '—' },
            {
              key: 'components',
              title: t('sbom.components'),
              align: 'right',
              render: (_, s) => <span data-testid={`sbom-count-${s.id}`}>{s.componentCount}</span>,
            },
            { key: 'by', title: t('sbom.uploadedBy'), dataIndex: 'uploadedBy' },
            {
              key: 'at',
              title: t('sbom.uploadedAt'),
              render: (_, s) => formatTime(s.uploadedAt, language),
            },
            ...(may('sbom.write')
              ? [
                  {
                    key: 'actions',
                    render: (_: unknown, s: Sbom) => <DeleteButton onDelete={() => remove(s.id)} />,
                  },
                ]
              : []),
          ]}
        />
      </div>
    </Drawer>
  );
}
