import { useEffect, useState } from 'react';
import { fetchRoles } from './api.ts';
import { useI18n } from './i18n.ts';

/**
 * The role's name in the current language. The server sends the Chinese label with the user;
 * the English one comes from GET /api/roles (fetched once), so the two never drift apart.
 */
export function useRoleLabel(role: string, zhLabel: string): string {
  const { lang } = useI18n();
  const [en, setEn] = useState<string | null>(null);
  useEffect(() => {
    if (lang !== 'en') return;
    let live = true;
    fetchRoles()
      .then((roles) => live && setEn(roles.find((r) => r.value === role)?.labelEn ?? null))
      .catch(() => live && setEn(null));
    return () => {
      live = false;
    };
  }, [lang, role]);
  return lang === 'en' && en ? en : zhLabel;
}
