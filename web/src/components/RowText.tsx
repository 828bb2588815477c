import { useI18n } from '../i18n.ts';
import { englishOfRowText } from '../rowMessages.ts';

/**
 * A row's problem, an ID problem or a registry value as the server wrote it (Chinese); in the
 * English UI its English when known, with the Chinese original on hover (what the file and the
 * bureau's other systems say).
 */
export function RowText({ text }: { text: string }) {
  const { lang } = useI18n();
  const en = lang === 'en' ? englishOfRowText(text) : null;
  return en === null ? <>{text}</> : <span title={text}>{en}</span>;
}
