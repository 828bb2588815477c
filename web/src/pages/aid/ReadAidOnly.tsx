import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { useSession } from '../../session.tsx';
import { ForbiddenPage } from '../ResultPages.tsx';

/**
 * The 学生资助 pages, for roles that may read aid records (not 乡镇干部, whose 控辍保学 work needs
 * none of them, nor 教师科: roles.ts aid.read); `care` marks the 红烛暖心 page, which 教师科 reads
 * too (aid.care.read). Anyone else typing the address gets a 403 page saying what they may read.
 */
export function ReadAidOnly({ children, care = false }: { children: ReactNode; care?: boolean }) {
  const { t } = useI18n();
  const { user } = useSession();
  const p = user?.permissions;
  if (p?.readAid || (care && p?.readCare)) return children;
  return <ForbiddenPage message={t(p?.readCare ? 'aid.careOnlyForbidden' : 'aid.readForbidden')} />;
}
