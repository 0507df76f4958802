import { Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Feed, FeedInput } from '../../../contract/feeds.js';
import { api } from '../../api.js';
import { FormModal } from '../../components/FormModal.js';
import { FORMATS } from './shared.js';

/** The form's values: the mapping is typed as JSON text. */
type Values = Omit<FeedInput, 'mapping'> & { mapping?: string };

/** The JSON object the text holds, else null. */
function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

interface CreateFeedModalProps {
  open: boolean;
  onClose: () => void;
  onCreated: (feed: Feed) => void;
}

export function CreateFeedModal({ open, onClose, onCreated }: CreateFeedModalProps) {
  const { t } = useTranslation();
  const create = async ({ mapping, ...values }: Values) => {
    const input: FeedInput = { ...values, ...(mapping && { mapping: jsonObject(mapping) }) };
    onCreated(await api.post<Feed>('/feeds', input));
  };
  return (
    <FormModal<Values>
      title={t('feed.add')}
      open={open}
      onClose={onClose}
      onSubmit={create}
      initialValues={{
        format: 'shadowserver',
        windowHours: 24,
        resendAfterDays: 3,
        escalateAfterDays: 7,
      }}
    >
      <Form.Item
        name="name"
        label={t('feed.name')}
        extra={t('feed.nameHelp')}
        rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{0,99}$/ }]}
      >
        <Input data-testid="feed-name" />
      </Form.Item>
      <Form.Item name="format" label={t('feed.format')} rules={[{ required: true }]}>
        <Select
          data-testid="feed-format"
          options={FORMATS.map((f) => ({ value: f, label: t(`feedFormat.${f}`) }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['format']}>
        {({ getFieldValue }) =>
          getFieldValue('format') === 'shadowserver' ? (
            <Form.Item name="report" label={t('feed.report')} extra={t('feed.reportHelp')}>
              <Input data-testid="feed-report" />
            </Form.Item>
          ) : getFieldValue('format') === 'csv' ? (
            <Form.Item
              name="mapping"
              label={t('feed.mapping')}
              extra={t('feed.mappingHelp')}
              rules={[
                { required: true },
                {
                  validator: (_, text?: string) =>
                    !text || jsonObject(text)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('feed.mappingInvalid'))),
                },
              ]}
            >
              <Input.TextArea rows={4} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item name="windowHours" label={t('feed.windowHours')}>
        <InputNumber min={1} max={8760} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="resendAfterDays" label={t('feed.resendAfterDays')}>
        <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="escalateAfterDays" label={t('feed.escalateAfterDays')}>
        <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="pullUrl" label={t('feed.pullUrl')}>
        <Input placeholder="https://" />
      </Form.Item>
      <Form.Item name="pullEveryMinutes" label={t('feed.pullEveryMinutes')}>
        <InputNumber min={5} max={10080} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
