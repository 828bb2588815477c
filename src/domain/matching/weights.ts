/**
 * Fellegi–Sunter weights estimated from the data. m (how often a field agrees at a level for true
 * matches) comes from near-certain matches; u (the same for non-matches) from random pairs. EM over the level patterns of all candidate pairs then refines the
 * prior (and, optionally, m and u). Weights are log2(m/u) in bits, kept monotone so that a weaker
 * agreement never outweighs a stronger one.
 */
import { unpackPair } from './compare.ts';
import { FIELD_NAMES, type FieldName, LEVEL_COUNTS, type MatchWeights } from './types.ts';

/** Counts per field and level (indexed like FIELD_NAMES / LEVEL_COUNTS). */
export type LevelCounts = Float64Array[];

/** Zeroed counts for every field. */
export function emptyCounts(): LevelCounts {
  return LEVEL_COUNTS.map((n) => new Float64Array(n));
}

/** Adds the levels of one packed pair to `counts`. */
export function countPair(
  counts: LevelCounts,
  packed: number,
  fields: readonly number[] = [0, 1, 2, 3, 4],
): void {
  const l = unpackPair(packed);
  const levels = [l.id, l.name, l.date, l.sex, l.house];
  for (const f of fields) counts[f]![levels[f]!]! += 1;
}

/** Index of the last ordered level per field ('Different'); later levels (missing, guardian) stand apart. */
const LAST_ORDERED = [5, 4, 3, 1, 5] as const;
/** Bound on the weight of unordered levels: a missing field says little either way. */
const UNORDERED_BOUND = 2;

/**
 * What a field's levels are expected to be before any data, per field in FIELD_NAMES order: for true
 * matches (m) and for two random children (u). Round figures read off the levels' meaning — a true
 * pair mostly agrees exactly, with the damages POLICY.md names as the exceptions; two random children
 * share a name or a birthday by rare chance and a valid ID never — not fitted to any data set. They
 * are pseudo-counts worth up to `M_PRIOR_PAIRS` and `U_PRIOR_PAIRS` pairs, fading as the data grow
 * (P²/(P + n) pairs for n observed): a comparison of a few dozen rows (a 教学点's roll, one school's
 * scope) gets sensible weights instead of ones swung by a handful of pairs, while a county's
 * thousands of pairs decide alone, as they did before the priors (measured: BENCHMARKS.md).
 */
const M_PRIOR: readonly (readonly number[])[] = [
  // id: equal, one digit, 000 prefix, 科学计数法 prefix, different, conflict, missing, guardian's
  [0.85, 0.03, 0.02, 0.02, 0.005, 0.001, 0.05, 0.024],
  // name: exact, homophone, one character, surname only, different, missing
  [0.93, 0.03, 0.02, 0.01, 0.005, 0.005],
  // date: exact, month, year, different, missing
  [0.95, 0.02, 0.01, 0.01, 0.01],
  // sex: agree, different, missing
  [0.97, 0.01, 0.02],
  // house: guardian ID, guardian name, village, township, county, different, missing
  [0.3, 0.3, 0.2, 0.05, 0.05, 0.05, 0.05],
];
const U_PRIOR: readonly (readonly number[])[] = [
  [0.00001, 0.0001, 0.0001, 0.005, 0.2, 0.7, 0.09, 0.0001],
  [0.001, 0.001, 0.005, 0.05, 0.94, 0.003],
  [0.001, 0.005, 0.05, 0.94, 0.004],
  [0.5, 0.5, 0.002],
  [0.0001, 0.0001, 0.001, 0.01, 0.1, 0.88, 0.009],
];
const M_PRIOR_PAIRS = 20;
const U_PRIOR_PAIRS = 50;
/** The share of candidate pairs that are true matches before any data, and its weight in pairs. */
const LAMBDA_PRIOR = 0.3;
const LAMBDA_PRIOR_PAIRS = 10;

/** Pseudo-pairs of a prior worth up to `pairs` when `n` pairs were observed. */
function priorPairs(pairs: number, n: number): number {
  return (pairs * pairs) / (pairs + n);
}

/**
 * Proportions with add-one smoothing spread over the levels, so no level is impossible; with a
 * `prior`, also its pseudo-pairs (`priorPairs` of up to `maxPairs`) spread as the prior (normalised).
 */
function proportions(c: Float64Array, prior?: readonly number[], maxPairs = 0): number[] {
  let n = 0;
  for (const x of c) n += x;
  const pairs = prior ? priorPairs(maxPairs, n) : 0;
  let total = 0;
  for (const p of prior ?? []) total += p;
  const L = c.length;
  return Array.from(
    c,
    (x, l) => (x + 1 / L + (pairs > 0 ? (pairs * prior![l]!) / total : 0)) / (n + 1 + pairs),
  );
}

function toWeights(m: number[], u: number[], field: number): number[] {
  const w = m.map((mi, l) => Math.log2(mi / u[l]!));
  const last = LAST_ORDERED[field]!;
  for (let l = 1; l <= last; l++) w[l] = Math.min(w[l]!, w[l - 1]!);
  for (let l = last + 1; l < w.length; l++)
    w[l] = Math.max(-UNORDERED_BOUND, Math.min(UNORDERED_BOUND, w[l]!));
  return w;
}

