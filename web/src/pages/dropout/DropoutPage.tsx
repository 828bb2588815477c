import { Card, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
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
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'dashboard';
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
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) => setParams({ tab: k })}
        items={TABS.map((k) => ({ key: k, label: t(`dropout.tab.${k}`), children: body[k] }))}
      />
    </Card>
  );
}
