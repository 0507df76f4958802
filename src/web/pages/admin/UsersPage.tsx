import { Button, Card, Form, Input, Select, Space, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User, UserInput } from '../../../contract/auth.js';
import { LANGUAGES, USER_ROLES } from '../../../core/registry/vocabulary.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormModal } from '../../components/FormModal.js';
import { LoadMore } from '../../components/LoadMore.js';
import { OrgSelect } from '../../components/OrgSelect.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';

export function UsersPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [orgId, setOrgId] = useState<string>();
  const list = useCursorList<User>('/users', { orgId });
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const setDisabled = (user: User, disabled: boolean) => {
    setError(null);
    api.patch(`/users/${user.id}`, { disabled }).then(list.reload, setError);
  };

  const columns: TableProps<User>['columns'] = [
    { key: 'username', title: t('user.username'), dataIndex: 'username' },
    { key: 'displayName', title: t('user.displayName'), dataIndex: 'displayName' },
    { key: 'email', title: t('user.email'), dataIndex: 'email' },
    { key: 'role', title: t('user.role'), render: (_, u) => t(`role.${u.role}`) },
    { key: 'language', title: t('user.language'), render: (_, u) => t(`language.${u.language}`) },
    {
      key: 'status',
      title: t('user.status'),
      render: (_, u) =>
        u.disabled ? <Tag>{t('user.disabled')}</Tag> : <Tag color="green">{t('user.active')}</Tag>,
    },
    {
      key: 'lastLoginAt',
      title: t('user.lastLoginAt'),
      render: (_, u) => formatTime(u.lastLoginAt, language),
    },
    {
      key: 'actions',
      render: (_, u) => (
        <Button
          size="small"
          data-testid={`user-toggle-${u.username}`}
          onClick={() => setDisabled(u, !u.disabled)}
        >
          {u.disabled ? t('user.enable') : t('user.disable')}
        </Button>
      ),
    },
  ];

  return (
    <Card title={t('nav.users')}>
      <Space wrap align="start">
        <AddButton label={t('user.add')} testId="user-add" onClick={() => setAdding(true)} />
        <OrgSelect
          value={orgId}
          onChange={setOrgId}
          allowClear
          style={{ width: 300, marginBottom: 16 }}
        />
      </Space>
      <ErrorAlert error={error ?? list.error} />
      <Table
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
      />
      <LoadMore list={list} />
      <FormModal<UserInput>
        title={t('user.add')}
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ role: 'operator', language: 'zh-CN' }}
        onSubmit={(input) => api.post('/users', input).then(list.reload)}
      >
        <Form.Item name="orgId" label={t('user.organisation')} rules={[{ required: true }]}>
          <OrgSelect />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('user.username')}
          extra={t('user.usernameHelp')}
          rules={[{ required: true }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('user.email')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')} rules={[{ required: true }]}>
          <Select options={USER_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
        </Form.Item>
        <Form.Item name="language" label={t('user.language')}>
          <Select options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('user.password')}
          extra={t('user.passwordHelp')}
          rules={[{ required: true, min: 12 }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
