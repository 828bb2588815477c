/**
 * 学期 (terms) written `2020-spring` / `2020-autumn`. A school year (学年) starts in autumn: the
 * 2020 school year is 2020-autumn + 2021-spring, so 2020-spring belongs to school year 2019. The
 * policy year of a term is its calendar year (the 2020 policy covers 2020-spring and 2020-autumn).
 */
export type Half = 'spring' | 'autumn';

export interface Term {
  /** The canonical text, e.g. `2020-autumn`. */
  code: string;
  year: number;
  half: Half;
}

const TERM_RE = /^(\d{4})-(spring|autumn)$/;

/** Parses `2020-spring` / `2020-autumn`; a Chinese reason otherwise. */
export function parseTerm(text: string): { ok: true; term: Term } | { ok: false; reason: string } {
  const m = TERM_RE.exec(text.trim());
  if (!m)
    return {
      ok: false,
      reason: `学期格式应为 2020-spring（春季学期）或 2020-autumn（秋季学期），收到 ${text}`,
    };
  const year = Number(m[1]);
  if (year < 2015 || year > 2100) return { ok: false, reason: `学期年份 ${year} 超出范围` };
  return { ok: true, term: { code: `${year}-${m[2]}`, year, half: m[2] as Half } };
}

/** The school year (学年, named by its autumn) a term belongs to. */
export function schoolYearOf(term: Term): number {
  return term.half === 'autumn' ? term.year : term.year - 1;
}

/** Chinese label: 2020年秋季学期. */
export function termLabel(term: Term): string {
  return `${term.year}年${term.half === 'spring' ? '春季' : '秋季'}学期`;
}

/** The term before this one (for diffs and reviews). */
export function previousTerm(term: Term): Term {
  return term.half === 'autumn'
    ? { code: `${term.year}-spring`, year: term.year, half: 'spring' }
    : { code: `${term.year - 1}-autumn`, year: term.year - 1, half: 'autumn' };
}

const term = (year: number, half: Half): Term => ({ code: `${year}-${half}`, year, half });

/** The term `today` ('YYYY-MM-DD') falls in: 秋季学期 from September to January, 春季学期 from February to August. */
export function termOn(today: string): Term {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (m >= 9) return term(y, 'autumn');
  if (m === 1) return term(y - 1, 'autumn');
  return term(y, 'spring');
}

/**
 * The terms the aid pages offer, newest first: every term from 2020 (the work points' year) to the
 * one `today` is in, and every term of a later year that already has a policy.
 */
export function termsToOffer(today: string, policyYears: readonly number[]): Term[] {
  const current = termOn(today);
  const last = Math.max(current.year, ...policyYears);
  const out: Term[] = [];
  for (let y = Math.min(2020, ...policyYears); y <= last; y++)
    for (const half of ['spring', 'autumn'] as const) {
      const t = term(y, half);
      const future =
        y > current.year || (y === current.year && half === 'autumn' && current.half === 'spring');
      if (!future || policyYears.includes(y)) out.push(t);
    }
  return out.reverse();
}
