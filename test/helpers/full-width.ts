/**
 * Full-width (Chinese) punctuation inside English text (tester A14: “Schools（12）”, “Code：350421”).
 * A mark is English text's only when it stands among Latin words: a Chinese quotation inside an English
 * string (a column name 县(市、区), a document number 明教财〔2020〕34号) keeps its own punctuation.
 */
export const FULL_WIDTH = /[，。：；（）「」『』！？、【】《》〔〕]/g;

const CJK = /\p{Script=Han}/u;
const OPENING = '（「『【《〔';
const CLOSING = '）」』】》〕。！？';

/** The full-width marks of `text` that stand in English (each with a few characters around it). */
export function fullWidthInEnglish(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(FULL_WIDTH)) {
    const i = m.index;
    // The whitespace-delimited word the mark stands in.
    const start = text.lastIndexOf(' ', i) + 1;
    const endSpace = text.indexOf(' ', i);
    const end = endSpace === -1 ? text.length : endSpace;
    const before = text.slice(start, i);
    const after = text.slice(i + 1, end);
    const inChinese =
      (CJK.test(before) && CJK.test(after)) ||
      (CLOSING.includes(m[0]) && CJK.test(text[i - 1] ?? '')) ||
      (OPENING.includes(m[0]) && CJK.test(text[i + 1] ?? ''));
    if (!inChinese) found.push(text.slice(Math.max(0, i - 12), i + 12));
  }
  return found;
}
