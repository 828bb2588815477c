import { Route } from 'react-router-dom';
import { ReadAidOnly } from '../aid/ReadAidOnly.tsx';
import { CarePage } from './CarePage.tsx';
import { FundPage } from './FundPage.tsx';
import { ReliefPage } from './ReliefPage.tsx';

/**
 * The 学生资助 extras pages, placed inside the signed-in layout by App.tsx: 应急救助 (工作要点 1),
 * 学校资助基金 and 红烛暖心 (工作要点 2, 4). The core aid pages sit beside them under /aid.
 */
export const aidExtrasRoutes = [
  <Route
    key="aid-relief"
    path="aid/relief"
    element={
      <ReadAidOnly>
        <ReliefPage />
      </ReadAidOnly>
    }
  />,
  <Route
    key="aid-fund"
    path="aid/fund"
    element={
      <ReadAidOnly>
        <FundPage />
      </ReadAidOnly>
    }
  />,
  <Route
    key="aid-care"
    path="aid/care"
    element={
      <ReadAidOnly care>
        <CarePage />
      </ReadAidOnly>
    }
  />,
];

/**
 * Menu entries under 学生资助 (keys are paths below /); `care`: shown to a role that reads 红烛暖心
 * only (教师科), as the only entry.
 */
export const AID_EXTRAS_MENU = [
  { key: 'aid/relief', label: 'menu.aidRelief', care: false },
  { key: 'aid/fund', label: 'menu.aidFund', care: false },
  { key: 'aid/care', label: 'menu.aidCare', care: true },
] as const;
