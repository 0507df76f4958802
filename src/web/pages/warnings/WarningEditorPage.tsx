import { EyeOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Warning, WarningInput, WarningPreview } from '../../../contract/advisories.js';
import { CN_REGIONS, SECTOR_CODES } from '../../../core/registry/vocabulary.js';
import { DUE_DAYS, WARNING_LEVELS } from '../../../core/warnings/warning.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { regionLabel, sectorLabel } from '../../labels.js';
import { AdvisorySelect } from './AdvisorySelect.js';
import { OrgsField } from './OrgsField.js';
import { PreviewCard } from './PreviewCard.js';

/** The form's values: the input with its audience spread out and the due date as a date. */
interface Values {
  advisoryId: string | null;
  level: Warning['level'];
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  measuresZh: string;
  measuresEn: string;
  dueAt: Dayjs | null;
  matched: boolean;
  sectors: string[];
  regions: string[];
  orgIds: string[];
  public: boolean;
}

const TEXTS = [
  ['title', 'titleZh', 'titleEn'],
  ['body', 'bodyZh', 'bodyEn'],
  ['measures', 'measuresZh', 'measuresEn'],
] as const;

function toInput(values: Values): WarningInput {
  return {
    advisoryId: values.advisoryId,
    level: values.level,
    titleZh: values.titleZh.trim(),
    titleEn: values.titleEn.trim(),
    bodyZh: values.bodyZh.trim(),
    bodyEn: values.bodyEn.trim(),
    measuresZh: values.measuresZh.trim(),
    measuresEn: values.measuresEn.trim(),
    // Left out when blank: the server takes the advisory's KEV date, else the level's policy.
    dueAt: values.dueAt?.toISOString(),
    audience: {
      // Matching needs an advisory to match against.
      matched: values.advisoryId !== null && values.matched,
      sectors: values.sectors,
      regions: values.regions,
      orgIds: values.orgIds,
    },
    public: values.public,
  };
}

function toValues(w: Warning): Values {
  return {
    advisoryId: w.advisoryId,
    level: w.level,
    titleZh: w.titleZh,
    titleEn: w.titleEn,
    bodyZh: w.bodyZh,
    bodyEn: w.bodyEn,
    measuresZh: w.measuresZh,
    measuresEn: w.measuresEn,
    dueAt: dayjs(w.dueAt),
    ...w.audience,
    public: w.public,
  };
}

/** Drafts a warning (from an advisory when the link names one), previews it, saves and issues it. */
export function WarningEditorPage() {
  const { id } = useParams();
  const fetched = useFetch<Warning>(id ? `/warnings/${id}` : null);
  if (id && !fetched.data) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;
  return <WarningForm key={id ?? 'new'} warning={fetched.data} />;
}

