import { Form, Input, Select, Table, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, ContactInput } from '../../../contract/registry.js';
import { CONTACT_ROLES, LANGUAGES } from '../../../core/registry/vocabulary.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormModal } from '../../components/FormModal.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';

export function ContactsTab({ orgId, canWrite }: { orgId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const list = useCursorList<Contact>(`/organisations/${orgId}/contacts`);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const remove = (id: string) => {
    setError(null);
    return api.delete(`/contacts/${id}`).then(list.reload, setError);
  };

  const columns: TableProps<Contact>['columns'] = [
    { key: 'name', title: t('contact.name'), dataIndex: 'name' },
    { key: 'email', title: t('contact.email'), dataIndex: 'email' },
    { key: 'phone', title: t('contact.phone'), dataIndex: 'phone' },
    { key: 'role', title: t('contact.role'), render: (_, c) => t(`contactRole.${c.role}`) },
    {
      key: 'language',
      title: t('contact.language'),
      render: (_, c) => t(`language.${c.language}`),
    },
    {
      key: 'pgp',
      title: t('contact.pgpKey'),
      render: (_, c) => (c.pgpKey ? t('common.yes') : t('common.no')),
    },
    ...(canWrite
      ? [
          {
            key: 'actions',
            render: (_: unknown, c: Contact) => <DeleteButton onDelete={() => remove(c.id)} />,
          },
        ]
      : []),
  ];

  return (
    <>
      {canWrite && (
        <AddButton label={t('contact.add')} testId="contact-add" onClick={() => setAdding(true)} />
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
      <FormModal<ContactInput>
        title={t('contact.add')}
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ role: 'security_lead', language: 'zh-CN' }}
        onSubmit={(input) => api.post(`/organisations/${orgId}/contacts`, input).then(list.reload)}
      >
        <Form.Item name="name" label={t('contact.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('contact.email')}
          rules={[{ required: true, type: 'email' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('contact.phone')}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('contact.role')} rules={[{ required: true }]}>
          <Select
            options={CONTACT_ROLES.map((role) => ({
              value: role,
              label: t(`contactRole.${role}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="language" label={t('contact.language')}>
          <Select options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
        </Form.Item>
        <Form.Item name="pgpKey" label={t('contact.pgpKey')}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </FormModal>
    </>
  );
}
