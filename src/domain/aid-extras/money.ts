/**
 * Money in 分 (fen), always an integer: amounts never pass through a float. Yuan text typed by a
 * user ("2000", "1,234.5") is parsed digit by digit, and ratios are basis points (1% = 100 bp), so
 * revenue × ratio is an exact integer product before the one rounding to the fen.
 */

/** 1 元 = 100 分. */
export const FEN_PER_YUAN = 100;

/** Parses yuan text with at most two decimals into fen; a Chinese reason otherwise. */
export function parseYuan(text: string): { ok: true; fen: number } | { ok: false; reason: string } {
  const t = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/元$/, '');
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return { ok: false, reason: '金额格式不正确：应为数字，最多两位小数（单位：元）' };
  const fen = Number(m[2]) * FEN_PER_YUAN + Number((m[3] ?? '').padEnd(2, '0'));
  return { ok: true, fen: m[1] ? -fen : fen };
}

/** Formats fen as yuan with two decimals and thousands separators: 123456 → "1,234.56". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / FEN_PER_YUAN)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % FEN_PER_YUAN).padStart(2, '0')}`;
}

/** Formats basis points as a percentage: 400 → "4%", 450 → "4.5%". */
export function formatBp(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/**
 * `amountFen × bp / 10000`, rounded half up to the fen, in exact integer arithmetic (BigInt, so
 * even an absurd revenue cannot lose precision).
 */
export function applyBasisPoints(amountFen: number, bp: number): number {
  const product = BigInt(amountFen) * BigInt(bp);
  return Number((product + 5000n) / 10000n);
}
