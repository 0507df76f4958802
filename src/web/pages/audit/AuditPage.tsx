import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditVerification } from '../../../contract/audit.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LoadMore } from '../../components/LoadMore.js';
import { useCursorList } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime } from '../../labels.js';

interface Filters {
  entityType?: string;
  action?: string;
}

export function AuditPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [filters, setFilters] = useState<Filters>({});
  const list = useCursorList<AuditEntry>('/audit', { ...filters });
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<unknown>(null);

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    setVerifyError(null);
    try {
      setVerification(await api.get<AuditVerification>('/audit/verify'));
    } catch (err) {
      setVerifyError(err);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { key: 'seq', title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { key: 'at', title: t('audit.at'), render: (_, e) => formatTime(e.at, language), width: 180 },
    { key: 'actor', title: t('audit.actor'), dataIndex: 'actorLabel' },
    { key: 'action', title: t('audit.action'), dataIndex: 'action' },
    { key: 'entityType', title: t('audit.entityType'), dataIndex: 'entityType' },
    { key: 'entityId', title: t('audit.entityId'), dataIndex: 'entityId', ellipsis: true },
    {
      key: 'summary',
      title: t('audit.summary'),
      render: (_, e) => (
        <Typography.Text code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {JSON.stringify(e.summary)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card
      title={t('nav.audit')}
      extra={
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verifying}
          onClick={() => void verify()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {(verification || verifyError !== null) && (
        <div data-testid="audit-verify-result" style={{ marginBottom: 16 }}>
          <ErrorAlert error={verifyError} />
          {verification && (
            <Alert
              showIcon
              type={verification.ok ? 'success' : 'error'}
              title={
                verification.ok
                  ? t('audit.verifyOk', { checked: verification.checked })
                  : t('audit.verifyBroken', {
                      checked: verification.checked,
                      seq: verification.firstBrokenSeq,
                    })
              }
              description={verification.reason}
            />
          )}
        </div>
      )}
      <Form<Filters>
        layout="inline"
        onFinish={(values) =>
          setFilters({ entityType: values.entityType?.trim(), action: values.action?.trim() })
        }
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Input allowClear data-testid="audit-entity-type" />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear data-testid="audit-action" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="audit-filter">
            {t('common.filter')}
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={list.error} />
      <div data-testid="audit-table">
        <Table
          size="small"
          rowKey="seq"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
        />
      </div>
      <LoadMore list={list} />
    </Card>
  );
}
