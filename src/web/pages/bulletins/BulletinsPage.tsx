import { WifiOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Layout, Space, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import type { Bulletin } from '../../../contract/advisories.js';
import { AppHeader } from '../../components/AppHeader.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { useFetch } from '../../hooks.js';
import { useLanguage } from '../../i18n/index.js';
import { formatTime, orgName } from '../../labels.js';
import { LevelTag, useWording } from '../warnings/shared.js';

/** The public warnings: no login and no app menu, in the language chosen, with their Atom feed. */
export function BulletinsPage() {
  const { t } = useTranslation();
  const language = useLanguage();
  const wording = useWording();
  const { hash } = useLocation();
  const bulletins = useFetch<Bulletin[]>('/public/bulletins');
  const feed = language === 'en' ? '/bulletins.atom?lang=en' : '/bulletins.atom';

  // The feed's entries link to `#<id>`: the page scrolls there once the bulletins are shown.
  useEffect(() => {
    if (hash && bulletins.data) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash, bulletins.data]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader>
        <LanguageSwitch />
      </AppHeader>
      <Layout.Content style={{ padding: 24, maxWidth: 1080, width: '100%', margin: '0 auto' }}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Card
            title={t('bulletin.title')}
            extra={
              <Button icon={<WifiOutlined />} href={feed} data-testid="bulletins-atom">
                {t('bulletin.atom')}
              </Button>
            }
          >
            <Typography.Paragraph style={{ margin: 0 }}>{t('bulletin.intro')}</Typography.Paragraph>
          </Card>
          <ErrorAlert error={bulletins.error} />
          {bulletins.loading && <Spin />}
          {bulletins.data?.length === 0 && (
            <Typography.Text type="secondary">{t('bulletin.none')}</Typography.Text>
          )}
          <div data-testid="bulletins-list">
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {(bulletins.data ?? []).map((b) => {
                const words = wording(b);
                return (
                  <Card
                    key={b.id}
                    id={b.id}
                    data-testid={`bulletin-${b.id}`}
                    title={
                      <Space wrap>
                        <LevelTag level={b.level} />
                        <span>{words.title}</span>
                        {b.state === 'lifted' && (
                          <Tag color="success">{t('warningState.lifted')}</Tag>
                        )}
                      </Space>
                    }
                  >
                    <Descriptions
                      size="small"
                      column={{ xs: 1, md: 3 }}
                      items={[
                        {
                          key: 'issuer',
                          label: t('warning.issuer'),
                          children: orgName(
                            { nameZh: b.issuerNameZh, nameEn: b.issuerNameEn },
                            language,
                          ),
                        },
                        {
                          key: 'issued',
                          label: t('warning.issuedAt'),
                          children: formatTime(b.issuedAt, language),
                        },
                        {
                          key: b.liftedAt ? 'lifted' : 'updated',
                          label: t(b.liftedAt ? 'bulletin.liftedAt' : 'common.updatedAt'),
                          children: formatTime(b.liftedAt ?? b.updatedAt, language),
                        },
                        ...(b.cves.length > 0
                          ? [
                              {
                                key: 'cves',
                                label: t('advisory.cves'),
                                span: 3,
                                children: b.cves.join(t('common.listSeparator')),
                              },
                            ]
                          : []),
                      ]}
                    />
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 16 }}>
                      {words.body}
                    </Typography.Paragraph>
                    <Typography.Title level={5}>{t('warningEditor.measures')}</Typography.Title>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                      {words.measures}
                    </Typography.Paragraph>
                  </Card>
                );
              })}
            </Space>
          </div>
        </Space>
      </Layout.Content>
    </Layout>
  );
}
