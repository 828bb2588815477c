/**
 * Entitlement rules (工作要点 1–2: 五个阶段全覆盖, 精准资助): what each programme owes one student for
 * one term, with the rule text that explains the figure. Pure functions over the policy config;
 * the database run (src/modules/aid/entitlement.run.ts) evaluates the same rules set-based, fed
 * by `rateTable` and `eligibilitySpec` below, and a test holds the two to the same answers.
 */
import { fenToYuan, percentOf, yuanToFen } from './money.ts';
import {
  type AidPolicyConfig,
  type AidStage,
  GROUP_LABELS,
  PRIORITY_GROUPS,
  type PriorityGroup,
  type ProgrammeCode,
  type ProgrammeConfig,
  STAGE_LABELS,
} from './policy.ts';
import type { Term } from './terms.ts';

/** What the rules need to know of a student for a term. */
export interface StudentFacts {
  stage: string;
  grade: string | null;
  boarding: boolean;
  countyCode: string;
  schoolCode: string;
  /** Priority groups found for the student (registry comparison, assistance lists, recognition). */
  groups: readonly PriorityGroup[];
  /** Recognised tier of the school year (confirmed or archived recognition), if any. */
  tier: string | null;
}

export type RuleOutcome = { ok: true; amountFen: number; rule: string } | { ok: false; reason: string };

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * Year of study from a roll's 年级 text: '一年级', '1年级', '1', '高一', '初二', '中职二年级', '2年级'.
 * Null when no year can be read (then a grade-limited programme does not apply).
 */
export function gradeYear(grade: string | null | undefined): number | null {
  if (!grade) return null;
  const t = grade.replace(/\s/g, '');
  const digit = /(\d+)/.exec(t);
  if (digit) {
    const n = Number(digit[1]);
    return n >= 1 && n <= 9 ? n : null;
  }
  for (const ch of t) if (CN_DIGITS[ch] !== undefined) return CN_DIGITS[ch]!;
  return null;
}

/** The yearly rate (yuan) a programme sets for a stage in a county, with the override noted. */
function yearlyRate(
  cfg: AidPolicyConfig,
  p: ProgrammeConfig,
  stage: AidStage,
  countyCode: string | null,
): { yuan: number; county: string | null } | null {
  const ov = countyCode ? cfg.countyOverrides[countyCode]?.amounts[p.code]?.[stage] : undefined;
  if (ov !== undefined) return { yuan: ov, county: countyCode };
  if (p.amount.kind === 'per_year' || p.amount.kind === 'fee') {
    const v = p.amount.byStage[stage];
    return v === undefined ? null : { yuan: v, county: null };
  }
  return null;
}

/** One line of the rate table: the amount a programme pays per term for a stage/county/school/tier. */
export interface RateRow {
  programme: ProgrammeCode;
  stage: AidStage;
  /** '' = the city-wide default. */
  countyCode: string;
  /** '' = not school-specific. */
  schoolCode: string;
  /** '' = not tier-specific. */
  tier: string;
  amountFen: number;
  /** How the figure is derived, in Chinese. */
  rule: string;
}

function countyName(cfg: AidPolicyConfig, code: string): string {
  const o = cfg.countyOverrides[code];
  return o ? `${o.name}标准${o.toConfirm ? '，待确认' : ''}` : code;
}

/**
 * Every rate the config defines for a term, most specific first where several apply (a school's
 * fee over a county's figure over the default). Yearly figures are halved per term.
 */
