import {
  Button,
  Card,
  Cascader,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Steps,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { IncidentInput, Submitted } from '../../../contract/incidents.js';
import type { Asset, Organisation } from '../../../contract/registry.js';
import type { Evaluation } from '../../../core/rules/evaluate.js';
import { FACT_NAMES, FACTS, type FactName } from '../../../core/rules/facts.js';
import { api, newIdempotencyKey } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { OrgSelect } from '../../components/OrgSelect.js';
import { useCursorList, useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { orgName, regionLabel, sectorLabel } from '../../labels.js';
import { useSession, useSessionInfo } from '../../session.js';
import { EvaluationPanel } from './EvaluationPanel.js';
import {
  NARRATIVE_FIELDS,
  TLP_LEVELS,
  TlpTag,
  categoryOptions,
  factTestId,
  useRulePacks,
  type Tlp,
} from './shared.js';

/** Facts the registry states about the reporter: sent to /evaluate, never with the report. */
const REGISTRY_FACTS = ['org.country', 'org.sector', 'org.region', 'org.kind', 'org.cii'];

/** What the reporter may state about their own organisation, beyond what the registry knows. */
const ORG_FACTS = FACT_NAMES.filter(
  (name) => name.startsWith('org.') && !REGISTRY_FACTS.includes(name),
);
const BOOLEAN_INCIDENT_FACTS = FACT_NAMES.filter(
  (name) => name.startsWith('incident.') && FACTS[name].type === 'boolean',
);
const IMPACT_FACTS = FACT_NAMES.filter(
  (name) => name.startsWith('impact.') && FACTS[name].type === 'number',
);
/** String facts whose values are a closed list. */
const FACT_CHOICES = {
  'incident.coreDataThreat': ['especially_serious', 'serious', 'relatively_serious'],
  'org.entityClass': ['essential', 'important'],
} as const;

const UNITS = [
  'records',
  'CNY',
  'EUR',
  'h',
  'ratio',
  'people',
  'reposts',
  'views',
  'clients',
  'states',
] as const;
type Unit = (typeof UNITS)[number];

function unitOf(name: FactName): Unit | undefined {
  const unit = (FACTS[name] as { unit?: string }).unit;
  return UNITS.find((u) => u === unit);
}

const RANSOMWARE_CATEGORY = '01007';

type Times = Partial<
  Record<
    | 'occurredAt'
    | 'detectedAt'
    | 'awareAt'
    | 'containedAt'
    | 'handlingEndedAt'
    | 'classifiedAt'
    | 'materialityDecidedAt'
    | 'fixAvailableAt'
    | 'ransomPaidAt',
    Dayjs | null
  >
>;

interface FormValues extends Times {
  reporterOrgId?: string;
  title?: string;
  summary?: string;
  category?: string[];
  tlp?: Tlp;
  location?: string;
  affectedAssetIds?: string[];
  facts?: Record<string, boolean | number | string | null | undefined>;
  narrative?: Record<string, string | undefined>;
  ransom?: { amount?: string; method?: string; date?: Dayjs | null };
}

/** Each time field and the rule-pack anchor it starts deadlines from. */
const TIME_ANCHORS = {
  occurredAt: 'occurred',
  detectedAt: 'detected',
  awareAt: 'aware',
  handlingEndedAt: 'handling_ended',
  classifiedAt: 'classified',
  materialityDecidedAt: 'materiality_decided',
  fixAvailableAt: 'fix_available',
  ransomPaidAt: 'ransom_paid',
} as const;

/** The stated facts: fields left empty are unknown, and are not sent. */
function statedFacts(values: FormValues): Record<string, boolean | number | string> {
  const facts: Record<string, boolean | number | string> = {};
  for (const [name, value] of Object.entries(values.facts ?? {}))
    if (value !== undefined && value !== null && value !== '') facts[name] = value;
  return facts;
}

function registryFacts(org: Organisation): Record<string, string | boolean | null> {
  return {
    'org.country': org.country,
    'org.sector': org.sector,
    'org.region': org.region,
    'org.kind': org.kind,
    'org.cii': org.cii.designated,
  };
}

function iso(value: Dayjs | null | undefined): string | undefined {
  return value ? value.toISOString() : undefined;
}

function withoutEmpty<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

const TIME_FIELDS = [...(Object.keys(TIME_ANCHORS) as (keyof Times)[]), 'containedAt'] as const;

function toInput(values: FormValues): IncidentInput {
  const times: Partial<Record<keyof Times, string>> = {};
  for (const field of TIME_FIELDS) {
    const at = iso(values[field]);
    if (at) times[field] = at;
  }
  const ransomware = values.facts?.['incident.ransomware'] === true;
  return {
    ...(values.reporterOrgId ? { reporterOrgId: values.reporterOrgId } : {}),
    title: values.title!.trim(),
    summary: values.summary!.trim(),
    category: values.category!.at(-1)!,
    tlp: values.tlp,
    location: values.location?.trim() || undefined,
    ...times,
    awareAt: iso(values.awareAt)!,
    facts: statedFacts(values),
    affectedAssetIds: values.affectedAssetIds?.length ? values.affectedAssetIds : undefined,
    narrative: withoutEmpty(values.narrative ?? {}),
    ransom: ransomware
      ? withoutEmpty({
          amount: values.ransom?.amount,
          method: values.ransom?.method,
          date: values.ransom?.date?.format('YYYY-MM-DD'),
        })
      : undefined,
  };
}

/** The evaluation of the facts so far, asked for once typing pauses. */
function useLiveEvaluation(facts: Record<string, unknown>, anchors: Record<string, string>) {
  const [evaluations, setEvaluations] = useState<Evaluation[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const body = JSON.stringify({ facts, anchors });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .post<Evaluation[]>('/rule-packs/evaluate', JSON.parse(body))
        .then(
          (result) => {
            if (!live) return;
            setEvaluations(result);
            setError(null);
          },
          (err: unknown) => {
            if (live) setError(err);
          },
        )
        .finally(() => {
          if (live) setLoading(false);
        });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body]);

  return { evaluations, loading, error };
}

const SECTIONS = ['what', 'when', 'organisation', 'nature', 'impact', 'narrative'] as const;

export function ReportIncidentPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const navigate = useNavigate();
  const session = useSessionInfo();
  const { hasRole } = useSession();
  const packs = useRulePacks();
  const [form] = Form.useForm<FormValues>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<unknown>(null);

  const values: FormValues = Form.useWatch([], { form, preserve: true }) ?? {};
  const orgId = values.reporterOrgId ?? session.organisation.id;
  const org = useFetch<Organisation>(`/organisations/${orgId}`);
  const assets = useCursorList<Asset>(`/organisations/${orgId}/assets`, {}, 500);
  const canReportForOthers = hasRole('admin', 'coordinator', 'authority');

  const ransomware = values.facts?.['incident.ransomware'] === true;
  const ransomPaid = values.facts?.['incident.ransomPaid'] === true;

  const facts = useMemo(
    () => ({ ...(org.data ? registryFacts(org.data) : {}), ...statedFacts(values) }),
    [org.data, values],
  );
  const anchors = useMemo(() => {
    const result: Record<string, string> = {};
    for (const [field, anchor] of Object.entries(TIME_ANCHORS)) {
      const at = iso(values[field as keyof typeof TIME_ANCHORS]);
      if (at) result[anchor] = at;
    }
    return result;
  }, [values]);
  const live = useLiveEvaluation(facts, anchors);

  const sectionDone: Record<(typeof SECTIONS)[number], boolean> = {
    what: Boolean(values.title?.trim() && values.summary?.trim() && values.category?.length),
    when: Boolean(values.awareAt),
    organisation: Boolean(org.data),
    nature: Object.keys(statedFacts(values)).some((name) => name.startsWith('incident.')),
    impact: Object.keys(statedFacts(values)).some((name) => name.startsWith('impact.')),
    narrative: Object.values(values.narrative ?? {}).some(Boolean),
  };
  const current = Math.max(
    0,
    SECTIONS.findIndex((s) => !sectionDone[s]),
  );

  const onValuesChange = (changed: Partial<FormValues>) => {
    // A ransomware category says the incident is ransomware, unless the reporter said otherwise.
    if (
      changed.category?.at(-1) === RANSOMWARE_CATEGORY &&
      form.getFieldValue(['facts', 'incident.ransomware']) === undefined
    )
      form.setFieldValue(['facts', 'incident.ransomware'], true);
    if ('reporterOrgId' in changed) form.setFieldValue('affectedAssetIds', []);
  };

  const submit = async (formValues: FormValues) => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      const result = await api.post<Submitted>('/incidents', toInput(formValues), {
        'Idempotency-Key': idempotencyKey,
      });
      void navigate(`/incidents/${result.incident.id}`, {
        state: { receipts: result.receipts },
      });
    } catch (err) {
      setSubmitError(err);
      setSubmitting(false);
    }
  };

  const scrollTo = (index: number) =>
    document
      .getElementById(`section-${SECTIONS[index]}`)
      ?.scrollIntoView({ behavior: 'smooth', block: 'start' });

  const factSwitch = (name: FactName) => (
    <Col xs={24} md={12} key={name}>
      <Space align="start" style={{ marginBottom: 12 }}>
        <Form.Item noStyle name={['facts', name]} valuePropName="checked">
          <Switch size="small" data-testid={factTestId(name)} />
        </Form.Item>
        <Typography.Text>{FACTS[name].label[language]}</Typography.Text>
      </Space>
    </Col>
  );

  const factChoice = (name: keyof typeof FACT_CHOICES) => (
    <Form.Item name={['facts', name]} label={FACTS[name].label[language]}>
      <Select
        allowClear
        data-testid={factTestId(name)}
        placeholder={t('report.unknown')}
        options={FACT_CHOICES[name].map((value) => ({
          value,
          label: t(`factValue.${value}`),
        }))}
      />
    </Form.Item>
  );

  const timeField = (field: keyof Times, required = false) => (
    <Col xs={24} md={12} key={field}>
      <Form.Item
        name={field}
        label={t(`incident.${field}`)}
        rules={required ? [{ required: true, message: t('report.awareRequired') }] : []}
      >
        <DatePicker
          showTime
          style={{ width: '100%' }}
          data-testid={field === 'awareAt' ? 'incident-aware' : `incident-${field}`}
        />
      </Form.Item>
    </Col>
  );

  return (
    <Row gutter={24}>
      <Col xs={24} xl={14}>
        <Card title={t('report.title')} style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('report.intro')}</Typography.Paragraph>
          <Steps
            size="small"
            current={current}
            onChange={scrollTo}
            items={SECTIONS.map((s) => ({
              title: t(`report.section.${s}`),
              status: sectionDone[s] ? 'finish' : undefined,
            }))}
          />
        </Card>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ tlp: 'amber', awareAt: dayjs(), facts: {} }}
          onValuesChange={onValuesChange}
          onFinish={(v) => void submit(v)}
          scrollToFirstError
        >
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card id="section-what" title={`1. ${t('report.section.what')}`}>
              <Form.Item
                name="title"
                label={t('incident.title')}
                rules={[{ required: true, whitespace: true, max: 300 }]}
              >
                <Input data-testid="incident-title" maxLength={300} />
              </Form.Item>
              <Form.Item
                name="summary"
                label={t('incident.summary')}
                rules={[{ required: true, whitespace: true, max: 20000 }]}
              >
                <Input.TextArea data-testid="incident-summary" rows={4} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} md={12}>
                  <Form.Item
                    name="category"
                    label={t('incident.category')}
                    rules={[{ required: true, message: t('report.categoryRequired') }]}
                  >
                    <Cascader
                      data-testid="incident-category"
                      options={categoryOptions(language)}
                      placeholder={t('report.categoryPlaceholder')}
                      displayRender={(labels) => labels.at(-1)}
                      showSearch
                      expandTrigger="hover"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="tlp" label={t('incident.tlp')}>
                    <Select
                      data-testid="incident-tlp"
                      options={TLP_LEVELS.map((tlp) => ({
                        value: tlp,
                        label: (
                          <Space size={4}>
                            <TlpTag tlp={tlp} />
                            <Typography.Text type="secondary">{t(`tlp.${tlp}`)}</Typography.Text>
                          </Space>
                        ),
                      }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="location" label={t('incident.location')} rules={[{ max: 500 }]}>
                <Input data-testid="incident-location" placeholder={t('report.locationHelp')} />
              </Form.Item>
              {canReportForOthers && (
                <Form.Item
                  name="reporterOrgId"
                  label={t('incident.reporter')}
                  extra={t('report.reporterHelp')}
                >
                  <OrgSelect allowClear />
                </Form.Item>
              )}
              <Form.Item name="affectedAssetIds" label={t('incident.affectedAssets')}>
                <Select
                  mode="multiple"
                  allowClear
                  loading={assets.loading}
                  data-testid="incident-assets"
                  placeholder={t('report.assetsPlaceholder')}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={assets.items.map((a) => ({
                    value: a.id,
                    label: [a.name, a.vendor, a.product, a.version].filter(Boolean).join(' '),
                  }))}
                />
              </Form.Item>
            </Card>

            <Card id="section-when" title={`2. ${t('report.section.when')}`}>
              <Row gutter={16}>
                {timeField('occurredAt')}
                {timeField('detectedAt')}
                {timeField('awareAt', true)}
                {timeField('containedAt')}
                {timeField('handlingEndedAt')}
                {timeField('classifiedAt')}
                {timeField('materialityDecidedAt')}
                {timeField('fixAvailableAt')}
              </Row>
              <Typography.Text type="secondary">{t('report.timesHelp')}</Typography.Text>
            </Card>

            <Card id="section-organisation" title={`3. ${t('report.section.organisation')}`}>
              <ErrorAlert error={org.error} />
              {org.data && (
                <Descriptions
                  size="small"
                  column={2}
                  style={{ marginBottom: 16 }}
                  items={[
                    {
                      key: 'name',
                      label: t('org.name'),
                      children: orgName(org.data, language),
                    },
                    { key: 'country', label: t('org.country'), children: org.data.country },
                    {
                      key: 'sector',
                      label: t('org.sector'),
                      children: sectorLabel(org.data.sector, language),
                    },
                    {
                      key: 'region',
                      label: t('org.region'),
                      children: regionLabel(org.data.region, language),
                    },
                    {
                      key: 'cii',
                      label: t('org.cii'),
                      children: org.data.cii.designated ? (
                        <Tag color="red">{t('org.ciiTag')}</Tag>
                      ) : (
                        t('common.no')
                      ),
                    },
                  ]}
                />
              )}
              <Typography.Paragraph type="secondary">{t('report.orgHelp')}</Typography.Paragraph>
              <Row gutter={16}>
                {ORG_FACTS.filter((name) => FACTS[name].type === 'boolean').map(factSwitch)}
              </Row>
              {factChoice('org.entityClass')}
            </Card>

            <Card id="section-nature" title={`4. ${t('report.section.nature')}`}>
              <Typography.Paragraph type="secondary">{t('report.factsHelp')}</Typography.Paragraph>
              <Row gutter={16}>{BOOLEAN_INCIDENT_FACTS.map(factSwitch)}</Row>
              {factChoice('incident.coreDataThreat')}
            </Card>

            <Card id="section-impact" title={`5. ${t('report.section.impact')}`}>
              <Row gutter={16}>
                {IMPACT_FACTS.map((name) => {
                  const unit = unitOf(name);
                  const ratio = unit === 'ratio';
                  return (
                    <Col xs={24} md={12} key={name}>
                      <Form.Item name={['facts', name]} label={FACTS[name].label[language]}>
                        <InputNumber
                          data-testid={factTestId(name)}
                          min={0}
                          max={ratio ? 1 : undefined}
                          step={ratio ? 0.01 : 1}
                          style={{ width: '100%' }}
                          suffix={unit ? t(`unit.${unit}`) : undefined}
                        />
                      </Form.Item>
                    </Col>
                  );
                })}
              </Row>
            </Card>

            {ransomware && (
              <Card id="section-ransom" title={t('report.section.ransom')}>
                <Row gutter={16}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={['ransom', 'amount']}
                      label={t('incident.ransomAmount')}
                      rules={[{ max: 100 }]}
                    >
                      <Input data-testid="ransom-amount" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={['ransom', 'method']}
                      label={t('incident.ransomMethod')}
                      rules={[{ max: 500 }]}
                    >
                      <Input data-testid="ransom-method" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={['ransom', 'date']} label={t('incident.ransomDate')}>
                      <DatePicker style={{ width: '100%' }} data-testid="ransom-date" />
                    </Form.Item>
                  </Col>
                  {ransomPaid && timeField('ransomPaidAt')}
                </Row>
              </Card>
            )}

            <Card id="section-narrative" title={`6. ${t('report.section.narrative')}`}>
              {NARRATIVE_FIELDS.map((field) => (
                <Form.Item
                  key={field}
                  name={['narrative', field]}
                  label={t(`narrative.${field}`)}
                  rules={[{ max: 20000 }]}
                >
                  <Input.TextArea rows={2} data-testid={`narrative-${field}`} />
                </Form.Item>
              ))}
            </Card>

            <Card>
              <ErrorAlert error={submitError} />
              <Space>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={submitting}
                  data-testid="incident-submit"
                >
                  {t('report.submit')}
                </Button>
                <Button onClick={() => void navigate('/incidents')}>{t('common.cancel')}</Button>
              </Space>
            </Card>
          </Space>
        </Form>
      </Col>
      <Col xs={24} xl={10}>
        <div
          style={{ position: 'sticky', top: 16, maxHeight: 'calc(100vh - 32px)', overflow: 'auto' }}
        >
          <EvaluationPanel
            evaluations={live.evaluations}
            loading={live.loading}
            error={live.error}
            packs={packs}
          />
        </div>
      </Col>
    </Row>
  );
}
