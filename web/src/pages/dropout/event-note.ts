/**
 * The note of a 控辍保学 case's history entry in the UI's language. The server writes three kinds of
 * entry itself, in fixed Chinese (src/modules/dropout/cases.service.ts: the case opened, a persuasion
 * starting 劝返, and cases.queries.ts returnSchoolNote: the school returned to); those read in English
 * in the English UI, with their numbers, dates and school names as they are. Whatever a user typed
 * (a note of a status change, the part after 复学学校's ；) stays as typed, and an unknown note too.
 */
import { type Lang, punctOf } from '../../i18n.ts';

type Rule = [RegExp, (m: RegExpMatchArray, rest: (s: string | undefined) => string) => string];

const RULES: Rule[] = [
  [/^建立台账$/, () => 'Case opened'],
  [
    /^建立台账（此前台账编号 (\d+) 已于 (\S+) 结案(?:，曾记录复学日期 (\S+?)(，但该儿童仍未在学籍中)?)?）$/,
    (m) =>
      `Case opened (the earlier case no. ${m[1]} was closed on ${m[2]}${
        m[3] ? `, with a return recorded on ${m[3]}${m[4] ? ', but the child is still on no roll' : ''}` : ''
      })`,
  ],
  [/^登记劝返，进入劝返程序$/, () => 'Persuasion recorded: the case enters persuasion'],
  // The user's own note after ； stays as typed.
  [
    /^复学学校：(.+?)（(\d{10})）(?:；([\s\S]*))?$/,
    (m, rest) => `Returned to ${m[1]} (${m[2]})${rest(m[3])}`,
  ],
];

/** The history entry's note in `lang`: the English of a note the server wrote, else the note as it is. */
export function caseEventNote(note: string, lang: Lang): string {
  if (lang !== 'en') return note;
  const rest = (s: string | undefined) => (s ? `${punctOf('en').semicolon}${s}` : '');
  for (const [re, english] of RULES) {
    const m = note.match(re);
    if (m) return english(m, rest);
  }
  return note;
}
