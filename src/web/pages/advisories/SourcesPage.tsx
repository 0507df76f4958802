import { SyncOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableProps,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AdvisorySourceInput,
  AdvisorySourceView,
  SOURCE_KINDS,
} from '../../../contract/advisories.js';
import { api } from '../../api.js';
import { AddButton } from '../../components/AddButton.js';
import { DeleteButton } from '../../components/DeleteButton.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormModal } from '../../components/FormModal.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';
import { useSession } from '../../session.js';

/** The contract's list, repeated as a type-checked copy: importing it would bring TypeBox along. */
const KINDS = ['csaf_provider', 'kev'] as const satisfies typeof SOURCE_KINDS;

/** The outcome of a source's last pull: counts, and each file that failed with its reason. */
function LastResult({ source }: { source: AdvisorySourceView }) {
  const { t } = useTranslation();
  const result = source.lastResult;
  if (!result) return '—';
  return (
    <Space orientation="vertical" size={0} data-testid={`source-result-${source.id}`}>
      <Space size={4}>
        <Tag color={result.ok ? 'success' : 'error'}>
          {t(result.ok ? 'advisorySourceAdmin.ok' : 'advisorySourceAdmin.failed')}
        </Tag>
        {t('advisorySourceAdmin.counts', { fetched: result.fetched, imported: result.imported })}
      </Space>
      {result.error && <Typography.Text type="danger">{result.error}</Typography.Text>}
      {result.failed.length > 0 && (
        <Tooltip
          title={
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {result.failed.map((f) => (
                <li key={f.url}>
                  {f.url}: {f.reason}
                </li>
              ))}
            </ul>
          }
        >
          <Typography.Text type="warning">
            {t('advisorySourceAdmin.failedFiles', { count: result.failed.length })}
          </Typography.Text>
        </Tooltip>
      )}
    </Space>
  );
}

/** The CSAF providers and KEV catalogue pulled on a schedule: added, pulled at once, removed. */
export function SourcesPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { hasRole } = useSession();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const sources = useFetch<AdvisorySourceView[]>('/advisory-sources', version);
  const [adding, setAdding] = useState(false);
  const [pulling, setPulling] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const pull = async (id: string) => {
    setPulling(id);
    setError(null);
    try {
      await api.post<AdvisorySourceView>(`/advisory-sources/${id}/pull`);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setPulling(null);
    }
  };
  const remove = (id: string) => {
    setError(null);
    return api.delete(`/advisory-sources/${id}`).then(reload, setError);
  };

  const columns: TableProps<AdvisorySourceView>['columns'] = [
    {
      key: 'name',
      title: t('advisorySourceAdmin.name'),
      render: (_, s) => <Typography.Text strong>{s.name}</Typography.Text>,
    },
    {
      key: 'kind',
      title: t('advisorySourceAdmin.kind'),
      render: (_, s) => <Tag>{t(`sourceKind.${s.kind}`)}</Tag>,
    },
    {
      key: 'url',
      title: t('advisorySourceAdmin.url'),
      render: (_, s) => <Typography.Text code>{s.url}</Typography.Text>,
    },
    {
      key: 'every',
      title: t('advisorySourceAdmin.everyMinutes'),
      render: (_, s) => t('feed.pullEvery', { count: s.everyMinutes }),
    },
    {
      key: 'last',
      title: t('advisorySourceAdmin.lastPulledAt'),
      render: (_, s) => formatTime(s.lastPulledAt, language) || '—',
    },
    {
      key: 'next',
      title: t('advisorySourceAdmin.nextPullAt'),
      render: (_, s) => formatTime(s.nextPullAt, language),
    },
    {
      key: 'result',
      title: t('advisorySourceAdmin.lastResult'),
      render: (_, s) => <LastResult source={s} />,
    },
    {
      key: 'actions',
      render: (_, s) => (
        <Space>
          <Button
            size="small"
            icon={<SyncOutlined />}
            loading={pulling === s.id}
            disabled={pulling !== null && pulling !== s.id}
            data-testid={`source-pull-${s.id}`}
            onClick={() => void pull(s.id)}
          >
            {t('advisorySourceAdmin.pull')}
          </Button>
          <DeleteButton onDelete={() => remove(s.id)} />
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('advisorySourceAdmin.title')}>
      <AddButton
        label={t('advisorySourceAdmin.add')}
        testId="source-add"
        onClick={() => setAdding(true)}
      />
      <ErrorAlert error={error ?? sources.error} />
      <div data-testid="source-table">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={sources.data ?? []}
          loading={sources.loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('advisorySourceAdmin.none') }}
        />
      </div>
      <FormModal<AdvisorySourceInput>
        title={t('advisorySourceAdmin.add')}
        open={adding}
        onClose={() => setAdding(false)}
        initialValues={{ kind: 'csaf_provider', everyMinutes: 60 }}
        onSubmit={(input) => api.post('/advisory-sources', input).then(reload)}
      >
        <Form.Item
          name="name"
          label={t('advisorySourceAdmin.name')}
          extra={t('advisorySourceAdmin.nameHelp')}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{0,99}$/ }]}
        >
          <Input data-testid="source-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('advisorySourceAdmin.kind')} rules={[{ required: true }]}>
          <Select
            options={KINDS.map((kind) => ({ value: kind, label: t(`sourceKind.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('advisorySourceAdmin.url')}
          extra={t('advisorySourceAdmin.urlHelp')}
          rules={[{ required: true, min: 8, max: 2000 }]}
        >
          <Input data-testid="source-url" placeholder="https://" />
        </Form.Item>
        <Form.Item name="everyMinutes" label={t('advisorySourceAdmin.everyMinutes')}>
          <InputNumber min={5} max={10080} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {/* The server lets only admins reach private or loopback addresses. */}
        {hasRole('admin') && (
          <Form.Item
            name="allowPrivate"
            label={t('advisorySourceAdmin.allowPrivate')}
            extra={t('advisorySourceAdmin.allowPrivateHelp')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        )}
      </FormModal>
    </Card>
  );
}
