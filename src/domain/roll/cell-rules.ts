/**
 * What no cell of an imported table may hold, whatever its column: the one rule of the roll (学籍),
 * the 建档立卡 registry, the assistance lists and the school list, and of the school edit form.
 * A cell is judged as it is stored — trimmed: a line break or tab at its edges is dropped, not refused.
 *  - an invisible control character: C0 and C1 controls and DEL (a tab inside aside: some systems'
 *    exports put one before a number to keep it text); a NUL stops PostgreSQL outright;
 *  - a line break inside the cell (CR, LF, U+2028/2029): one value is one line, and what follows a
 *    break (福建\r\n=1+1) hides from whoever reads the first line;
 *  - a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069): it reorders what is shown
 *    (U+202E makes 文档.exe read as exe.档文);
 *  - more than MAX_CELL_CHARS characters: a runaway cell is no data;
 *  - a leading = + - @ (or its full-width ＝＋－＠, which an IME types): a spreadsheet would run it —
 *    also after the apostrophe that marks a cell as text ('=HYPERLINK(…), as a system that guards
 *    its CSV against formulas writes it: tester t28b F4), whose value is the formula all the same;
 *  - web markup (<img src=x onerror=…>, <script>, </b>): no name, class or place holds a tag, and
 *    another system showing the value unescaped would run it (tester t28b F3).
 */

/** Longest cell of a roll, registry, list or school row (a 户籍所在地, a 行政村, a 备注): anything longer is not data. */
export const MAX_CELL_CHARS = 200;

// Full-width ＝＋－＠ too, as the output writers neutralise them (an IME may type them for = + - @).
export const FORMULA_RE = /^[=+\-@\uff1d\uff0b\uff0d\uff20]/;
/** A cell of dashes only (-, --, －) is an empty placeholder, not a formula. */
const DASHES_RE = /^[-\uff0d]+$/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;
const LINE_BREAK_RE = /[\r\n\u0085\u2028\u2029]/;
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069]/;
/** A leading = or @ (half- or full-width): a formula in any column, whatever its own checks. */
const CALL_RE = /^[=@\uff1d\uff20]/;
/**
 * A leading + or - with another operator, a letter or a bracket after it (-2+3, +A1, -SUM(1)): a
 * formula; a sign before digits alone (-350421…, +1) is a mistyped ID, which its own check tells.
 */
const SIGNED_FORMULA_RE = /^[+\-\uff0b\uff0d].*[^\dXx\s.]/;
/** A leading text-marking apostrophe before a formula character. */
const QUOTED_FORMULA_RE = /^['\u2018\u2019`][=+\-@\uff1d\uff0b\uff0d\uff20]/;
/** An HTML tag: < then a letter, ! or /, up to >. */
const MARKUP_RE = /<\s*[/!]?\s*[A-Za-z][^<>]*>/;

/** What a cell holding web markup is told. */
export const MARKUP_MESSAGE = '含有网页标记（如 <img …>、<script>），不是有效内容，请删除后重试';

/** What a cell holding a control character is told (roll, registry, list and school rows alike). */
export const CONTROL_CHAR_MESSAGE = '含有不可见的控制字符（如 NUL），请删除后重试';
/** What a cell holding a line break is told. */
export const LINE_BREAK_MESSAGE = '含有换行符：一项内容只能填一行，请删除换行后重试';
/** What a cell holding a bidirectional control (U+202E…) is told. */
export const BIDI_MESSAGE =
  '含有不可见的文字方向控制字符（如 U+202E），会使显示的内容与实际不符，请删除后重试';

/** What a cell (or field) beginning with the formula character `ch` is told. */
export function formulaMessage(ch: string): string {
  // (A formula saved without its value — as programs write them — is read as its text: the
  // advice covers both, verifier v27d.)
  return `内容以 ${ch} 开头，疑似公式，已拒绝（请去掉开头的符号；若是 Excel 公式，请复制该列后“选择性粘贴—数值”再导入）`;
}

/**
 * True when `s` (as stored: trimmed) holds an invisible control character, a line break or a
 * bidirectional control: no column may.
 */
export function hasControlChar(s: string): boolean {
  return controlProblem(s.trim()) !== null;
}

function controlProblem(t: string): string | null {
  if (CONTROL_RE.test(t)) return CONTROL_CHAR_MESSAGE;
  if (LINE_BREAK_RE.test(t)) return LINE_BREAK_MESSAGE;
  if (BIDI_RE.test(t)) return BIDI_MESSAGE;
  return null;
}

/** True when `text` (trimmed) begins as a spreadsheet formula (= + - @, half- or full-width). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_RE.test(text.trim());
}

/**
 * Why one cell cannot be imported, in Chinese (the caller names the row and column), or null.
 * `formula: false` for a column whose own check reads a leading sign (an ID, which the ID
 * normaliser reports as damaged; a name, whose check says so).
 */
export function cellProblem(
  v: string,
  opts: { formula?: boolean; maxChars?: number; idColumn?: boolean } = {},
): string | null {
  const t = v.trim();
  if (t === '') return null;
  const control = controlProblem(t);
  if (control !== null) return control;
  const max = opts.maxChars ?? MAX_CELL_CHARS;
  if (t.length > max) return `内容过长（${t.length} 字，超过 ${max} 字）`;
  if (opts.formula !== false && FORMULA_RE.test(t) && !DASHES_RE.test(t)) return formulaMessage(t[0]!);
  // An ID column, whose own check reads a leading sign as damage, still holds no '=' or '@' formula
  // (verifier t28d N2: an ID column took one, and markup, which a full-ID export then wrote out).
  if (opts.formula === false && opts.idColumn && (CALL_RE.test(t) || SIGNED_FORMULA_RE.test(t)))
    return formulaMessage(t[0]!);
  if (QUOTED_FORMULA_RE.test(t) && !DASHES_RE.test(t.slice(1))) return formulaMessage(t.slice(0, 2));
  if (MARKUP_RE.test(t)) return MARKUP_MESSAGE;
  return null;
}

/** One problem of a row, as every import reports it (see roll-row.ts RowMessage). */
export interface CellMessage {
  row: number;
  column: string | null;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * Checks every cell of a row with `cellProblem` and pushes an error naming the row and column
 * (`headers` gives each key's column name). `checkedElsewhere`: keys whose own checks read a
 * leading formula character (their control characters and length are still checked here).
 * Returns the keys refused, so the caller need not report the same cell twice.
 */
export function checkCells<K extends string>(
  row: number,
  cells: Partial<Record<K, string>>,
  headers: Record<K, string>,
  checkedElsewhere: readonly NoInfer<K>[],
  out: CellMessage[],
): Set<K> {
  const bad = new Set<K>();
  for (const key of Object.keys(cells) as K[]) {
    const v = cells[key];
    if (!v) continue;
    const message = cellProblem(v, {
      formula: !checkedElsewhere.includes(key),
      idColumn: /idNumber$/i.test(key),
    });
    if (message === null) continue;
    out.push({ row, column: headers[key], message, severity: 'error' });
    bad.add(key);
  }
  return bad;
}
