import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AdvisoryImportResult } from '../../../contract/advisories.js';
import { ApiError, uploadFile } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

type Outcome = AdvisoryImportResult['advisories'][number]['outcome'];
const OUTCOME_COLORS: Record<Outcome, string> = {
  created: 'green',
  updated: 'blue',
  unchanged: 'default',
  older: 'default',
};

interface FailedTest {
  test: string;
  path: string;
  message: string;
}

/** The failing CSAF validator tests of a refusal, which names each as `<test>: <message>`. */
function failedTests(error: unknown): FailedTest[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.flatMap((e) => {
    const named = /^([\w.-]+): (.*)$/s.exec(e.reason);
    return named ? [{ test: named[1]!, path: e.field, message: named[2]! }] : [];
  });
}

/** Imports one advisory file (CSAF, CVE JSON 5 or the KEV catalogue) and shows what it did. */
export function ImportCard({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AdvisoryImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const tests = failedTests(error);

  const submit = async () => {
    if (!file?.originFileObj) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      // Advisory files are small: the button's spinner says enough while one is sent.
      const done = await uploadFile<AdvisoryImportResult>(
        '/advisories/import',
        {},
        file.originFileObj,
        'application/json',
        () => {},
        () => {},
      );
      setResult(done);
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('advisoryImport.title')}
      extra={<Typography.Text type="secondary">{t('advisoryImport.help')}</Typography.Text>}
    >
      <Space wrap align="start">
        <div data-testid="advisory-import-file">
          <Upload
            accept=".json,application/json"
            maxCount={1}
            fileList={file ? [file] : []}
            beforeUpload={(chosen) => {
              setFile({ uid: chosen.uid, name: chosen.name, originFileObj: chosen });
              setResult(null);
              setError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('advisoryImport.chooseFile')}</Button>
          </Upload>
        </div>
        <Button
          type="primary"
          data-testid="advisory-import-submit"
          disabled={!file}
          loading={busy}
          onClick={() => void submit()}
        >
          {t('advisoryImport.submit')}
        </Button>
      </Space>
      <div style={{ marginTop: 16 }}>
        {tests.length > 0 && error instanceof ApiError ? (
          <Alert
            type="error"
            showIcon
            data-testid="advisory-import-refused"
            title={t('advisoryImport.refused')}
            description={
              <>
                <Typography.Paragraph>{error.detail}</Typography.Paragraph>
                <Table<FailedTest>
                  rowKey={(f) => `${f.test}:${f.path}:${f.message}`}
                  size="small"
                  dataSource={tests}
                  pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
                  columns={[
                    {
                      key: 'test',
                      title: t('advisoryImport.test'),
                      render: (_, f) => <Typography.Text code>{f.test}</Typography.Text>,
                    },
                    {
                      key: 'path',
                      title: t('advisoryImport.path'),
                      render: (_, f) => <Typography.Text code>{f.path}</Typography.Text>,
                    },
                    { key: 'message', title: t('advisoryImport.message'), dataIndex: 'message' },
                  ]}
                />
              </>
            }
          />
        ) : (
          <ErrorAlert error={error} />
        )}
      </div>
      {result && (
        <Card
          size="small"
          data-testid="advisory-import-result"
          title={
            <Space>
              {t('advisoryImport.result')}
              <Tag>{result.format.toUpperCase()}</Tag>
            </Space>
          }
        >
          <Descriptions
            bordered
            size="small"
            column={3}
            style={{ marginBottom: 16 }}
            items={(['created', 'updated', 'unchanged'] as const).map((key) => ({
              key,
              label: t(`importOutcome.${key}`),
              children: <span data-testid={`advisory-import-${key}`}>{result[key]}</span>,
            }))}
          />
          <Table
            rowKey="id"
            size="small"
            dataSource={result.advisories}
            pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
            columns={[
              {
                key: 'sourceId',
                title: t('advisory.sourceId'),
                render: (_, a) => (
                  <Link to={`/advisories/${a.id}`} data-testid={`advisory-import-open-${a.id}`}>
                    {a.sourceId}
                  </Link>
                ),
              },
              { key: 'revision', title: t('advisory.revision'), dataIndex: 'revision' },
              {
                key: 'outcome',
                title: t('advisoryImport.outcome'),
                render: (_, a) => (
                  <Tag color={OUTCOME_COLORS[a.outcome]}>{t(`importOutcome.${a.outcome}`)}</Tag>
                ),
              },
              {
                key: 'matches',
                title: t('advisory.matches'),
                align: 'right',
                dataIndex: 'matches',
              },
            ]}
          />
        </Card>
      )}
    </Card>
  );
}