/** Inputs of the estimation: level counts of the training sets and pattern counts of every candidate pair. */
export interface WeightInputs {
  /** Near-certain matches (per field). */
  m: LevelCounts;
  /** Random pairs, practically all non-matches (per field). */
  u: LevelCounts;
  /** Number of candidate pairs per level pattern (see compare.patternOf). */
  patterns: Float64Array;
  nameBaseline: number;
}

/**
 * Estimates weights. `emIterations` rounds of EM run over the pattern counts: with `full` false only
 * the prior moves (m and u stay as trained); with `full` true m and u are refined as well.
 */
export function estimateWeights(input: WeightInputs, emIterations = 20, full = false): MatchWeights {
  let m = input.m.map((c, f) => proportions(c, M_PRIOR[f]!, M_PRIOR_PAIRS));
  let u = input.u.map((c, f) => proportions(c, U_PRIOR[f]!, U_PRIOR_PAIRS));
  let lambda = LAMBDA_PRIOR;
  const pats: Array<{ n: number; levels: number[] }> = [];
  input.patterns.forEach((n, p) => {
    if (n > 0) {
      const l = unpackPair(p);
      pats.push({ n, levels: [l.id, l.name, l.date, l.sex, l.house] });
    }
  });
  for (let it = 0; it < emIterations && pats.length > 0; it++) {
    const mc = emptyCounts();
    const uc = emptyCounts();
    let matched = 0;
    let total = 0;
    for (const { n, levels } of pats) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < 5; f++) {
        pm *= m[f]![levels[f]!]!;
        pu *= u[f]![levels[f]!]!;
      }
      const g = pm / (pm + pu);
      matched += g * n;
      total += n;
      if (full) {
        for (let f = 0; f < 5; f++) {
          mc[f]![levels[f]!]! += g * n;
          uc[f]![levels[f]!]! += (1 - g) * n;
        }
      }
    }
    const k = priorPairs(LAMBDA_PRIOR_PAIRS, total);
    lambda = Math.min(0.999, Math.max(0.001, (matched + LAMBDA_PRIOR * k) / (total + k)));
    if (full) {
      m = mc.map((c) => proportions(c));
      u = uc.map((c) => proportions(c));
    }
  }
  const w = FIELD_NAMES.map((_, f) => toWeights(m[f]!, u[f]!, f));
  const rec = (a: number[][]): Record<FieldName, number[]> =>
    Object.fromEntries(FIELD_NAMES.map((name, f) => [name, a[f]!])) as Record<FieldName, number[]>;
  return {
    id: w[0]!,
    name: w[1]!,
    date: w[2]!,
    sex: w[3]!,
    house: w[4]!,
    priorBits: Math.log2(lambda / (1 - lambda)),
    m: rec(m),
    u: rec(u),
    nameBaseline: input.nameBaseline,
  };
}

/**
 * Name-frequency adjustment for an exact name agreement, in bits: a common name (张伟) agrees by
 * chance more often than the average name, a rare one less. Half the usual term-frequency term,
 * bounded, because the blocked non-matches the u values come from already over-represent names.
 */
export function nameFrequencyBits(baseline: number, frequency: number): number {
  const bits = Math.log2(baseline / Math.max(frequency, 1e-12));
  return 0.5 * Math.max(-4, Math.min(2, bits));
}

/** Posterior match probability from total bits (weights + prior). */
export function posterior(bits: number): number {
  return 1 / (1 + 2 ** -bits);
}

/** Upper bound of the name-frequency term (a rare name agreeing exactly), in bits. */
const NAME_FREQUENCY_MAX_BITS = nameFrequencyBits(1, 0);

/**
 * The total bits a pair can reach under `w`, prior included: `lo` with every field at its
 * least likely level for a match, `hi` with every field at its most likely and a rare name.
 */
export function bitsRange(w: MatchWeights): { lo: number; hi: number } {
  const fields = [w.id, w.name, w.date, w.sex, w.house];
  const finite = (xs: number[]): number[] => xs.filter(Number.isFinite);
  let lo = w.priorBits;
  let hi = w.priorBits + NAME_FREQUENCY_MAX_BITS;
  for (const f of fields) {
    const xs = finite(f);
    if (xs.length === 0) continue;
    lo += Math.min(...xs);
    hi += Math.max(...xs);
  }
  return { lo, hi };
}

/**
 * 匹配分, 0–100 with one decimal: where a pair's evidence lies between every field disagreeing
 * (0) and every field agreeing (100), linear in bits. Not the posterior probability, which
 * rounds to 100.0 for every confirmed pair (from about 10 bits on) and so cannot tell a pair that
 * agrees on everything from one matched through a mistyped ID and a homophone. Comparable
 * within one comparison: the weights are estimated from each run's data.
 */
export function scoreOf(bits: number, w: MatchWeights): number {
  const { lo, hi } = bitsRange(w);
  if (!(hi > lo)) return bits >= 0 ? 100 : 0;
  const s = ((bits - lo) / (hi - lo)) * 100;
  return Math.round(Math.max(0, Math.min(100, s)) * 10) / 10;
}
