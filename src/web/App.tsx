import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './components/AppLayout.js';
import { ComingSoon, type LaterArea } from './components/ComingSoon.js';
import { RequireRole } from './components/RequireRole.js';
import { useLanguage } from './i18n/index.js';
import { TokensPage } from './pages/admin/TokensPage.js';
import { UsersPage } from './pages/admin/UsersPage.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { InboxPage } from './pages/inbox/InboxPage.js';
import { IncidentDetailPage } from './pages/incidents/IncidentDetailPage.js';
import { IncidentsPage } from './pages/incidents/IncidentsPage.js';
import { ReportIncidentPage } from './pages/incidents/ReportIncidentPage.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { ImportExportPage } from './pages/registry/ImportExportPage.js';
import { LookupPage } from './pages/registry/LookupPage.js';
import { OrganisationDetailPage } from './pages/registry/OrganisationDetailPage.js';
import { OrganisationsPage } from './pages/registry/OrganisationsPage.js';
import { SupervisionPage } from './pages/supervision/SupervisionPage.js';
import { SessionProvider, SUPERVISION_ROLES, useSession } from './session.js';

const LATER_AREAS: LaterArea[] = ['feeds', 'advisories', 'exchange', 'tips'];

/** Sends visitors without a session to the login page, remembering where they were going. */
function RequireSession({ children }: { children: ReactNode }) {
  const { session, checking } = useSession();
  const location = useLocation();
  if (checking) return <Spin fullscreen />;
  if (!session) return <Navigate to="/login" replace state={{ from: location }} />;
  return children;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('error.pageNotFound')} />;
}

export function App() {
  const language = useLanguage();
  return (
    <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireSession>
                    <AppLayout />
                  </RequireSession>
                }
              >
                <Route index element={<Navigate to="/registry/organisations" replace />} />
                <Route path="registry/organisations" element={<OrganisationsPage />} />
                <Route path="registry/organisations/:id" element={<OrganisationDetailPage />} />
                <Route path="registry/lookup" element={<LookupPage />} />
                <Route path="registry/import" element={<ImportExportPage />} />
                <Route path="incidents" element={<IncidentsPage />} />
                <Route path="incidents/new" element={<ReportIncidentPage />} />
                <Route path="incidents/:id" element={<IncidentDetailPage />} />
                <Route
                  path="supervision"
                  element={
                    <RequireRole roles={SUPERVISION_ROLES}>
                      <SupervisionPage />
                    </RequireRole>
                  }
                />
                {LATER_AREAS.map((area) => (
                  <Route key={area} path={area} element={<ComingSoon area={area} />} />
                ))}
                <Route path="inbox" element={<InboxPage />} />
                <Route
                  path="admin/users"
                  element={
                    <RequireRole roles={['admin']}>
                      <UsersPage />
                    </RequireRole>
                  }
                />
                <Route path="admin/tokens" element={<TokensPage />} />
                <Route
                  path="audit"
                  element={
                    <RequireRole roles={['admin', 'auditor']}>
                      <AuditPage />
                    </RequireRole>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
