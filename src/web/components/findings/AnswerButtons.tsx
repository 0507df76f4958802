import {
  CheckCircleOutlined,
  DisconnectOutlined,
  EyeOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingResponseInput } from '../../../contract/feeds.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { answerable, findingHost, FINDING_RESPONSES, type FindingResponse } from './states.js';

const ICONS: Record<FindingResponse, ReactNode> = {
  acknowledged: <EyeOutlined />,
  fixed: <CheckCircleOutlined />,
  false_positive: <StopOutlined />,
  not_ours: <DisconnectOutlined />,
};

interface AnswerButtonsProps {
  finding: Pick<Finding, 'id' | 'state' | 'ip' | 'hostname' | 'url' | 'identifier'>;
  /** Sends the answer; a rejection is shown in the dialog, which then stays open. */
  onAnswer: (input: FindingResponseInput) => Promise<unknown>;
  /** Test ids are `<prefix>-<response>-<finding id>`, e.g. `recipient-fixed-12`. */
  testIdPrefix: string;
}

/**
 * The four answers to a finding, each asking for an optional note first; an answer the
 * finding's state no longer allows is disabled, by the server's own rule.
 */
export function AnswerButtons({ finding, onAnswer, testIdPrefix }: AnswerButtonsProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<FindingResponse | null>(null);
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const close = () => {
    setChosen(null);
    setNote('');
    setError(null);
  };

  const send = async () => {
    if (!chosen) return;
    setSending(true);
    setError(null);
    try {
      await onAnswer({ response: chosen, ...(note.trim() && { note: note.trim() }) });
      void message.success(t('answer.done', { response: t(`findingResponse.${chosen}`) }));
      close();
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Space wrap size={4}>
        {FINDING_RESPONSES.map((response) => (
          <Button
            key={response}
            size="small"
            icon={ICONS[response]}
            type={response === 'fixed' ? 'primary' : 'default'}
            disabled={!answerable(finding.state, response)}
            data-testid={`${testIdPrefix}-${response}-${finding.id}`}
            onClick={() => setChosen(response)}
          >
            {t(`findingResponse.${response}`)}
          </Button>
        ))}
      </Space>
      <Modal
        open={chosen !== null}
        title={chosen && t('answer.title', { response: t(`findingResponse.${chosen}`) })}
        okText={t('answer.submit')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: sending, 'data-testid': 'answer-submit' }}
        onOk={() => void send()}
        onCancel={close}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Typography.Paragraph>
          <Typography.Text code>{findingHost(finding)}</Typography.Text> {finding.identifier}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {chosen && t(`answer.help.${chosen}`)}
        </Typography.Paragraph>
        <Input.TextArea
          data-testid="answer-note"
          placeholder={t('answer.note')}
          maxLength={2000}
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </>
  );
}
