import { Card, Typography } from 'antd';
import { UrlTabs } from '../../components/UrlTabs.tsx';
import { useI18n } from '../../i18n.ts';
import { CasesTab } from './CasesTab.tsx';
import { DashboardTab } from './DashboardTab.tsx';
import { LettersTab } from './LettersTab.tsx';
import { OutOfSchoolTab } from './OutOfSchoolTab.tsx';
import { SettingsTab } from './SettingsTab.tsx';
import { TransfersTab } from './TransfersTab.tsx';

const TABS = ['dashboard', 'cases', 'outOfSchool', 'transfers', 'letters', 'settings'] as const;
type Tab = (typeof TABS)[number];

/** /dropout: 控辍保学 (工作要点 5) — overview, ledger, out-of-school list, transfers, letters, settings. */
export function DropoutPage() {
  const { t } = useI18n();
  const body: Record<Tab, React.ReactNode> = {
    dashboard: <DashboardTab />,
    cases: <CasesTab />,
    outOfSchool: <OutOfSchoolTab />,
    transfers: <TransfersTab />,
    letters: <LettersTab />,
    settings: <SettingsTab />,
  };
  return (
    <Card
      title={t('dropout.title')}
      extra={<Typography.Text type="secondary">{t('dropout.policy')}</Typography.Text>}
    >
      <UrlTabs keys={TABS} label={(k) => t(`dropout.tab.${k}`)} body={body} />
    </Card>
  );
}
