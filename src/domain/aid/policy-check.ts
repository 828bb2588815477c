/**
 * Semantic checks of a policy config the city aid centre edits (the shape is checked by the zod
 * schema in src/modules/aid/policy.schema.ts; src/domain stays free of packages), and the
 * comparison that stops an edit from changing a programme whose payment list is approved
 * (工作要点 6: an approved list is locked — its basis must not move under it).
 */
import { yuanToFen } from './money.ts';
import { type AidPolicyConfig, PROGRAMME_CODES, type ProgrammeCode } from './policy.ts';
import { rateTable } from './rules.ts';
import { resolveColumns } from './supervision.ts';
import type { Half } from './terms.ts';

export type Check = { ok: true } | { ok: false; reason: string };

const MMDD_RE = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function money(label: string, yuan: number, maxYuan: number): string | null {
  if (!(yuan >= 0)) return `${label}不能为负数`;
  if (yuanToFen(yuan) === null) return `${label}最多保留两位小数（分）`;
  if (yuan > maxYuan) return `${label} ${yuan}元超出合理范围（上限 ${maxYuan}元）`;
  return null;
}

/** Every figure must make sense: amounts non-negative and not absurd, ratios within 0–100, … */
export function validatePolicy(cfg: AidPolicyConfig): Check {
  const fail = (reason: string): Check => ({ ok: false, reason });
  if (!(cfg.maxAmountPerTerm > 0 && cfg.maxAmountPerTerm <= 100000))
    return fail('每学期单项资助金额上限应在 0–100000 元之间');
  const yearMax = cfg.maxAmountPerTerm * 2;
  const codes = new Set<string>();
  const tiers = new Set(cfg.recognition.tiers.map((t) => t.code));
  if (tiers.size === 0) return fail('至少需要一个认定档次');
  for (const half of ['spring', 'autumn'] as Half[]) {
    const t = cfg.terms[half];
    const label = half === 'spring' ? '春季学期' : '秋季学期';
    if (!MMDD_RE.test(t.startsOn)) return fail(`${label}开学日期应为 MM-DD 格式`);
    if (!(Number.isInteger(t.schoolDays) && t.schoolDays >= 1 && t.schoolDays <= 183))
      return fail(`${label}在校天数应为 1–183 的整数`);
    if (
      !(Number.isInteger(t.paymentDeadlineDays) && t.paymentDeadlineDays >= 1 && t.paymentDeadlineDays <= 365)
    )
      return fail(`${label}发放期限应为 1–365 天`);
  }
  for (const p of cfg.programmes) {
    if (!(PROGRAMME_CODES as readonly string[]).includes(p.code)) return fail(`未知的资助项目代码 ${p.code}`);
    if (codes.has(p.code)) return fail(`资助项目 ${p.name} 重复`);
    codes.add(p.code);
    if (p.stages.length === 0) return fail(`${p.name}至少适用于一个学段`);
    for (const t of p.eligibility.tiers)
      if (!tiers.has(t)) return fail(`${p.name}引用了不存在的认定档次 ${t}`);
    const a = p.amount;
    const amounts: [string, number][] = [];
    if (a.kind === 'per_year' || a.kind === 'fee') {
      for (const [k, v] of Object.entries(a.byStage)) amounts.push([`${p.name}（${k}）标准`, v!]);
      if (a.kind === 'fee')
        for (const [k, v] of Object.entries(a.bySchool)) amounts.push([`${p.name}（学校 ${k}）收费`, v]);
    } else if (a.kind === 'share_of') {
      if (!(Number.isInteger(a.percent) && a.percent > 0 && a.percent <= 100))
        return fail(`${p.name}比例应为 1–100 的整数百分比`);
      if (!cfg.programmes.some((x) => x.code === a.programme))
        return fail(`${p.name}引用的项目 ${a.programme} 不存在`);
    } else if (a.kind === 'per_school_day') {
      amounts.push([`${p.name}每日标准`, a.perDay]);
      if (a.perDay * 183 > yearMax) return fail(`${p.name}每日标准 ${a.perDay}元超出合理范围`);
    } else {
      if (!tiers.has(a.groupTier)) return fail(`${p.name}优先群体档次 ${a.groupTier} 不存在`);
      for (const [k, v] of Object.entries(a.byTier)) {
        if (!tiers.has(k)) return fail(`${p.name}引用了不存在的认定档次 ${k}`);
        amounts.push([`${p.name}（${k}档）标准`, v]);
      }
    }
    for (const [label, v] of amounts) {
      const bad = money(label, v, yearMax);
      if (bad) return fail(bad);
    }
  }
  for (const [county, o] of Object.entries(cfg.countyOverrides)) {
    if (!/^3504\d{2}$/.test(county)) return fail(`县级差异标准的区划代码 ${county} 不是三明市的县(市、区)`);
    for (const [code, byStage] of Object.entries(o.amounts)) {
      if (!codes.has(code)) return fail(`${o.name}差异标准引用了不存在的资助项目 ${code}`);
      for (const [stage, v] of Object.entries(byStage ?? {})) {
        const bad = money(`${o.name}${code}（${stage}）标准`, v!, yearMax);
        if (bad) return fail(bad);
      }
    }
  }
  const r = cfg.recognition;
  if (!(Number.isInteger(r.noticeWorkingDays) && r.noticeWorkingDays >= 1 && r.noticeWorkingDays <= 30))
    return fail('公示期应为 1–30 个工作日');
  for (const d of [...r.holidays, ...r.extraWorkdays])
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return fail(`节假日/调休日期 ${d} 格式应为 YYYY-MM-DD`);
  for (const [k, v] of Object.entries(cfg.schoolAidFund)) {
    if (!(v.minPercent >= 0 && v.maxPercent <= 100 && v.minPercent <= v.maxPercent))
      return fail(
        `学校资助基金提取比例（${k === 'senior' ? '普通高中' : '中职'}）应在 0–100% 之间且下限不大于上限`,
      );
  }
  if (cfg.supervisionExport.columns.length === 0) return fail('监管系统导出至少需要一列');
  const cols = resolveColumns(cfg.supervisionExport.columns, cfg);
  if (!cols.ok) return fail(cols.reason);
  return { ok: true };
}

