import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { AdvisoryDetail, AdvisoryInput } from '../../../contract/advisories.js';
import { PRODUCT_STATUSES, SEVERITIES } from '../../../core/advisories/model.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useFetch } from '../../hooks.js';
import { REMEDIATION_CATEGORIES } from './shared.js';

const CVE = /^CVE-[0-9]{4}-[0-9]{4,19}$/;

/** The form's values: the input itself, its optional texts possibly left empty. */
type Values = AdvisoryInput;

/**
 * An optional text, trimmed; left out when empty. Not sent as null: the server's schema
 * coercion would store a null text as an empty string.
 */
const optional = (text: string | null | undefined) => text?.trim() || undefined;

function toInput(values: Values): AdvisoryInput {
  return {
    title: values.title.trim(),
    summary: values.summary.trim(),
    severity: values.severity ?? null,
    cves: values.cves,
    products: values.products.map((p) => ({
      name: p.name.trim(),
      vendor: optional(p.vendor),
      product: optional(p.product),
      cpe: optional(p.cpe),
      purl: optional(p.purl),
      versions: optional(p.versions),
      status: p.status,
    })),
    remediations: values.remediations.map((r) => ({
      category: r.category,
      text: r.text.trim(),
      url: optional(r.url),
    })),
    references: values.references.map((r) => ({
      url: r.url.trim(),
      summary: optional(r.summary),
    })),
  };
}

/** An advisory as the editor edits it; the products' version ranges as they read. */
function toValues(advisory: AdvisoryDetail): Values {
  return {
    title: advisory.title,
    summary: advisory.summary ?? '',
    severity: advisory.severity,
    cves: advisory.cves,
    products: advisory.products.map((p) => ({
      name: p.name,
      vendor: p.vendor,
      product: p.product,
      cpe: p.cpe,
      purl: p.purl,
      versions: p.versions,
      status: p.status,
    })),
    remediations: advisory.remediations.flatMap((r) => {
      const category = REMEDIATION_CATEGORIES.find((c) => c === r.category);
      return category ? [{ category, text: r.text, url: r.url }] : [];
    }),
    references: advisory.references,
  };
}

const NEW_ADVISORY: Partial<Values> = {
  cves: [],
  products: [{ name: '', status: 'affected' }],
  remediations: [],
  references: [],
};

/** Writes one of Fenghuo's own advisories, or its next revision, and publishes it as CSAF. */
export function AdvisoryEditorPage() {
  const { id } = useParams();
  const fetched = useFetch<AdvisoryDetail>(id ? `/advisories/${id}` : null);
  if (id && !fetched.data) return fetched.loading ? <Spin /> : <ErrorAlert error={fetched.error} />;
  return <AdvisoryForm key={id ?? 'new'} advisory={fetched.data} />;
}

