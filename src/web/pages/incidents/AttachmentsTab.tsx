import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Progress,
  Space,
  Table,
  Tooltip,
  Typography,
  Upload,
  type TableProps,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment, IncidentDetail } from '../../../contract/incidents.js';
import { apiUrl, uploadFile } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useLanguage } from '../../i18n/index.js';
import { formatSize, formatTime } from '../../labels.js';

/** The largest file the server takes (its body limit). */
const MAX_BYTES = 50 * 1024 * 1024;
const shortHash = (sha256: string) => `${sha256.slice(0, 12)}…`;

type Phase = { step: 'idle' } | { step: 'uploading'; percent: number } | { step: 'processing' };

interface AttachmentsTabProps {
  incident: IncidentDetail;
  canUpload: boolean;
  /** Called once a file is stored: the incident is fetched again. */
  onUploaded: () => Promise<void>;
}

/** The files kept with the incident, each with its SHA-256; and a control to add one. */
export function AttachmentsTab({ incident, canUpload, onUploaded }: AttachmentsTabProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [error, setError] = useState<unknown>(null);

  const upload = async () => {
    const chosen = file?.originFileObj;
    if (!chosen) return;
    setError(null);
    setPhase({ step: 'uploading', percent: 0 });
    try {
      await uploadFile<Attachment>(
        `/incidents/${incident.id}/attachments`,
        { filename: chosen.name },
        chosen,
        chosen.type || 'application/octet-stream',
        (percent) => setPhase({ step: 'uploading', percent }),
        () => setPhase({ step: 'processing' }),
      );
      setFile(null);
      void message.success(t('attachment.uploaded', { filename: chosen.name }));
      await onUploaded();
    } catch (err) {
      setError(err);
    } finally {
      setPhase({ step: 'idle' });
    }
  };

  const busy = phase.step !== 'idle';
  const tooLarge = (file?.size ?? 0) > MAX_BYTES;
  const empty = file !== null && file.size === 0;

  const columns: TableProps<Attachment>['columns'] = [
    {
      key: 'filename',
      title: t('attachment.filename'),
      render: (_, a) => <Typography.Text strong>{a.filename}</Typography.Text>,
    },
    {
      key: 'contentType',
      title: t('attachment.contentType'),
      render: (_, a) => <Typography.Text type="secondary">{a.contentType}</Typography.Text>,
    },
    {
      key: 'size',
      title: t('attachment.size'),
      align: 'right',
      render: (_, a) => (
        <Tooltip
          title={new Intl.NumberFormat(language, {
            style: 'unit',
            unit: 'byte',
            unitDisplay: 'long',
          }).format(a.size)}
        >
          {formatSize(a.size, language)}
        </Tooltip>
      ),
    },
    {
      key: 'sha256',
      title: 'SHA-256',
      render: (_, a) => (
        <Tooltip title={a.sha256}>
          <Typography.Text code copyable={{ text: a.sha256 }} data-testid="attachment-sha256">
            {shortHash(a.sha256)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    { key: 'uploadedBy', title: t('attachment.uploadedBy'), dataIndex: 'uploadedBy' },
    {
      key: 'uploadedAt',
      title: t('attachment.uploadedAt'),
      render: (_, a) => formatTime(a.uploadedAt, language),
    },
    {
      key: 'actions',
      render: (_, a) => (
        <Button
          size="small"
          icon={<DownloadOutlined />}
          href={apiUrl(`/attachments/${a.id}`)}
          download={a.filename}
          data-testid="attachment-download"
        >
          {t('attachment.download')}
        </Button>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div data-testid="attachments-table">
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={incident.attachments}
          pagination={false}
          locale={{ emptyText: t('attachment.none') }}
        />
      </div>
      {canUpload && (
        <Card size="small" title={t('attachment.add')}>
          <ErrorAlert error={error} />
          <Typography.Paragraph type="secondary">{t('attachment.help')}</Typography.Paragraph>
          <Space align="start" wrap>
            <div data-testid="attachment-upload">
              <Upload
                maxCount={1}
                disabled={busy}
                fileList={file ? [file] : []}
                beforeUpload={(chosen) => {
                  setFile({
                    uid: chosen.uid,
                    name: chosen.name,
                    size: chosen.size,
                    type: chosen.type,
                    originFileObj: chosen,
                  });
                  setError(null);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <Button icon={<UploadOutlined />}>{t('attachment.chooseFile')}</Button>
              </Upload>
            </div>
            <Button
              type="primary"
              data-testid="attachment-submit"
              disabled={!file || tooLarge || empty}
              loading={busy}
              onClick={() => void upload()}
            >
              {t('attachment.upload')}
            </Button>
          </Space>
          {tooLarge && (
            <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>
              {t('attachment.tooLarge', { size: formatSize(MAX_BYTES, language) })}
            </Typography.Paragraph>
          )}
          {empty && (
            <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>
              {t('attachment.empty')}
            </Typography.Paragraph>
          )}
          {phase.step === 'uploading' && (
            <Progress percent={phase.percent} size="small" data-testid="attachment-progress" />
          )}
          {phase.step === 'processing' && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('attachment.processing')}
            </Typography.Paragraph>
          )}
        </Card>
      )}
    </Space>
  );
}
