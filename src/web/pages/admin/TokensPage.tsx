import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken, CreatedToken, TokenInput, TokenScope } from '../../../contract/auth.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormModal } from '../../components/FormModal.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';

const SCOPES: TokenScope[] = ['read', 'write', 'admin'];

export function TokensPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const list = useCursorList<ApiToken>('/tokens');
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const create = async (input: TokenInput) => {
    const created = await api.post<CreatedToken>('/tokens', input);
    setSecret(created.secret);
    list.reload();
  };

  const revoke = (id: string) => {
    setError(null);
    return api.delete(`/tokens/${id}`).then(list.reload, setError);
  };

  const columns: TableProps<ApiToken>['columns'] = [
    { key: 'name', title: t('token.name'), dataIndex: 'name' },
    {
      key: 'prefix',
      title: t('token.prefix'),
      render: (_, tok) => <Typography.Text code>{tok.prefix}</Typography.Text>,
    },
    {
      key: 'scopes',
      title: t('token.scopes'),
      render: (_, tok) => tok.scopes.map((s) => <Tag key={s}>{t(`scope.${s}`)}</Tag>),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      render: (_, tok) => formatTime(tok.createdAt, language),
    },
    {
      key: 'expiresAt',
      title: t('token.expiresAt'),
      render: (_, tok) => (tok.expiresAt ? formatTime(tok.expiresAt, language) : t('token.never')),
    },
    {
      key: 'lastUsedAt',
      title: t('token.lastUsedAt'),
      render: (_, tok) => formatTime(tok.lastUsedAt, language),
    },
    {
      key: 'actions',
      render: (_, tok) =>
        tok.revokedAt ? (
          <Tag>{t('token.revoked')}</Tag>
        ) : (
          <Popconfirm
            title={t('token.revokeConfirm')}
            okText={t('token.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(tok.id)}
          >
            <Button danger size="small" data-testid={`token-revoke-${tok.name}`}>
              {t('token.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card title={t('nav.tokens')}>
      <AddButton label={t('token.add')} testId="token-add" onClick={() => setAdding(true)} />
      <ErrorAlert error={error ?? list.error} />
      <Table
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
      />
      <LoadMore list={list} />
      <FormModal<TokenInput>
        title={t('token.add')}
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ scopes: ['read'], expiresInDays: 90 }}
        onSubmit={create}
      >
        <Form.Item name="name" label={t('token.name')} rules={[{ required: true }]}>
          <Input data-testid="token-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('token.scopes')} rules={[{ required: true }]}>
          <Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="expiresInDays"
          label={t('token.expiresInDays')}
          extra={t('token.expiresInDaysHelp')}
        >
          <InputNumber min={1} max={3650} precision={0} />
        </Form.Item>
      </FormModal>
      <Modal
        title={t('token.created')}
        open={secret !== null}
        onCancel={() => setSecret(null)}
        footer={<Button onClick={() => setSecret(null)}>{t('common.close')}</Button>}
      >
        <Typography.Paragraph type="warning">{t('token.secretOnce')}</Typography.Paragraph>
        <Typography.Paragraph code copyable={{ text: secret ?? '' }} data-testid="token-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </Card>
  );
}
