import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Progress,
  Radio,
  Space,
  Table,
  Tag,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportKind, ImportReport } from '../../../contract/registry.js';
import { apiUrl, uploadFile } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

const KINDS: ImportKind[] = ['orgs', 'contacts', 'networks', 'assets'];
const FORMATS = ['csv', 'json'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPES: Record<Format, string> = { csv: 'text/csv', json: 'application/json' };

type Phase = { step: 'idle' } | { step: 'uploading'; percent: number } | { step: 'processing' };

function guessFormat(fileName: string): Format {
  return fileName.toLowerCase().endsWith('.json') ? 'json' : 'csv';
}

export function ImportExportPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKind>('orgs');
  const [format, setFormat] = useState<Format>('csv');
  const [dryRun, setDryRun] = useState(false);
  const [partial, setPartial] = useState(false);
  const [file, setFile] = useState<UploadFile | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  const runImport = async () => {
    if (!file?.originFileObj) return;
    setReport(null);
    setError(null);
    setPhase({ step: 'uploading', percent: 0 });
    try {
      setReport(
        await uploadFile<ImportReport>(
          `/imports/${kind}`,
          { format, dryRun, partial },
          file.originFileObj,
          CONTENT_TYPES[format],
          (percent) => setPhase({ step: 'uploading', percent }),
          () => setPhase({ step: 'processing' }),
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setPhase({ step: 'idle' });
    }
  };

  const busy = phase.step !== 'idle';

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('import.title')}>
        <Form layout="vertical" style={{ maxWidth: 640 }}>
          <Form.Item label={t('import.kind')}>
            <Radio.Group
              data-testid="import-kind"
              optionType="button"
              value={kind}
              onChange={(e) => setKind(e.target.value as ImportKind)}
              options={KINDS.map((k) => ({
                value: k,
                label: <span data-testid={`import-kind-${k}`}>{t(`importKind.${k}`)}</span>,
              }))}
            />
          </Form.Item>
          <Form.Item label={t('import.file')} extra={t('import.fileHelp')}>
            <div data-testid="import-file">
              <Upload
                accept=".csv,.json"
                maxCount={1}
                fileList={file ? [file] : []}
                beforeUpload={(chosen) => {
                  setFile({ uid: chosen.uid, name: chosen.name, originFileObj: chosen });
                  setFormat(guessFormat(chosen.name));
                  setReport(null);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <Button icon={<UploadOutlined />}>{t('import.chooseFile')}</Button>
              </Upload>
            </div>
          </Form.Item>
          <Form.Item label={t('import.format')}>
            <Radio.Group
              data-testid="import-format"
              optionType="button"
              value={format}
              onChange={(e) => setFormat(e.target.value as Format)}
              options={FORMATS.map((f) => ({ value: f, label: t(`format.${f}`) }))}
            />
          </Form.Item>
          <Form.Item>
            <Space orientation="vertical">
              <Checkbox
                data-testid="import-dry-run"
                checked={dryRun}
                onChange={(e) => setDryRun(e.target.checked)}
              >
                {t('import.dryRun')}
              </Checkbox>
              <Checkbox
                data-testid="import-partial"
                checked={partial}
                onChange={(e) => setPartial(e.target.checked)}
              >
                {t('import.partial')}
              </Checkbox>
            </Space>
          </Form.Item>
          <Button
            type="primary"
            data-testid="import-submit"
            disabled={!file}
            loading={busy}
            onClick={() => void runImport()}
          >
            {t('import.submit')}
          </Button>
        </Form>
        {busy && (
          <div data-testid="import-progress" style={{ marginTop: 16, maxWidth: 640 }}>
            <Progress
              percent={phase.step === 'uploading' ? phase.percent : 100}
              status="active"
              format={(percent) =>
                phase.step === 'processing' ? t('import.processing') : `${percent}%`
              }
            />
          </div>
        )}
      </Card>

      {error !== null && <ErrorAlert error={error} />}

      {report && (
        <Card title={t('import.report')} data-testid="import-report">
          <Alert
            type={report.committed ? 'success' : report.rejected ? 'warning' : 'info'}
            showIcon
            title={report.committed ? t('import.committed') : t('import.notCommitted')}
            style={{ marginBottom: 16 }}
          />
          <Descriptions
            bordered
            column={3}
            items={[
              { key: 'kind', label: t('import.kind'), children: t(`importKind.${report.kind}`) },
              { key: 'total', label: t('import.total'), children: report.total },
              { key: 'created', label: t('import.created'), children: report.created },
              { key: 'updated', label: t('import.updated'), children: report.updated },
              { key: 'unchanged', label: t('import.unchanged'), children: report.unchanged },
              { key: 'rejected', label: t('import.rejected'), children: report.rejected },
              {
                key: 'committedFlag',
                label: t('import.committedLabel'),
                children: (
                  <Tag
                    color={report.committed ? 'green' : 'default'}
                    data-testid="import-committed"
                  >
                    {report.committed ? t('common.yes') : t('common.no')}
                  </Tag>
                ),
              },
            ]}
          />
          {report.errors.length > 0 && (
            <div data-testid="import-errors" style={{ marginTop: 16 }}>
              <Table
                rowKey={(e) => `${e.row}:${e.field}:${e.reason}`}
                size="small"
                columns={[
                  { key: 'row', title: t('import.row'), dataIndex: 'row', width: 80 },
                  { key: 'field', title: t('import.field'), dataIndex: 'field', width: 200 },
                  { key: 'reason', title: t('import.reason'), dataIndex: 'reason' },
                ]}
                dataSource={report.errors}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
              />
            </div>
          )}
        </Card>
      )}

      <Card title={t('export.title')}>
        <Descriptions
          bordered
          column={1}
          items={KINDS.map((k) => ({
            key: k,
            label: t(`importKind.${k}`),
            children: (
              <Space>
                {FORMATS.map((f) => (
                  <Button
                    key={f}
                    icon={<DownloadOutlined />}
                    href={apiUrl(`/exports/${k}`, { format: f })}
                    data-testid={`export-${k}-${f}`}
                  >
                    {t(`format.${f}`)}
                  </Button>
                ))}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
