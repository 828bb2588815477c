/**
 * Money as integer fen (分): 1 元 = 100 分. Amounts are stored, summed and compared in fen so no
 * floating-point rounding ever reaches a payment; yuan appear only at the edges (policy figures,
 * files, screens) and are converted exactly, from text where possible.
 */

/** Yuan (at most 2 decimals) to fen; null when the figure has more precision than a fen. */
export function yuanToFen(yuan: number): number | null {
  if (!Number.isFinite(yuan)) return null;
  const fen = Math.round(yuan * 100);
  // 0.1 + 0.2 style noise is fine; a third decimal is not.
  if (Math.abs(fen - yuan * 100) > 1e-6) return null;
  return fen;
}

const YUAN_TEXT_RE = /^([+-]?)(\d{1,9})(?:\.(\d{1,2}))?$/;

/**
 * Parses an amount as a bank or a spreadsheet writes it ("500", "500.00", "1,250.5", "￥500元")
 * into fen, without floating point; null when it is not an amount.
 */
export function parseYuanText(text: string): number | null {
  const t = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  const m = YUAN_TEXT_RE.exec(t);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

/** Fen as yuan text with two decimals: 31250 → "312.50". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Fen times a whole percentage, rounded half up to the fen (50% of 62500 → 31250). */
export function percentOf(fen: number, percent: number): number {
  return Math.floor((fen * percent + 50) / 100);
}
