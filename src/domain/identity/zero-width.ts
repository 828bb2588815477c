/**
 * Zero-width characters: U+200B (zero-width space), U+200C and U+200D (non-joiner, joiner), U+2060
 * (word joiner) and U+FEFF (byte order mark inside a cell). They come into a cell with copy and
 * paste from web pages and chat messages; a spreadsheet shows nothing of them, but its searches and
 * lookups then miss the cell. Names and IDs are compared without them (name.ts, id-number.ts); a
 * value written out for the user is written without them (`withoutZeroWidth`).
 */
const ZERO_WIDTH_RE = /[\u200b-\u200d\u2060\ufeff]/;
const ZERO_WIDTH_ALL_RE = /[\u200b-\u200d\u2060\ufeff]/g;

/** `text` without its zero-width characters (the same string when it has none). */
export function withoutZeroWidth(text: string): string {
  return ZERO_WIDTH_RE.test(text) ? text.replace(ZERO_WIDTH_ALL_RE, '') : text;
}