function WarningForm({ warning }: { warning: Warning | null }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [preview, setPreview] = useState<WarningPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | 'issue' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const advisoryId = Form.useWatch('advisoryId', form);
  const level = Form.useWatch('level', form);
  const issued = warning?.state === 'issued';

  // A new warning's level is left to the issuer: none is a safe default.
  const initialValues: Partial<Values> = warning
    ? toValues(warning)
    : {
        advisoryId: params.get('advisory'),
        titleZh: '',
        titleEn: '',
        bodyZh: '',
        bodyEn: '',
        measuresZh: '',
        measuresEn: '',
        dueAt: null,
        matched: params.has('advisory'),
        sectors: [],
        regions: [],
        orgIds: [],
        public: false,
      };

  /** The form's input once valid; null while a field is wrong, which the form then shows. */
  const validInput = async (): Promise<WarningInput | null> => {
    try {
      return toInput(await form.validateFields());
    } catch {
      return null;
    }
  };

  const act = async (
    kind: NonNullable<typeof busy>,
    work: (input: WarningInput) => Promise<void>,
  ) => {
    const input = await validInput();
    if (!input) return;
    setBusy(kind);
    setError(null);
    try {
      await work(input);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  /** The warning as the form shows it, saved: created, or changed when the form was. */
  const save = async (input: WarningInput): Promise<Warning> => {
    if (!warning) return api.post<Warning>('/warnings', input);
    if (!form.isFieldsTouched()) return warning;
    return api.patch<Warning>(`/warnings/${warning.id}`, input);
  };

  const runPreview = () =>
    act('preview', async (input) =>
      setPreview(await api.post<WarningPreview>('/warnings/preview', input)),
    );
  const saveDraft = () =>
    act('save', async (input) => {
      const saved = await save(input);
      void message.success(t('warningEditor.saved'));
      if (!warning) void navigate(`/warnings/${saved.id}/edit`, { replace: true });
    });
  const issue = () =>
    act('issue', async (input) => {
      const saved = await save(input);
      await api.post<Warning>(`/warnings/${saved.id}/issue`);
      void message.success(t('warningEditor.issued'));
      void navigate(`/warnings/${saved.id}`);
    });
  const update = () =>
    act('save', async (input) => {
      await save(input);
      void message.success(t('warningEditor.updated'));
      void navigate(`/warnings/${warning!.id}`);
    });

  if (warning?.state === 'lifted')
    return <Alert type="info" showIcon title={t('warningEditor.liftedNotChanged')} />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <span data-testid="warning-editor-title">
            {warning
              ? t(issued ? 'warningEditor.updateTitle' : 'warningEditor.editTitle')
              : t('warningEditor.newTitle')}
          </span>
        }
      >
        {issued && (
          <Alert
            type="warning"
            showIcon
            title={t('warningEditor.updateHelp')}
            style={{ marginBottom: 16 }}
          />
        )}
        <ErrorAlert error={error} />
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onValuesChange={() => setPreview(null)}
        >
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item name="advisoryId" label={t('warning.advisory')}>
                <AdvisorySelect testId="warning-advisory" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item name="level" label={t('warning.level')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  options={WARNING_LEVELS.map((l) => ({
                    value: l,
                    label: <span data-testid={`warning-level-${l}`}>{t(`warningLevel.${l}`)}</span>,
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            {(['Zh', 'En'] as const).map((lang) => (
              <Col key={lang} xs={24} lg={12}>
                <Typography.Title level={5}>{t(`warningEditor.language${lang}`)}</Typography.Title>
                {TEXTS.map(([kind, zh, en]) => {
                  const name = lang === 'Zh' ? zh : en;
                  return (
                    <Form.Item
                      key={name}
                      name={name}
                      label={t(`warningEditor.${kind}`)}
                      rules={[
                        { required: true, whitespace: true, max: kind === 'title' ? 500 : 20000 },
                      ]}
                    >
                      {kind === 'title' ? (
                        <Input data-testid={`warning-${name}`} />
                      ) : (
                        <Input.TextArea rows={4} data-testid={`warning-${name}`} />
                      )}
                    </Form.Item>
                  );
                })}
              </Col>
            ))}
          </Row>
          {/*
            Only a new warning's date may be left blank for the policy's: a saved one has its
            date, and the server keeps a cleared one as an empty text rather than the policy's.
          */}
          <Form.Item
            name="dueAt"
            label={t('warning.due')}
            extra={
              warning
                ? undefined
                : level
                  ? t('warningEditor.dueHelp', { count: DUE_DAYS[level] })
                  : t('warningEditor.dueHelpNoLevel')
            }
          >
            <DatePicker showTime allowClear={!warning} data-testid="warning-due" />
          </Form.Item>

          <Typography.Title level={5}>{t('warningEditor.audience')}</Typography.Title>
          <Space align="baseline">
            <Form.Item name="matched" valuePropName="checked" noStyle>
              <Switch data-testid="warning-matched" disabled={!advisoryId} />
            </Form.Item>
            <Typography.Text>{t('warningEditor.matched')}</Typography.Text>
            {!advisoryId && (
              <Typography.Text type="secondary">{t('warningEditor.matchedHelp')}</Typography.Text>
            )}
          </Space>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} lg={8}>
              <Form.Item name="sectors" label={t('warningEditor.sectors')}>
                <Select
                  mode="multiple"
                  allowClear
                  data-testid="warning-sectors"
                  options={SECTOR_CODES.map((code) => ({
                    value: code,
                    label: sectorLabel(code, language),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item
                name="regions"
                label={t('warningEditor.regions')}
                extra={t('warningEditor.sectorsRegionsHelp')}
              >
                <Select
                  mode="multiple"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="warning-regions"
                  options={Object.keys(CN_REGIONS).map((code) => ({
                    value: code,
                    label: regionLabel(code, language),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="orgIds" label={t('warningEditor.orgs')}>
                <OrgsField testId="warning-orgs" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="public"
            label={t('warningEditor.public')}
            extra={t('warningEditor.publicHelp')}
            valuePropName="checked"
          >
            <Switch data-testid="warning-public" />
          </Form.Item>

          <Space wrap>
            <Button
              icon={<EyeOutlined />}
              loading={busy === 'preview'}
              data-testid="warning-preview-button"
              onClick={() => void runPreview()}
            >
              {t('warningEditor.preview')}
            </Button>
            {issued ? (
              <Popconfirm
                title={t('warningEditor.updateConfirm')}
                okText={t('warningEditor.saveUpdate')}
                cancelText={t('common.cancel')}
                onConfirm={() => void update()}
              >
                <Button type="primary" loading={busy === 'save'} data-testid="warning-update">
                  {t('warningEditor.saveUpdate')}
                </Button>
              </Popconfirm>
            ) : (
              <>
                <Button
                  loading={busy === 'save'}
                  data-testid="warning-save"
                  onClick={() => void saveDraft()}
                >
                  {t('warningEditor.saveDraft')}
                </Button>
                <Popconfirm
                  title={t('warningEditor.issueConfirm')}
                  okText={t('warningEditor.issue')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void issue()}
                >
                  <Button
                    type="primary"
                    danger
                    icon={<SendOutlined />}
                    loading={busy === 'issue'}
                    data-testid="warning-issue"
                  >
                    {t('warningEditor.issue')}
                  </Button>
                </Popconfirm>
              </>
            )}
          </Space>
        </Form>
      </Card>
      {preview && <PreviewCard preview={preview} />}
    </Space>
  );
}
