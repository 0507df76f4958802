import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../../session.js';

/** The findings area: explorer, unmatched queue and metrics, one tab each, each its own route. */
export function FindingsLayout() {
  const { t } = useTranslation();
  const { may } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = [
    { key: '/findings', testId: 'findings-tab-explorer', label: t('findings.explorer') },
    ...(may('finding.assign')
      ? [
          {
            key: '/findings/unmatched',
            testId: 'findings-tab-unmatched',
            label: t('findings.unmatched'),
          },
        ]
      : []),
    { key: '/findings/metrics', testId: 'findings-tab-metrics', label: t('findings.metrics') },
  ];

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('nav.findings')}
      </Typography.Title>
      <Tabs
        activeKey={pathname.replace(/\/$/, '')}
        onChange={(key) => void navigate(key)}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={tab.testId}>{tab.label}</span>,
        }))}
      />
      <Outlet />
    </>
  );
}