export function rateTable(cfg: AidPolicyConfig, term: Term): RateRow[] {
  const rows: RateRow[] = [];
  const counties = Object.keys(cfg.countyOverrides);
  const half = (yuan: number) => Math.floor((yuanToFen(yuan) ?? 0) / 2);
  for (const p of cfg.programmes) {
    if (!p.enabled) continue;
    const a = p.amount;
    for (const stage of p.stages) {
      const st = STAGE_LABELS[stage];
      const push = (countyCode: string, schoolCode: string, tier: string, amountFen: number, rule: string) =>
        rows.push({ programme: p.code, stage, countyCode, schoolCode, tier, amountFen, rule });
      if (a.kind === 'per_year' || a.kind === 'fee') {
        const what = a.kind === 'fee' ? '收费标准' : '';
        for (const c of ['', ...counties]) {
          const r = yearlyRate(cfg, p, stage, c || null);
          if (!r || (c && r.county !== c)) continue;
          const fen = half(r.yuan);
          push(
            c,
            '',
            '',
            fen,
            `${st}${what} ${r.yuan}元/年 ÷ 2 学期 = ${fenToYuan(fen)}元${c ? `（${countyName(cfg, c)}）` : ''}`,
          );
        }
        if (a.kind === 'fee')
          for (const [school, yuan] of Object.entries(a.bySchool)) {
            const fen = half(yuan);
            push('', school, '', fen, `学校收费标准 ${yuan}元/年 ÷ 2 学期 = ${fenToYuan(fen)}元`);
          }
      } else if (a.kind === 'share_of') {
        const base = cfg.programmes.find((x) => x.code === a.programme);
        const baseYuan =
          base && (base.amount.kind === 'per_year' || base.amount.kind === 'fee')
            ? base.amount.byStage[stage]
            : undefined;
        if (baseYuan !== undefined) {
          const fen = percentOf(half(baseYuan), a.percent);
          push(
            '',
            '',
            '',
            fen,
            `${base!.name}${st}国家标准 ${baseYuan}元/年的 ${a.percent}% ÷ 2 学期 = ${fenToYuan(fen)}元`,
          );
        }
        for (const c of counties) {
          const own = cfg.countyOverrides[c]?.amounts[p.code]?.[stage];
          if (own === undefined) continue;
          const fen = half(own);
          push(c, '', '', fen, `${st} ${own}元/年 ÷ 2 学期 = ${fenToYuan(fen)}元（${countyName(cfg, c)}）`);
        }
      } else if (a.kind === 'per_school_day') {
        const days = cfg.terms[term.half].schoolDays;
        const fen = (yuanToFen(a.perDay) ?? 0) * days;
        push('', '', '', fen, `${a.perDay}元/在校日 × ${days} 天 = ${fenToYuan(fen)}元`);
      } else {
        for (const [tier, yuan] of Object.entries(a.byTier)) {
          const label = cfg.recognition.tiers.find((t) => t.code === tier)?.label ?? tier;
          const fen = half(yuan);
          push('', '', tier, fen, `${label}档 ${yuan}元/年 ÷ 2 学期 = ${fenToYuan(fen)}元`);
        }
      }
    }
  }
  return rows;
}

/** The key a student's rate is looked up by, for one programme (mirrors the SQL join). */
export function rateKey(
  cfg: AidPolicyConfig,
  p: ProgrammeConfig,
  f: Pick<StudentFacts, 'stage' | 'countyCode' | 'schoolCode' | 'groups' | 'tier'>,
): { countyCode: string; schoolCode: string; tier: string } {
  const school = p.amount.kind === 'fee' && p.amount.bySchool[f.schoolCode] !== undefined ? f.schoolCode : '';
  const county =
    !school && overriddenCountyStages(cfg, p).includes(`${f.countyCode}|${f.stage}`) ? f.countyCode : '';
  let tier = '';
  if (p.amount.kind === 'by_tier') {
    const inGroup = f.groups.some((g) => p.eligibility.groups.includes(g));
    tier = inGroup ? p.amount.groupTier : (f.tier ?? '');
  }
  return { countyCode: county, schoolCode: school, tier };
}

/** `county|stage` pairs where a county's own figure replaces the default for this programme. */
export function overriddenCountyStages(cfg: AidPolicyConfig, p: ProgrammeConfig): string[] {
  if (p.amount.kind !== 'per_year' && p.amount.kind !== 'fee' && p.amount.kind !== 'share_of') return [];
  const out: string[] = [];
  for (const [county, o] of Object.entries(cfg.countyOverrides))
    for (const [stage, v] of Object.entries(o.amounts[p.code] ?? {}))
      if (v !== undefined && (p.stages as string[]).includes(stage)) out.push(`${county}|${stage}`);
  return out;
}

/** Why the student qualifies, in Chinese (first priority group, else the recognised tier). */
export function qualifyingReason(cfg: AidPolicyConfig, p: ProgrammeConfig, f: StudentFacts): string | null {
  if (p.eligibility.allStudents) return '全体在校生';
  for (const g of PRIORITY_GROUPS)
    if (p.eligibility.groups.includes(g) && f.groups.includes(g)) return GROUP_LABELS[g];
  if (f.tier && p.eligibility.tiers.includes(f.tier)) {
    const label = cfg.recognition.tiers.find((t) => t.code === f.tier)?.label ?? f.tier;
    return `认定为${label}`;
  }
  return null;
}

/**
 * Why a student of the programme's stage is not among its 资助对象, saying what is true of them: a
 * student recognised at a tier the programme does not take is told their tier and the tiers it
 * needs (认定档次为“困难”，该项目需“特别困难”), or that it goes by priority group only; one with
 * neither a group nor a tier is told so.
 */
