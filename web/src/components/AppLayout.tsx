import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  DownOutlined,
  ExperimentOutlined,
  HomeOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  MoneyCollectOutlined,
  ProjectOutlined,
  ReadOutlined,
  ScheduleOutlined,
  SwapOutlined,
  TeamOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, Menu, type MenuProps, Tag } from 'antd';
import { type ReactNode, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type MessageKey, useI18n } from '../i18n.ts';
import { AID_MENU } from '../pages/aid/AidRoutes.tsx';
import { AID_EXTRAS_MENU } from '../pages/aid-extras/AidExtrasRoutes.tsx';
import { useSession, useUser } from '../session.tsx';
import { useRoleLabel } from '../useRoleLabel.ts';
import { ChangePasswordModal } from './ChangePasswordModal.tsx';

interface NavItem {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  show?: boolean;
  /** Sub-entries (keys are paths below /), e.g. 学生资助 → 应急救助, 学校资助基金, 红烛暖心. */
  children?: readonly { key: string; label: MessageKey }[];
}

/** Which menu entry a path belongs to (/regions/350421 and /schools/… → 区域与学校). */
function menuKeyOf(pathname: string): string {
  const first = pathname.split('/')[1] ?? '';
  if (first === '') return 'home';
  if (first === 'schools') return 'regions';
  const second = pathname.split('/')[2];
  if (first === 'aid' && second) return `aid/${second}`;
  return first;
}

/** The signed-in frame: header (title, language, user menu), left menu, page content. */
export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const user = useUser();
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // A phone (narrower than antd's md, 768 px; unknown before the first measure counts as no phone):
  // the menu folds away entirely and opens over the page with its labels, and the header keeps to
  // the screen's width (the name and the language word go; the icons stay).
  const phone = Grid.useBreakpoint().md === false;
  const [pwdOpen, setPwdOpen] = useState(false);
  const roleLabel = useRoleLabel(user);

  const nav: NavItem[] = [
    { key: 'home', label: 'menu.dashboard', icon: <HomeOutlined /> },
    { key: 'regions', label: 'menu.regions', icon: <BankOutlined /> },
    {
      key: 'aid',
      label: 'menu.aid',
      icon: <MoneyCollectOutlined />,
      // 教师科 reads 红烛暖心 only (its caring teachers): that entry alone.
      children: user.permissions.readAid
        ? [...AID_MENU, ...AID_EXTRAS_MENU]
        : AID_EXTRAS_MENU.filter((c) => c.care),
      // Not for 乡镇干部 (控辍保学 only): the API refuses them every 学生资助 record.
      show: user.permissions.readAid || user.permissions.readCare,
    },
    // Not for 教师科 (no persons.read): the API refuses it the rolls, 信息比对 and 控辍保学.
    {
      key: 'comparison',
      label: 'menu.comparison',
      icon: <SwapOutlined />,
      show: user.permissions.readPersons,
    },
    { key: 'persons', label: 'menu.persons', icon: <IdcardOutlined /> },
    { key: 'dropout', label: 'menu.dropout', icon: <AlertOutlined />, show: user.permissions.readPersons },
    { key: 'teachers', label: 'menu.teachers', icon: <ReadOutlined /> },
    { key: 'projects', label: 'menu.projects', icon: <ProjectOutlined /> },
    { key: 'training', label: 'menu.training', icon: <ExperimentOutlined /> },
    { key: 'reports', label: 'menu.reports', icon: <BarChartOutlined /> },
    { key: 'users', label: 'menu.users', icon: <TeamOutlined />, show: user.permissions.manageUsers },
    { key: 'audit', label: 'menu.audit', icon: <AuditOutlined />, show: user.permissions.readAudit },
    { key: 'jobs', label: 'menu.jobs', icon: <ScheduleOutlined /> },
  ];
  const items: MenuProps['items'] = nav
    .filter((n) => n.show !== false)
    .map((n) => ({
      key: n.key,
      icon: n.icon,
      label: t(n.label),
      'data-testid': `menu-${n.key}`,
      children: n.children?.map((c) => ({
        key: c.key,
        label: t(c.label),
        'data-testid': `menu-${c.key.replace('/', '-')}`,
      })),
    }));

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
  ];
  async function onUserMenu({ key }: { key: string }) {
    if (key === 'password') setPwdOpen(true);
    if (key === 'logout') {
      await logout();
      navigate('/login', { replace: true });
    }
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="jf-header">
        {phone && (
          <Button
            type="text"
            style={{ color: '#fff', flex: 'none' }}
            icon={<MenuOutlined />}
            aria-label={t('header.menu')}
            aria-expanded={!collapsed}
            onClick={() => setCollapsed((c) => !c)}
            data-testid="menu-toggle"
          />
        )}
        <div className="jf-brand" data-testid="app-title">
          {t('app.title')}
        </div>
        <div className="jf-header-right">
          <Button
            type="text"
            style={{ color: '#fff' }}
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            data-testid="lang-switch"
          >
            {!phone && t('lang.switchTo')}
          </Button>
          <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
            <Button type="text" style={{ color: '#fff' }} data-testid="user-menu">
              <UserOutlined />
              {!phone && <span data-testid="user-name">{user.displayName}</span>}
              <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                {roleLabel}
              </Tag>
              <DownOutlined />
            </Button>
          </Dropdown>
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          theme="light"
          width={208}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          collapsedWidth={phone ? 0 : 80}
          trigger={phone ? null : undefined}
          className={phone ? 'jf-sider-phone' : 'jf-sider'}
        >
          <Menu
            mode="inline"
            selectedKeys={[menuKeyOf(location.pathname)]}
            defaultOpenKeys={location.pathname.startsWith('/aid') ? ['aid'] : []}
            items={items}
            onClick={({ key }) => {
              navigate(key === 'home' ? '/' : `/${key}`);
              if (phone) setCollapsed(true);
            }}
            style={{ borderInlineEnd: 0, paddingTop: 8 }}
          />
        </Layout.Sider>
        {/* A tap beside the open phone menu closes it, as a drawer's does. */}
        {phone && !collapsed && (
          <div
            className="jf-sider-backdrop"
            onClick={() => setCollapsed(true)}
            aria-hidden="true"
            data-testid="menu-backdrop"
          />
        )}
        <Layout.Content className="jf-content">
          <Outlet />
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={pwdOpen} onClose={() => setPwdOpen(false)} />
    </Layout>
  );
}
