import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BugOutlined,
  BulbOutlined,
  CloudDownloadOutlined,
  DashboardOutlined,
  ImportOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  NotificationOutlined,
  SearchOutlined,
  SwapOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLanguage } from '../i18n/index.js';
import { orgName } from '../labels.js';
import {
  FEED_ROLES,
  FINDING_ROLES,
  SUPERVISION_ROLES,
  useSession,
  useSessionInfo,
} from '../session.js';
import { AppHeader } from './AppHeader.js';
import { LanguageSwitch } from './LanguageSwitch.js';

type MenuItem = Required<MenuProps>['items'][number];

function navItem(path: string, testId: string, label: string, icon: ReactNode): MenuItem {
  return {
    key: path,
    icon,
    label: (
      <Link to={path} data-testid={testId}>
        {label}
      </Link>
    ),
  };
}

/** The frame of every page behind the login: header, navigation menu and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const language = useLanguage();
  const { logout, hasRole, may } = useSession();
  const session = useSessionInfo();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const tokens = navItem('/admin/tokens', 'nav-tokens', t('nav.tokens'), <KeyOutlined />);
  const items: MenuItem[] = [
    {
      type: 'group',
      key: 'registry',
      label: t('nav.registry'),
      children: [
        navItem(
          '/registry/organisations',
          'nav-organisations',
          t('nav.organisations'),
          <ApartmentOutlined />,
        ),
        navItem('/registry/lookup', 'nav-lookup', t('nav.lookup'), <SearchOutlined />),
        navItem('/registry/import', 'nav-import', t('nav.import'), <ImportOutlined />),
      ],
    },
    { type: 'divider' },
    navItem('/incidents', 'nav-incidents', t('nav.incidents'), <AlertOutlined />),
    ...(hasRole(...SUPERVISION_ROLES)
      ? [navItem('/supervision', 'nav-supervision', t('nav.supervision'), <DashboardOutlined />)]
      : []),
    ...(hasRole(...FEED_ROLES)
      ? [navItem('/feeds', 'nav-feeds', t('nav.feeds'), <CloudDownloadOutlined />)]
      : []),
    ...(hasRole(...FINDING_ROLES)
      ? [navItem('/findings', 'nav-findings', t('nav.findings'), <BugOutlined />)]
      : []),
    ...(may('advisory.read')
      ? [navItem('/advisories', 'nav-advisories', t('nav.advisories'), <NotificationOutlined />)]
      : []),
    ...(may('warning.read')
      ? [navItem('/warnings', 'nav-warnings', t('nav.warnings'), <WarningOutlined />)]
      : []),
    navItem('/exchange', 'nav-exchange', t('nav.exchange'), <SwapOutlined />),
    navItem('/tips', 'nav-tips', t('nav.tips'), <BulbOutlined />),
    navItem('/inbox', 'nav-inbox', t('nav.inbox'), <InboxOutlined />),
    { type: 'divider' },
    hasRole('admin')
      ? {
          type: 'group',
          key: 'admin',
          label: t('nav.admin'),
          children: [
            navItem('/admin/users', 'nav-users', t('nav.users'), <UserOutlined />),
            tokens,
          ],
        }
      : tokens,
    ...(hasRole('admin', 'auditor')
      ? [navItem('/audit', 'nav-audit', t('nav.audit'), <AuditOutlined />)]
      : []),
  ];

  // The entry whose path starts the current one, so that a detail page selects its list.
  const selected = items
    .flatMap((item) => (item && 'children' in item && item.children ? item.children : [item]))
    .map((item) => String(item?.key))
    .filter((key) => pathname === key || pathname.startsWith(`${key}/`));

  const onLogout = async () => {
    await logout();
    void navigate('/login');
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader>
        <Space>
          <Typography.Text strong data-testid="user-name">
            {session.user.displayName}
          </Typography.Text>
          <Typography.Text type="secondary">
            {orgName(session.organisation, language)}
          </Typography.Text>
          <LanguageSwitch />
          <Button
            type="text"
            data-testid="logout"
            icon={<LogoutOutlined />}
            onClick={() => void onLogout()}
          >
            {t('header.logout')}
          </Button>
        </Space>
      </AppHeader>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu mode="inline" items={items} selectedKeys={selected} style={{ height: '100%' }} />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
