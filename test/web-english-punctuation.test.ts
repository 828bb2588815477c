import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLE_LABELS } from '../src/server/roles.ts';
import { punctOf } from '../web/src/i18n.ts';
import { en } from '../web/src/locales/en.ts';
import { UPCOMING } from '../web/src/pages/UpcomingPage.tsx';
import { THINGS } from '../web/src/serverMessages.ts';
import { FULL_WIDTH, fullWidthInEnglish } from './helpers/full-width.ts';

/**
 * No full-width Chinese punctuation in the English UI (tester A14: “Schools（12）”, “Code：350421”,
 * “…；…”): every English string has ASCII punctuation, and the code that joins words (a label and its
 * value, a list, a note in brackets) takes the language's punctuation (i18n punctOf), never a literal
 * Chinese mark. A Chinese quotation inside English (a column name, a document number) keeps its own.
 */
describe('English text has no full-width punctuation', () => {
  it('knows Chinese quotations from English', () => {
    expect(fullWidthInEnglish('Schools（12）')).toHaveLength(2);
    expect(fullWidthInEnglish('Code：350421')).toHaveLength(1);
    expect(fullWidthInEnglish('Paid; 3 people。Next')).toHaveLength(1);
    expect(fullWidthInEnglish('the columns 学校标识码, 县(市、区), 乡(镇)')).toEqual([]);
    expect(fullWidthInEnglish('policy 明教财〔2020〕34号 applies')).toEqual([]);
    expect(fullWidthInEnglish('a programme 寄宿生生活补助（本市） of the city')).toEqual([]);
  });

  it('in every string of the English dictionary', () => {
    const bad = Object.entries(en).flatMap(([k, v]) => fullWidthInEnglish(v).map((x) => `${k}: ${x}`));
    expect(bad).toEqual([]);
  });

  it('in the other English words the web and the server give', () => {
    const texts = [
      ...UPCOMING.flatMap((m) => m.scope.map((s) => s.en)),
      ...Object.values(THINGS),
      ...Object.values(ROLE_LABELS).map((r) => r.en),
      ...Object.values(punctOf('en')).filter((v): v is string => typeof v === 'string'),
      punctOf('en').paren('x'),
    ];
    expect(texts.flatMap(fullWidthInEnglish)).toEqual([]);
  });

  it('in the code that joins words: no Chinese mark glued to an expression', () => {
    // A full-width mark right beside a quote, a backtick or a brace is punctuation the code adds
    // around words it puts together; it must come from punctOf (or a dictionary entry).
    // (A Chinese literal may end on its own mark: 「…教师）'」.)
    const glued = new RegExp(
      `[\`'"{}$]${FULL_WIDTH.source}|${FULL_WIDTH.source}[{$]|(?<!\\p{Script=Han})${FULL_WIDTH.source}[\`'"]`,
      'u',
    );
    // Chinese the server sends, which the web turns to English (serverMessages.ts), and its fallbacks.
    const serverChinese = /失败（HTTP \$\{res\.status\}）/;
    // Modules that read the server's Chinese sentences (their patterns are the server's own marks).
    const readsServerChinese = new Set([
      'serverMessages.ts',
      'rowMessages.ts',
      'registryNotices.ts',
      'pages/dropout/event-note.ts',
      'pages/comparison/match-reasons.ts',
    ]);
    const root = path.resolve(import.meta.dirname, '../web/src');
    const bad: string[] = [];
    for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file) || /(^|\/)locales\/.*zh\.ts$/.test(file) || readsServerChinese.has(file))
        continue;
      fs.readFileSync(path.join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Comments, the Chinese of a `zh:` entry, and the server's Chinese.
          if (/^\s*(\/\/|\*|\/\*|zh:)/.test(line) || serverChinese.test(line)) return;
          if (glued.test(line)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(bad).toEqual([]);
  });
});
