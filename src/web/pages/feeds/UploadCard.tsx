import { UploadOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Card,
  Form,
  Input,
  Progress,
  Select,
  Space,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Feed, FeedRun } from '../../../contract/feeds.js';
import { uploadFile } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FORMATS, RunCounts, RunStatusTag, type FeedFormat } from './shared.js';

type Phase = { step: 'idle' } | { step: 'uploading'; percent: number } | { step: 'processing' };

interface UploadCardProps {
  /** The feeds to choose from; empty for those who may upload but not read the list. */
  feeds: Feed[];
  /** Whether the finished run may be opened. */
  canOpenRun: boolean;
  onIngested: (run: FeedRun) => void;
}

/** Uploads one file into a feed (created on first use) and shows the run's counts. */
export function UploadCard({ feeds, canOpenRun, onIngested }: UploadCardProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<FeedFormat>('shadowserver');
  const [report, setReport] = useState('');
  const [file, setFile] = useState<UploadFile | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [run, setRun] = useState<FeedRun | null>(null);
  const [error, setError] = useState<unknown>(null);

  const existing = feeds.find((f) => f.name === name.trim());
  const busy = phase.step !== 'idle';

  const ingest = async () => {
    if (!file?.originFileObj || !name.trim()) return;
    setRun(null);
    setError(null);
    setPhase({ step: 'uploading', percent: 0 });
    try {
      const done = await uploadFile<FeedRun>(
        '/feeds/ingest',
        {
          feed: name.trim(),
          // An existing feed keeps its format; a new one is created with the format chosen.
          format: existing ? undefined : format,
          report: existing ? undefined : report.trim(),
          fileName: file.name,
        },
        file.originFileObj,
        file.originFileObj.type || 'application/octet-stream',
        (percent) => setPhase({ step: 'uploading', percent }),
        () => setPhase({ step: 'processing' }),
      );
      setRun(done);
      onIngested(done);
    } catch (err) {
      setError(err);
    } finally {
      setPhase({ step: 'idle' });
    }
  };

  return (
    <Card title={t('upload.title')}>
      <Form layout="vertical" style={{ maxWidth: 640 }}>
        <Form.Item label={t('upload.feed')} extra={t('upload.feedHelp')} required>
          <AutoComplete
            value={name}
            onChange={setName}
            options={feeds.map((f) => ({ value: f.name }))}
            showSearch={{
              filterOption: (input, option) => String(option?.value).includes(input.trim()),
            }}
          >
            <Input data-testid="upload-feed" placeholder="shadowserver-scan_dns" />
          </AutoComplete>
        </Form.Item>
        <Form.Item label={t('upload.format')} extra={t('upload.formatHelp')}>
          <Space wrap>
            <Select<FeedFormat>
              data-testid="upload-format"
              style={{ width: 200 }}
              value={existing?.format ?? format}
              disabled={existing !== undefined}
              onChange={setFormat}
              options={FORMATS.map((f) => ({ value: f, label: t(`feedFormat.${f}`) }))}
            />
            {!existing && format === 'shadowserver' && (
              <Input
                data-testid="upload-report"
                style={{ width: 240 }}
                placeholder={t('feed.report')}
                title={t('feed.reportHelp')}
                value={report}
                onChange={(e) => setReport(e.target.value)}
              />
            )}
          </Space>
        </Form.Item>
        <Form.Item label={t('upload.file')}>
          <div data-testid="upload-file">
            <Upload
              maxCount={1}
              fileList={file ? [file] : []}
              beforeUpload={(chosen) => {
                setFile({ uid: chosen.uid, name: chosen.name, originFileObj: chosen });
                setRun(null);
                return false;
              }}
              onRemove={() => setFile(null)}
            >
              <Button icon={<UploadOutlined />}>{t('upload.chooseFile')}</Button>
            </Upload>
          </div>
        </Form.Item>
        <Button
          type="primary"
          data-testid="upload-submit"
          disabled={!file || !name.trim()}
          loading={busy}
          onClick={() => void ingest()}
        >
          {t('upload.submit')}
        </Button>
      </Form>
      {busy && (
        <div data-testid="upload-progress" style={{ marginTop: 16, maxWidth: 640 }}>
          <Progress
            percent={phase.step === 'uploading' ? phase.percent : 100}
            status="active"
            format={(percent) =>
              phase.step === 'processing' ? t('upload.processing') : `${percent}%`
            }
          />
        </div>
      )}
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={error} />
      </div>
      {run && (
        <Card
          size="small"
          data-testid="upload-result"
          title={
            <Space>
              {t('upload.result')}
              <RunStatusTag run={run} />
              {run.feedName} · {run.fileName}
            </Space>
          }
          extra={
            canOpenRun && (
              <Link to={`/feeds/runs/${run.id}`} data-testid="upload-run-link">
                {t('upload.viewRun')}
              </Link>
            )
          }
        >
          <RunCounts counts={run.counts} />
        </Card>
      )}
    </Card>
  );
}
