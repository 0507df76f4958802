import { Button, Card, Descriptions, Empty, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LookupResult } from '../../../contract/registry.js';
import { api } from '../../api.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useLanguage } from '../../i18n/index.js';
import { orgName, regionLabel, sectorLabel } from '../../labels.js';

export function LookupPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const [result, setResult] = useState<LookupResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const lookup = async ({ q }: { q: string }) => {
    setLoading(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.get<LookupResult>('/lookup', { q: q.trim() }));
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  const match = result?.match;

  return (
    <Card title={t('nav.lookup')}>
      <Form
        layout="inline"
        onFinish={(values: { q: string }) => void lookup(values)}
        style={{ marginBottom: 24 }}
      >
        <Form.Item
          name="q"
          rules={[{ required: true, whitespace: true, message: t('lookup.required') }]}
        >
          <Input
            data-testid="lookup-input"
            placeholder={t('lookup.placeholder')}
            style={{ width: 360 }}
            allowClear
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading} data-testid="lookup-submit">
          {t('lookup.submit')}
        </Button>
      </Form>
      {(result || error !== null) && (
        <div data-testid="lookup-result">
          <ErrorAlert error={error} />
          {result && !match && <Empty description={t('lookup.noOwner')} />}
          {result && match && (
            <Descriptions
              bordered
              column={1}
              items={[
                {
                  key: 'type',
                  label: t('lookup.queryType'),
                  children: t(`lookupType.${result.type}`),
                },
                {
                  key: 'organisation',
                  label: t('lookup.owner'),
                  children: (
                    <Link
                      to={`/registry/organisations/${match.organisation.id}`}
                      data-testid="lookup-owner"
                    >
                      {orgName(match.organisation, language)}
                    </Link>
                  ),
                },
                {
                  key: 'kind',
                  label: t('org.kind'),
                  children: t(`orgKind.${match.organisation.kind}`),
                },
                {
                  key: 'sector',
                  label: t('org.sector'),
                  children: sectorLabel(match.organisation.sector, language),
                },
                {
                  key: 'region',
                  label: t('org.region'),
                  children: regionLabel(match.organisation.region, language),
                },
                {
                  key: 'network',
                  label: t('lookup.network'),
                  children: (
                    <>
                      <Tag>{t(`networkType.${match.network.type}`)}</Tag>
                      {match.network.value}
                    </>
                  ),
                },
                { key: 'source', label: t('network.source'), children: match.network.source },
                { key: 'note', label: t('network.note'), children: match.network.note },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
