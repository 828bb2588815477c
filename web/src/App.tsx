import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './components/AppLayout.tsx';
import { I18nProvider, useI18n } from './i18n.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { aidRoutes } from './pages/aid/AidRoutes.tsx';
import { aidExtrasRoutes } from './pages/aid-extras/AidExtrasRoutes.tsx';
import { ComparisonPage } from './pages/comparison/ComparisonPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { CaseDetailPage } from './pages/dropout/CaseDetailPage.tsx';
import { DropoutPage } from './pages/dropout/DropoutPage.tsx';
import { JobsPage } from './pages/JobsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { PersonPage } from './pages/person/PersonPage.tsx';
import { PersonSearchPage } from './pages/person/PersonSearchPage.tsx';
import { ReadPupilRecordsOnly } from './pages/ReadPupilRecordsOnly.tsx';
import { RegionPage, RegionRootRedirect } from './pages/RegionPage.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/ResultPages.tsx';
import { SchoolPage } from './pages/SchoolPage.tsx';
import { SchoolSearchPage } from './pages/SchoolSearchPage.tsx';
import { UPCOMING, UpcomingPage } from './pages/UpcomingPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { useReducedMotion } from './useReducedMotion.ts';

/**
 * antd's own texts (pagination, date pickers, empty states) follow the chosen language; its
 * animations follow the system's reduce-motion setting.
 */
function LocalisedAntd({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  const reduceMotion = useReducedMotion();
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1763c6', borderRadius: 4, motion: !reduceMotion } }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Pages behind the login: anyone not signed in is sent to /login and brought back after. */
function RequireUser({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) {
    return (
      <div style={{ paddingTop: 160, textAlign: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

function ManageUsersOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  return user?.permissions.manageUsers ? children : <ForbiddenPage />;
}

function ReadAuditOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  return user?.permissions.readAudit ? children : <ForbiddenPage />;
}

/** The web app: language, antd theme, router and session around the pages. */
export function App() {
  return (
    <I18nProvider>
      <LocalisedAntd>
        <BrowserRouter>
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireUser>
                    <AppLayout />
                  </RequireUser>
                }
              >
                <Route index element={<DashboardPage />} />
                <Route path="regions" element={<RegionRootRedirect />} />
                <Route path="regions/:code" element={<RegionPage />} />
                <Route path="schools" element={<SchoolSearchPage />} />
                <Route path="schools/:code" element={<SchoolPage />} />
                <Route
                  path="comparison"
                  element={
                    <ReadPupilRecordsOnly>
                      <ComparisonPage />
                    </ReadPupilRecordsOnly>
                  }
                />
                <Route path="persons" element={<PersonSearchPage />} />
                <Route path="persons/:id" element={<PersonPage />} />
                <Route
                  path="dropout"
                  element={
                    <ReadPupilRecordsOnly>
                      <DropoutPage />
                    </ReadPupilRecordsOnly>
                  }
                />
                <Route
                  path="dropout/cases/:id"
                  element={
                    <ReadPupilRecordsOnly>
                      <CaseDetailPage />
                    </ReadPupilRecordsOnly>
                  }
                />
                {aidRoutes}
                {aidExtrasRoutes}
                {UPCOMING.filter((m) => m.key !== 'dropout' && m.key !== 'comparison').map((m) => (
                  <Route key={m.key} path={m.key} element={<UpcomingPage module={m} />} />
                ))}
                <Route
                  path="users"
                  element={
                    <ManageUsersOnly>
                      <UsersPage />
                    </ManageUsersOnly>
                  }
                />
                <Route
                  path="audit"
                  element={
                    <ReadAuditOnly>
                      <AuditPage />
                    </ReadAuditOnly>
                  }
                />
                <Route path="jobs" element={<JobsPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </LocalisedAntd>
    </I18nProvider>
  );
}
