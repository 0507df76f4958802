import { FileSearchOutlined } from '@ant-design/icons';
import {
  Button,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset, AssetInput } from '../../../contract/registry.js';
import { ASSET_KINDS } from '../../../core/registry/vocabulary.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormModal } from '../../components/FormModal.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { SbomDrawer } from './SbomDrawer.js';

export function AssetsTab({ orgId, canWrite }: { orgId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const list = useCursorList<Asset>(`/organisations/${orgId}/assets`);
  const [adding, setAdding] = useState(false);
  const [sbomsOf, setSbomsOf] = useState<Asset | null>(null);
  const [error, setError] = useState<unknown>(null);

  const remove = (id: string) => {
    setError(null);
    return api.delete(`/assets/${id}`).then(list.reload, setError);
  };

  const columns: TableProps<Asset>['columns'] = [
    { key: 'kind', title: t('asset.kind'), render: (_, a) => t(`assetKind.${a.kind}`) },
    { key: 'name', title: t('asset.name'), dataIndex: 'name' },
    { key: 'vendor', title: t('asset.vendor'), dataIndex: 'vendor' },
    { key: 'product', title: t('asset.product'), dataIndex: 'product' },
    { key: 'version', title: t('asset.version'), dataIndex: 'version' },
    { key: 'cpe', title: t('asset.cpe'), dataIndex: 'cpe', ellipsis: true },
    { key: 'mlpsLevel', title: t('asset.mlpsLevel'), dataIndex: 'mlpsLevel' },
    {
      key: 'flags',
      title: t('asset.flags'),
      render: (_, a) => (
        <>
          {a.cii && <Tag color="red">{t('org.ciiTag')}</Tag>}
          {a.internetFacing && <Tag color="orange">{t('asset.internetFacing')}</Tag>}
        </>
      ),
    },
    {
      key: 'actions',
      render: (_, a) => (
        <Space>
          <Button
            size="small"
            icon={<FileSearchOutlined />}
            data-testid={`asset-sboms-${a.id}`}
            onClick={() => setSbomsOf(a)}
          >
            {t('sbom.button')}
          </Button>
          {canWrite && <DeleteButton onDelete={() => remove(a.id)} />}
        </Space>
      ),
    },
  ];

  return (
    <>
      {canWrite && (
        <AddButton label={t('asset.add')} testId="asset-add" onClick={() => setAdding(true)} />
      )}
      <ErrorAlert error={error ?? list.error} />
      <Table
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
      />
      <LoadMore list={list} />
      <SbomDrawer asset={sbomsOf} onClose={() => setSbomsOf(null)} />
      <FormModal<AssetInput>
        title={t('asset.add')}
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ kind: 'system', cii: false, internetFacing: false }}
        onSubmit={(input) => api.post(`/organisations/${orgId}/assets`, input).then(list.reload)}
      >
        <Form.Item name="kind" label={t('asset.kind')} rules={[{ required: true }]}>
          <Select
            options={ASSET_KINDS.map((kind) => ({ value: kind, label: t(`assetKind.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('asset.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="vendor" label={t('asset.vendor')}>
          <Input />
        </Form.Item>
        <Form.Item name="product" label={t('asset.product')}>
          <Input />
        </Form.Item>
        <Form.Item name="version" label={t('asset.version')}>
          <Input />
        </Form.Item>
        <Form.Item name="cpe" label={t('asset.cpe')}>
          <Input placeholder={t('asset.cpeExample')} />
        </Form.Item>
        <Form.Item name="purl" label={t('asset.purl')}>
          <Input placeholder={t('asset.purlExample')} />
        </Form.Item>
        <Form.Item name="mlpsLevel" label={t('asset.mlpsLevel')}>
          <InputNumber min={1} max={5} precision={0} />
        </Form.Item>
        <Form.Item name="cii" label={t('asset.cii')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="internetFacing" label={t('asset.internetFacing')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormModal>
    </>
  );
}
