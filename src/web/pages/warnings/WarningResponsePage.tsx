import { CheckOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AssetResponsesInput,
  RecipientAsset,
  WarningRecipientView,
} from '../../../contract/advisories.js';
import { ASSET_RESPONSES } from '../../../core/warnings/warning.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName } from '../../labels.js';
import { ConfidenceTag } from '../advisories/shared.js';
import { LevelTag, StateTag, useWording } from './shared.js';

type Response = NonNullable<RecipientAsset['response']>;
interface Answer {
  response: Response | null;
  reason: string;
}

const answerOf = (a: RecipientAsset): Answer => ({
  response: a.response,
  reason: a.responseReason ?? '',
});

/** A recipient's view of a warning: its text, the acknowledgement, and an answer per matched asset. */
export function WarningResponsePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const wording = useWording();
  const fetched = useFetch<WarningRecipientView>(`/warnings/${id}/response`);
  // Each change answers with the view as it is now; it replaces what was fetched.
  const [changed, setChanged] = useState<WarningRecipientView | null>(null);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [busy, setBusy] = useState<'acknowledge' | 'save' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const view = changed ?? fetched.data;
  if (!view) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;

  const { warning } = view;
  const words = wording(warning);
  const open = warning.state === 'issued';
  const answer = (a: RecipientAsset) => answers[a.assetId] ?? answerOf(a);
  const set = (assetId: string, change: Partial<Answer>) =>
    setAnswers((prev) => ({
      ...prev,
      [assetId]: { ...answer(view.assets.find((a) => a.assetId === assetId)!), ...change },
    }));
  const needsReason = (a: Answer) => a.response === 'not_affected' && !a.reason.trim();
  // The rows whose answer differs from what is stored.
  const edited = view.assets.filter((a) => {
    const current = answer(a);
    return (
      current.response !== null &&
      (current.response !== a.response || current.reason.trim() !== (a.responseReason ?? ''))
    );
  });
  const missingReason = edited.some((a) => needsReason(answer(a)));

  const send = async (
    kind: NonNullable<typeof busy>,
    work: () => Promise<WarningRecipientView>,
  ) => {
    setBusy(kind);
    setError(null);
    try {
      setChanged(await work());
      setAnswers({});
      void message.success(
        t(kind === 'acknowledge' ? 'warningResponse.acknowledgedDone' : 'warningResponse.saved'),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const acknowledge = () =>
    send('acknowledge', () => api.post<WarningRecipientView>(`/warnings/${id}/acknowledge`));
  const save = () => {
    const input: AssetResponsesInput = {
      responses: edited.map((a) => {
        const { response, reason } = answer(a);
        return { assetId: a.assetId, response: response!, reason: reason.trim() || null };
      }),
    };
    return send('save', () => api.post<WarningRecipientView>(`/warnings/${id}/responses`, input));
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <LevelTag level={warning.level} testId="response-level" />
            <span data-testid="warning-title">{words.title}</span>
          </Space>
        }
        extra={
          view.acknowledgedAt ? (
            <Tag color="success" icon={<CheckOutlined />} data-testid="response-acknowledged">
              {t('warningResponse.acknowledgedAt', {
                at: formatTime(view.acknowledgedAt, language),
              })}
            </Tag>
          ) : (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              disabled={!open}
              loading={busy === 'acknowledge'}
              data-testid="response-acknowledge"
              onClick={() => void acknowledge()}
            >
              {t('warningResponse.acknowledge')}
            </Button>
          )
        }
      >
        {warning.state === 'lifted' && (
          <Alert
            type="info"
            showIcon
            title={t('warningResponse.lifted', {
              at: formatTime(warning.liftedAt, language),
            })}
            description={warning.liftReason}
            style={{ marginBottom: 16 }}
          />
        )}
        <ErrorAlert error={error} />
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'issuer',
              label: t('warning.issuer'),
              children: orgName(
                { nameZh: warning.issuerNameZh, nameEn: warning.issuerNameEn },
                language,
              ),
            },
            {
              key: 'issued',
              label: t('warning.issuedAt'),
              children: formatTime(warning.issuedAt, language),
            },
            {
              key: 'due',
              label: t('warning.due'),
              children: (
                <Typography.Text strong data-testid="response-due">
                  {formatTime(warning.dueAt, language)}
                </Typography.Text>
              ),
            },
            {
              key: 'state',
              label: t('warning.state'),
              children: <StateTag state={warning.state} />,
            },
            {
              key: 'remediated',
              label: t('warningTracking.remediated'),
              children: (
                <span data-testid="response-remediated">
                  {formatTime(view.remediatedAt, language) || '—'}
                </span>
              ),
            },
            { key: 'version', label: t('warningTracking.version'), children: warning.version },
          ]}
        />
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('warningEditor.body')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="warning-body">
          {words.body}
        </Typography.Paragraph>
        <Typography.Title level={5}>{t('warningEditor.measures')}</Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="warning-measures">
          {words.measures}
        </Typography.Paragraph>
      </Card>

      <Card
        title={t('warningResponse.assets')}
        extra={
          <Typography.Text type="secondary">{t('warningResponse.assetsHelp')}</Typography.Text>
        }
      >
        <div data-testid="response-assets">
          <Table<RecipientAsset>
            rowKey="assetId"
            size="small"
            dataSource={view.assets}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('warningResponse.noAssets') }}
            // A row's props are typed without data attributes, which React passes on all the same.
            onRow={(a) => ({ 'data-testid': `response-row-${a.assetId}` }) as object}
            columns={[
              {
                key: 'asset',
                title: t('advisory.asset'),
                render: (_, a) =>
                  a.componentName ? `${a.assetName} / ${a.componentName}` : a.assetName,
              },
              { key: 'version', title: t('advisory.version'), render: (_, a) => a.version ?? '—' },
              {
                key: 'confidence',
                title: t('advisory.confidence'),
                render: (_, a) => <ConfidenceTag confidence={a.confidence} />,
              },
              { key: 'reason', title: t('advisory.reason'), dataIndex: 'reason' },
              {
                key: 'saved',
                title: t('warningResponse.current'),
                render: (_, a) =>
                  a.response ? (
                    <Space orientation="vertical" size={0}>
                      <Tag color="green" data-testid={`response-saved-${a.assetId}`}>
                        {t(`assetResponse.${a.response}`)}
                      </Tag>
                      <Typography.Text type="secondary">
                        {formatTime(a.respondedAt, language)}
                      </Typography.Text>
                    </Space>
                  ) : (
                    '—'
                  ),
              },
              {
                key: 'answer',
                title: t('warningResponse.response'),
                render: (_, a) => {
                  const current = answer(a);
                  return (
                    <Space orientation="vertical" size={4}>
                      <Select<Response>
                        data-testid={`response-${a.assetId}`}
                        placeholder={t('warningResponse.choose')}
                        style={{ width: 180 }}
                        disabled={!open}
                        value={current.response ?? undefined}
                        onChange={(response) => set(a.assetId, { response })}
                        options={ASSET_RESPONSES.map((r) => ({
                          value: r,
                          label: t(`assetResponse.${r}`),
                        }))}
                      />
                      {current.response && (
                        <Input
                          data-testid={`response-reason-${a.assetId}`}
                          placeholder={t(
                            current.response === 'not_affected'
                              ? 'warningResponse.reasonRequired'
                              : 'warningResponse.reasonOptional',
                          )}
                          status={needsReason(current) ? 'error' : undefined}
                          disabled={!open}
                          value={current.reason}
                          maxLength={2000}
                          onChange={(e) => set(a.assetId, { reason: e.target.value })}
                          style={{ width: 280 }}
                        />
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        </div>
        {view.assets.length > 0 && (
          <Button
            type="primary"
            icon={<SaveOutlined />}
            style={{ marginTop: 16 }}
            disabled={!open || edited.length === 0 || missingReason}
            loading={busy === 'save'}
            data-testid="response-save"
            onClick={() => void save()}
          >
            {t('warningResponse.save')}
          </Button>
        )}
      </Card>
    </Space>
  );
}
