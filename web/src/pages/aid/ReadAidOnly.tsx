import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { useSession } from '../../session.tsx';
import { ForbiddenPage } from '../ResultPages.tsx';

/**
 * The 学生资助 pages, for roles that may read aid records (every role but 乡镇干部, whose 控辍保学
 * work needs none of them: roles.ts aid.read); anyone else typing the address gets a 403 page.
 */
export function ReadAidOnly({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  return user?.permissions.readAid ? children : <ForbiddenPage message={t('aid.readForbidden')} />;
}
