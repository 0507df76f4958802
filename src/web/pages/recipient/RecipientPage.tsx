import { Card, Descriptions, Layout, Result, Spin, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { Finding, FindingResponseInput, RecipientView } from '../../../contract/feeds.js';
import { LANGUAGES } from '../../../core/registry/vocabulary.js';
import { api, ApiError } from '../../api.js';
import { AppHeader } from '../../components/AppHeader.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { AnswerButtons } from '../../components/findings/AnswerButtons.js';
import { useFindingColumns } from '../../components/findings/columns.js';
import { FindingFields } from '../../components/findings/FindingFields.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import i18n, { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName } from '../../labels.js';

/**
 * The page behind a digest's personal link: the organisation's findings, each answered with a
 * click. No login and no app menu; it opens in the organisation's language.
 */
export function RecipientPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { token = '' } = useParams();
  const [view, setView] = useState<RecipientView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const columns = useFindingColumns();
  const path = `/public/recipient/${encodeURIComponent(token)}`;

  useEffect(() => {
    let live = true;
    setView(null);
    setError(null);
    api.get<RecipientView>(path).then(
      (loaded) => {
        if (!live) return;
        setView(loaded);
        // The page opens in the organisation's language; the switch changes it from there.
        const wanted = LANGUAGES.find((l) => l === loaded.language);
        if (wanted) void i18n.changeLanguage(wanted);
      },
      (err: unknown) => {
        if (live) setError(err);
      },
    );
    return () => {
      live = false;
    };
  }, [path]);

  const answer = async (id: number, input: FindingResponseInput) => {
    const answered = await api.post<Finding>(`${path}/findings/${id}/response`, input);
    setView(
      (prev) =>
        prev && { ...prev, findings: prev.findings.map((f) => (f.id === id ? answered : f)) },
    );
  };

  // An unknown or expired token is not found; one that cannot be a token is refused as invalid.
  const invalid = error instanceof ApiError && (error.status === 404 || error.status === 400);
  let content;
  if (invalid)
    content = (
      <Result
        status="warning"
        data-testid="recipient-invalid"
        title={t('recipient.linkInvalid')}
        subTitle={t('recipient.linkInvalidHelp')}
      />
    );
  else if (!view) content = error ? <ErrorAlert error={error} /> : <Spin />;
  else
    content = (
      <Card title={t('recipient.title')}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 3 }}
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'org',
              label: t('recipient.organisation'),
              children: (
                <span data-testid="recipient-org">{orgName(view.organisation, language)}</span>
              ),
            },
            {
              key: 'expires',
              label: t('recipient.expires'),
              children: (
                <span data-testid="recipient-expires">{formatTime(view.expiresAt, language)}</span>
              ),
            },
            { key: 'count', label: t('recipient.count'), children: view.findings.length },
          ]}
        />
        <Typography.Paragraph>{t('recipient.intro')}</Typography.Paragraph>
        <div data-testid="recipient-findings">
          <Table<Finding>
            rowKey="id"
            size="small"
            dataSource={view.findings}
            pagination={{ defaultPageSize: 100, hideOnSinglePage: true }}
            locale={{ emptyText: t('recipient.none') }}
            scroll={{ x: 'max-content' }}
            // A row's props are typed without data attributes, which React passes on all the same.
            onRow={(f) => ({ 'data-testid': `recipient-finding-${f.id}` }) as object}
            expandable={{ expandedRowRender: (f) => <FindingFields finding={f} /> }}
            columns={[
              columns.host,
              columns.port,
              columns.identifier,
              columns.severity,
              columns.state,
              columns.count,
              columns.lastSeen,
              {
                key: 'answer',
                fixed: 'right',
                render: (_, f) => (
                  <AnswerButtons
                    finding={f}
                    testIdPrefix="recipient"
                    onAnswer={(input) => answer(f.id, input)}
                  />
                ),
              },
            ]}
          />
        </div>
      </Card>
    );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader>
        <LanguageSwitch />
      </AppHeader>
      <Layout.Content style={{ padding: 24, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        {content}
      </Layout.Content>
    </Layout>
  );
}
