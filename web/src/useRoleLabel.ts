import type { CurrentUser } from './api.ts';
import { type Lang, useI18n } from './i18n.ts';

/** The role's name in `lang`: both labels come with the user (GET /api/auth/me), so no other fetch. */
export function roleLabelIn(lang: Lang, user: Pick<CurrentUser, 'roleLabel' | 'roleLabelEn'>): string {
  return lang === 'en' && user.roleLabelEn ? user.roleLabelEn : user.roleLabel;
}

/**
 * The signed-in user's role in the current language. The server sends the Chinese and the English
 * label with the user (presentActor), so a reload in the English UI shows the English one from the
 * first paint (tester A13: it showed the Chinese one until GET /api/roles came back).
 */
export function useRoleLabel(user: Pick<CurrentUser, 'roleLabel' | 'roleLabelEn'>): string {
  const { lang } = useI18n();
  return roleLabelIn(lang, user);
}
