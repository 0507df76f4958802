import { Form, Input, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Network, NetworkInput } from '../../../contract/registry.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormModal } from '../../components/FormModal.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';

export function NetworksTab({ orgId, canWrite }: { orgId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const list = useCursorList<Network>(`/organisations/${orgId}/networks`);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const remove = (id: string) => {
    setError(null);
    return api.delete(`/networks/${id}`).then(list.reload, setError);
  };

  const columns: TableProps<Network>['columns'] = [
    {
      key: 'type',
      title: t('network.type'),
      render: (_, n) => <Tag>{t(`networkType.${n.type}`)}</Tag>,
    },
    { key: 'value', title: t('network.value'), dataIndex: 'value' },
    { key: 'source', title: t('network.source'), dataIndex: 'source' },
    { key: 'note', title: t('network.note'), dataIndex: 'note' },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      render: (_, n) => formatTime(n.createdAt, language),
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            render: (_: unknown, n: Network) => <DeleteButton onDelete={() => remove(n.id)} />,
          },
        ]
      : []),
  ];

  return (
    <>
      {canWrite && (
        <AddButton label={t('network.add')} testId="network-add" onClick={() => setAdding(true)} />
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
      <FormModal<NetworkInput>
        title={t('network.add')}
        open={adding}
        onClose={() => setAdding(false)}
        onSubmit={(input) => api.post(`/organisations/${orgId}/networks`, input).then(list.reload)}
      >
        <Form.Item
          name="value"
          label={t('network.value')}
          extra={t('network.valueHelp')}
          rules={[{ required: true }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('network.note')}>
          <Input />
        </Form.Item>
      </FormModal>
    </>
  );
}
