import { Route } from 'react-router-dom';
import { CoveragePage } from './CoveragePage.tsx';
import { EntitlementsPage } from './EntitlementsPage.tsx';
import { PaymentsPage } from './PaymentsPage.tsx';
import { PolicyPage } from './PolicyPage.tsx';
import { ReadAidOnly } from './ReadAidOnly.tsx';
import { RecognitionPage } from './RecognitionPage.tsx';

/**
 * The 学生资助 core pages (工作要点 1, 2, 6), placed inside the signed-in layout by App.tsx:
 * 政策配置, 困难认定, 应享资助, 发放名单, 覆盖情况 (with the 监管 export).
 */
export const aidRoutes = [
  <Route
    key="aid-policy"
    path="aid/policy"
    element={
      <ReadAidOnly>
        <PolicyPage />
      </ReadAidOnly>
    }
  />,
  <Route
    key="aid-recognition"
    path="aid/recognition"
    element={
      <ReadAidOnly>
        <RecognitionPage />
      </ReadAidOnly>
    }
  />,
  <Route
    key="aid-entitlements"
    path="aid/entitlements"
    element={
      <ReadAidOnly>
        <EntitlementsPage />
      </ReadAidOnly>
    }
  />,
  <Route
    key="aid-payments"
    path="aid/payments"
    element={
      <ReadAidOnly>
        <PaymentsPage />
      </ReadAidOnly>
    }
  />,
  <Route
    key="aid-coverage"
    path="aid/coverage"
    element={
      <ReadAidOnly>
        <CoveragePage />
      </ReadAidOnly>
    }
  />,
];

/** Menu entries under 学生资助, before the extras (keys are paths below /). */
export const AID_MENU = [
  { key: 'aid/policy', label: 'menu.aidPolicy' },
  { key: 'aid/recognition', label: 'menu.aidRecognition' },
  { key: 'aid/entitlements', label: 'menu.aidEntitlements' },
  { key: 'aid/payments', label: 'menu.aidPayments' },
  { key: 'aid/coverage', label: 'menu.aidCoverage' },
] as const;
