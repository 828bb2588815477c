import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';
import { useSession } from '../session.tsx';
import { ForbiddenPage } from './ResultPages.tsx';

/**
 * 信息比对 and 控辍保学, for the roles that read pupils' and families' records (roles.ts persons.read:
 * every role but 教师科, whom the API refuses them). Anyone else typing the address gets one 403 page
 * saying what they may read, not a page of panels each refused.
 */
export function ReadPupilRecordsOnly({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession();
  if (user?.permissions.readPersons) return children;
  return <ForbiddenPage message={t('pupilRecords.forbidden')} />;
}
