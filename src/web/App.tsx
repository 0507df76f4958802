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
import { AdvisoriesPage } from './pages/advisories/AdvisoriesPage.js';
import { AdvisoryDetailPage } from './pages/advisories/AdvisoryDetailPage.js';
import { AdvisoryEditorPage } from './pages/advisories/AdvisoryEditorPage.js';
import { SourcesPage } from './pages/advisories/SourcesPage.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { BulletinsPage } from './pages/bulletins/BulletinsPage.js';
import { FeedsPage } from './pages/feeds/FeedsPage.js';
import { RunPage } from './pages/feeds/RunPage.js';
import { FindingsLayout } from './pages/findings/FindingsLayout.js';
import { FindingsPage } from './pages/findings/FindingsPage.js';
import { MetricsPage } from './pages/findings/MetricsPage.js';
import { UnmatchedPage } from './pages/findings/UnmatchedPage.js';
import { InboxPage } from './pages/inbox/InboxPage.js';
import { IncidentDetailPage } from './pages/incidents/IncidentDetailPage.js';
import { IncidentsPage } from './pages/incidents/IncidentsPage.js';
import { ReportIncidentPage } from './pages/incidents/ReportIncidentPage.js';
import { LoginPage } from './pages/login/LoginPage.js';
import { ImportExportPage } from './pages/registry/ImportExportPage.js';
import { LookupPage } from './pages/registry/LookupPage.js';
import { OrganisationDetailPage } from './pages/registry/OrganisationDetailPage.js';
import { OrganisationsPage } from './pages/registry/OrganisationsPage.js';
import { RecipientPage } from './pages/recipient/RecipientPage.js';
import { SupervisionPage } from './pages/supervision/SupervisionPage.js';
import { OverduePage } from './pages/warnings/OverduePage.js';
import { WarningEditorPage } from './pages/warnings/WarningEditorPage.js';
import { WarningPage } from './pages/warnings/WarningPage.js';
import { WarningsPage } from './pages/warnings/WarningsPage.js';
import {
  FEED_ROLES,
  FINDING_ROLES,
  rolesThatMay,
  SessionProvider,
  SUPERVISION_ROLES,
  useSession,
} from './session.js';

const LATER_AREAS: LaterArea[] = ['exchange', 'tips'];

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
              {/* A digest's personal link: no login, no app frame. */}
              <Route path="/r/:token" element={<RecipientPage />} />
              {/* Public warnings: no login, no app frame. */}
              <Route path="/bulletins" element={<BulletinsPage />} />
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
                <Route
                  path="feeds"
                  element={
                    <RequireRole roles={FEED_ROLES}>
                      <FeedsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="feeds/runs/:id"
                  element={
                    <RequireRole roles={rolesThatMay('feed.read')}>
                      <RunPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="findings"
                  element={
                    <RequireRole roles={FINDING_ROLES}>
                      <FindingsLayout />
                    </RequireRole>
                  }
                >
                  <Route index element={<FindingsPage />} />
                  <Route
                    path="unmatched"
                    element={
                      <RequireRole roles={rolesThatMay('finding.assign')}>
                        <UnmatchedPage />
                      </RequireRole>
                    }
                  />
                  <Route path="metrics" element={<MetricsPage />} />
                </Route>
                <Route
                  path="advisories"
                  element={
                    <RequireRole roles={rolesThatMay('advisory.read')}>
                      <AdvisoriesPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="advisories/new"
                  element={
                    <RequireRole roles={rolesThatMay('advisory.write')}>
                      <AdvisoryEditorPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="advisories/sources"
                  element={
                    <RequireRole roles={rolesThatMay('advisory.source')}>
                      <SourcesPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="advisories/:id"
                  element={
                    <RequireRole roles={rolesThatMay('advisory.read')}>
                      <AdvisoryDetailPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="advisories/:id/edit"
                  element={
                    <RequireRole roles={rolesThatMay('advisory.write')}>
                      <AdvisoryEditorPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="warnings"
                  element={
                    <RequireRole roles={rolesThatMay('warning.read')}>
                      <WarningsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="warnings/new"
                  element={
                    <RequireRole roles={rolesThatMay('warning.issue')}>
                      <WarningEditorPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="warnings/overdue"
                  element={
                    <RequireRole roles={rolesThatMay('warning.read')}>
                      <OverduePage />
                    </RequireRole>
                  }
                />
                <Route
                  path="warnings/:id"
                  element={
                    <RequireRole roles={rolesThatMay('warning.read')}>
                      <WarningPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="warnings/:id/edit"
                  element={
                    <RequireRole roles={rolesThatMay('warning.issue')}>
                      <WarningEditorPage />
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