function canon(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined && k !== 'note' && k !== 'name')
    .sort()
    .map((k) => `${k}:${canon(o[k])}`)
    .join(',')}}`;
}

/**
 * The programmes whose entitlements could differ between two configs: a changed eligibility or
 * amount, a county figure, the school days, or the rules that decide who is 建档立卡 or which
 * tiers exist. Names and notes do not count.
 */
export function programmesChanged(before: AidPolicyConfig, after: AidPolicyConfig): ProgrammeCode[] {
  const out: ProgrammeCode[] = [];
  const terms = [
    { code: `${after.year}-spring`, year: after.year, half: 'spring' as const },
    { code: `${after.year}-autumn`, year: after.year, half: 'autumn' as const },
  ];
  const rates = (cfg: AidPolicyConfig, code: string) =>
    canon(
      terms.flatMap((t) =>
        rateTable(cfg, t)
          .filter((r) => r.programme === code)
          .map(({ rule: _r, ...x }) => x),
      ),
    );
  const exitChanged = canon(before.registeredPoorExitStatuses) !== canon(after.registeredPoorExitStatuses);
  const tiersChanged =
    canon(before.recognition.tiers.map((t) => t.code)) !== canon(after.recognition.tiers.map((t) => t.code));
  for (const code of PROGRAMME_CODES) {
    const a = before.programmes.find((p) => p.code === code);
    const b = after.programmes.find((p) => p.code === code);
    if (!a && !b) continue;
    if (
      canon(a) !== canon(b) ||
      rates(before, code) !== rates(after, code) ||
      (exitChanged && b?.eligibility.groups.includes('registered_poor')) ||
      (tiersChanged && (b?.eligibility.tiers.length ?? 0) > 0)
    )
      out.push(code);
  }
  return out;
}