export function notEligibleReason(
  cfg: AidPolicyConfig,
  p: ProgrammeConfig,
  f: Pick<StudentFacts, 'tier'>,
): string {
  const head = `不属于${p.name}的资助对象`;
  if (!f.tier) return `${head}（非优先群体且未认定为相应困难档次）`;
  const label = (code: string) => cfg.recognition.tiers.find((t) => t.code === code)?.label ?? code;
  const groups = PRIORITY_GROUPS.filter((g) => p.eligibility.groups.includes(g)).map((g) => GROUP_LABELS[g]);
  const needs = p.eligibility.tiers.map((t) => `“${label(t)}”`);
  const by =
    needs.length > 0
      ? `该项目需${needs.join('或')}${groups.length ? `，或属于${groups.join('、')}等优先群体` : ''}`
      : groups.length
        ? `该项目不按认定档次资助，仅限${groups.join('、')}学生`
        : '该项目不按认定档次资助';
  return `${head}（认定档次为“${label(f.tier)}”，${by}）`;
}

/** The grade texts (as found in the roll) that a grade-limited programme accepts. */
export function acceptedGrades(p: ProgrammeConfig, grades: readonly (string | null)[]): string[] {
  const years = p.eligibility.gradeYears;
  if (!years) return [];
  return grades.filter((g): g is string => g !== null && years.includes(gradeYear(g) ?? -1));
}

/**
 * One programme for one student and term: the amount with the rule that produced it, or the
 * reason it does not apply. `versionLabel` (e.g. "2020年政策第1版") ends the rule text.
 */
export function evaluateProgramme(
  cfg: AidPolicyConfig,
  term: Term,
  p: ProgrammeConfig,
  f: StudentFacts,
  versionLabel: string,
): RuleOutcome {
  const e = p.eligibility;
  if (!p.enabled) return { ok: false, reason: `${p.name}未启用` };
  if (!(p.stages as string[]).includes(f.stage))
    return { ok: false, reason: `${p.name}不适用于${STAGE_LABELS[f.stage] ?? f.stage}` };
  if (e.counties && !e.counties.includes(f.countyCode)) return { ok: false, reason: `本县未实施${p.name}` };
  if (e.boarding === 'boarder' && !f.boarding) return { ok: false, reason: `${p.name}仅限寄宿生` };
  if (e.boarding === 'non_boarder' && f.boarding) return { ok: false, reason: `${p.name}仅限非寄宿生` };
  if (e.gradeYears && !e.gradeYears.includes(gradeYear(f.grade) ?? -1))
    return {
      ok: false,
      reason: `${p.name}仅限${e.gradeYears.join('、')}年级，该生为${f.grade ?? '未知年级'}`,
    };
  const why = qualifyingReason(cfg, p, f);
  if (!why) return { ok: false, reason: notEligibleReason(cfg, p, f) };
  const key = rateKey(cfg, p, f);
  const row = rateTable(cfg, term).find(
    (r) =>
      r.programme === p.code &&
      r.stage === f.stage &&
      r.countyCode === key.countyCode &&
      r.schoolCode === key.schoolCode &&
      r.tier === key.tier,
  );
  if (!row || row.amountFen <= 0)
    return { ok: false, reason: `${p.name}未设置${STAGE_LABELS[f.stage]}的标准` };
  return { ok: true, amountFen: row.amountFen, rule: ruleText(p.name, why, row.rule, versionLabel) };
}

/** The rule text of an entitlement line (the SQL run builds the same string). */
export function ruleText(name: string, why: string, rateRule: string, versionLabel: string): string {
  return `${name}：${why}；${rateRule}（${versionLabel}）`;
}

/** Every programme the student is entitled to for the term. */
export function entitleStudent(cfg: AidPolicyConfig, term: Term, f: StudentFacts, versionLabel: string) {
  const out: { programme: ProgrammeCode; amountFen: number; rule: string }[] = [];
  for (const p of cfg.programmes) {
    const r = evaluateProgramme(cfg, term, p, f, versionLabel);
    if (r.ok) out.push({ programme: p.code, amountFen: r.amountFen, rule: r.rule });
  }
  return out;
}

/** The highest per-term amount the policy allows for a programme (a ceiling for manual lines). */
export function maxRateFen(cfg: AidPolicyConfig, term: Term, programme: string): number | null {
  const rates = rateTable(cfg, term).filter((r) => r.programme === programme);
  return rates.length ? Math.max(...rates.map((r) => r.amountFen)) : null;
}

/** Programme label by code (for screens and files). */
export function programmeName(cfg: AidPolicyConfig | null, code: string): string {
  return cfg?.programmes.find((p) => p.code === code)?.name ?? code;
}

/** Whether a programme pays boarders only (寄宿生生活费补助), for the list checks' boarding warning. */
export function boardersOnly(cfg: AidPolicyConfig | null, code: string): { boardersOnly: boolean } {
  return { boardersOnly: cfg?.programmes.find((p) => p.code === code)?.eligibility.boarding === 'boarder' };
}