function AdvisoryForm({ advisory }: { advisory: AdvisoryDetail | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const save = async (values: Values): Promise<AdvisoryDetail> =>
    advisory
      ? api.put<AdvisoryDetail>(`/advisories/${advisory.id}`, toInput(values))
      : api.post<AdvisoryDetail>('/advisories', toInput(values));

  const run = async (work: () => Promise<AdvisoryDetail>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await work();
      void message.success(done);
      void navigate(`/advisories/${saved.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    await run(async () => {
      // Unsaved changes become a revision first: what is published is what the form shows.
      if (form.isFieldsTouched()) await save(values);
      return api.post<AdvisoryDetail>(`/advisories/${advisory!.id}/publish`);
    }, t('advisoryEditor.published'));
  };

  return (
    <Card
      title={
        advisory
          ? `${t('advisoryEditor.editTitle')} · ${advisory.sourceId}`
          : t('advisoryEditor.newTitle')
      }
    >
      <ErrorAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={advisory ? toValues(advisory) : NEW_ADVISORY}
        onFinish={(values) => void run(() => save(values), t('advisoryEditor.saved'))}
        style={{ maxWidth: 1000 }}
      >
        <Form.Item name="title" label={t('advisory.name')} rules={[{ required: true, max: 500 }]}>
          <Input data-testid="advisory-editor-title" />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('advisory.summary')}
          rules={[{ required: true, max: 20000 }]}
        >
          <Input.TextArea rows={5} data-testid="advisory-editor-summary" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="severity" label={t('advisory.severity')}>
              <Select
                allowClear
                options={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              name="cves"
              label={t('advisory.cves')}
              extra={t('advisoryEditor.cvesHelp')}
              rules={[
                {
                  validator: (_, cves: string[] = []) => {
                    const wrong = cves.filter((cve) => !CVE.test(cve));
                    return wrong.length
                      ? Promise.reject(
                          new Error(t('advisoryEditor.cveInvalid', { cves: wrong.join(', ') })),
                        )
                      : Promise.resolve();
                  },
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[',', ' ']} open={false} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('advisory.products')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('advisoryEditor.productsHelp')}
        </Typography.Paragraph>
        <Form.List name="products">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginBottom: 12 }}
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        size="small"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                      >
                        {t('advisoryEditor.remove')}
                      </Button>
                    )
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('advisory.productName')}
                        rules={[{ required: true, max: 300 }]}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name={[field.name, 'status']}
                        label={t('advisory.status')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          options={PRODUCT_STATUSES.map((s) => ({
                            value: s,
                            label: t(`productStatus.${s}`),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'vendor']} label={t('asset.vendor')}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[field.name, 'product']} label={t('asset.product')}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item
                        name={[field.name, 'versions']}
                        label={t('advisory.versions')}
                        extra={t('advisoryEditor.versionsHelp')}
                      >
                        <Input placeholder="<= 5.8.4" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'cpe']} label={t('asset.cpe')}>
                        <Input placeholder={t('asset.cpeExample')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[field.name, 'purl']} label={t('asset.purl')}>
                        <Input placeholder={t('asset.purlExample')} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', status: 'affected' })}
                style={{ marginBottom: 24 }}
              >
                {t('advisoryEditor.addProduct')}
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('advisory.remediations')}</Typography.Title>
        <Form.List name="remediations">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Row key={field.key} gutter={12} align="top">
                  <Col xs={24} md={5}>
                    <Form.Item name={[field.name, 'category']} rules={[{ required: true }]}>
                      <Select
                        placeholder={t('advisory.category')}
                        options={REMEDIATION_CATEGORIES.map((c) => ({
                          value: c,
                          label: t(`remediationCategory.${c}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={11}>
                    <Form.Item name={[field.name, 'text']} rules={[{ required: true, max: 5000 }]}>
                      <Input.TextArea rows={1} autoSize placeholder={t('advisory.text')} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={7}>
                    <Form.Item name={[field.name, 'url']}>
                      <Input placeholder="https://" />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1}>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      title={t('advisoryEditor.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ category: 'vendor_fix', text: '' })}
                style={{ marginBottom: 24 }}
              >
                {t('advisoryEditor.addRemediation')}
              </Button>
            </>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('advisory.references')}</Typography.Title>
        <Form.List name="references">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Row key={field.key} gutter={12}>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'url']} rules={[{ required: true, max: 2000 }]}>
                      <Input placeholder="https://" />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={11}>
                    <Form.Item name={[field.name, 'summary']}>
                      <Input placeholder={t('advisoryEditor.referenceSummary')} />
                    </Form.Item>
                  </Col>
                  <Col xs={2} md={1}>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      title={t('advisoryEditor.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ url: '' })}
                style={{ marginBottom: 24 }}
              >
                {t('advisoryEditor.addReference')}
              </Button>
            </>
          )}
        </Form.List>

        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="advisory-save">
            {t('common.save')}
          </Button>
          {advisory && !advisory.published && (
            <Popconfirm
              title={t('advisoryEditor.publishConfirm')}
              okText={t('advisoryEditor.publish')}
              cancelText={t('common.cancel')}
              onConfirm={() => void publish()}
            >
              <Button loading={busy} data-testid="advisory-publish">
                {t('advisoryEditor.publish')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Form>
    </Card>
  );
}
