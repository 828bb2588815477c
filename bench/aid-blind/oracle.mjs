#!/usr/bin/env node
// Oracle: expected 2020-autumn entitlement lines, computed from truth.json and the policy table below,
// which was written from /work/shared/docs/POLICY.md (Part 1, "National aid programmes by stage") and the
// seed text only — before looking at the app's policy configuration.
// Usage: node bench/aid-blind/oracle.mjs [--truth FILE] [--out FILE]
import fs from 'node:fs';

export const TERM = '2020-autumn';
export const SCHOOL_YEAR = 2020; // autumn 2020 opens school year 2020–2021

// Amounts are per year in POLICY.md; a term is half a year.
export const POLICY = {
  preschool_aid: { label: '学前教育资助', stages: ['preschool'], who: 'hardship', perYear: 1000 },
  boarding_subsidy: {
    label: '寄宿生生活费补助',
    stages: ['primary', 'junior'],
    who: 'hardship',
    boarders: true,
    perYear: { primary: 1000, junior: 1250 },
  },
  nonboarding_living: {
    label: '非寄宿建档立卡生活补助',
    stages: ['primary', 'junior'],
    who: 'registered_poor',
    boarders: false,
    perYear: { primary: 500, junior: 625 },
  },
  nutrition: { label: '营养改善计划', stages: ['primary', 'junior'], who: 'all', perDay: 4, scored: false },
  senior_grant: {
    label: '普通高中国家助学金',
    stages: ['senior'],
    who: 'hardship',
    perYear: { 特别困难: 3000, 困难: 2000, 一般困难: 1000, default: 2000 },
  },
  senior_fee_waiver: {
    label: '普通高中免学杂费',
    stages: ['senior'],
    who: 'hardship',
    amount: 'school fee (not given)',
  },
  vocational_fee_waiver: {
    label: '中职免学费',
    stages: ['vocational'],
    who: 'hardship',
    amount: 'school fee (not given)',
  },
  vocational_grant: {
    label: '中职国家助学金',
    stages: ['vocational'],
    who: 'hardship',
    grades: [1, 2],
    perYear: 2000,
  },
};

// 建档立卡 that still carries the policy: 脱贫状态 未脱贫 or 已脱贫(享受政策); 已脱贫(不享受政策) does not.
export const rpEnjoys = (rp) => rp === '未脱贫' || rp === '已脱贫(享受政策)';
export const recCounts = (rec) => !!rec && (rec.plan === 'confirmed' || rec.plan === 'archived');

// Hardship status ("家庭经济困难学生") under the primary reading:
//  automatic: 建档立卡 (enjoying policy), 低保, 特困供养;
//  by a confirmed (公示 finished) recognition for school year 2020: anyone;
//  NOT by itself: 残疾 list, 突发困难 list (priority groups for recognition) — see README "readings".
export function hardship(st, reading = 'primary') {
  const s = st.status;
  const auto = rpEnjoys(s.rp) || s.mla || s.ep;
  if (auto || recCounts(st.rec)) return true;
  if (reading === 'alt-lists-direct' && (s.dis || s.hs)) return true; // alternative: every list is a direct recognition
  if (reading === 'alt-hs-direct' && s.hs) return true; // alternative: the 突发困难 list itself enters national aid
  return false;
}

// Returns expected lines [{programme, amount|null, basis, firm}] for one student.
//  firm=false marks a line (or its amount) that depends on a reading the text leaves open.
export function expectedLines(st, reading = 'primary') {
  const out = [];
  const H = hardship(st, reading);
  const hardshipIsFirm = hardship(st, 'primary') === hardship(st, 'alt-lists-direct');
  const rp = rpEnjoys(st.status.rp);
  const stage = st.stage;
  if (stage === 'preschool' && H) out.push({ programme: 'preschool_aid', amount: 500, firm: hardshipIsFirm });
  if ((stage === 'primary' || stage === 'junior') && st.boarding && H)
    out.push({
      programme: 'boarding_subsidy',
      amount: POLICY.boarding_subsidy.perYear[stage] / 2,
      firm: hardshipIsFirm,
    });
  if ((stage === 'primary' || stage === 'junior') && !st.boarding && rp)
    out.push({
      programme: 'nonboarding_living',
      amount: POLICY.nonboarding_living.perYear[stage] / 2,
      firm: true,
    });
  if (stage === 'senior' && H) {
    const tier = recCounts(st.rec) ? st.rec.tier : null;
    const perYear = tier ? POLICY.senior_grant.perYear[tier] : POLICY.senior_grant.perYear.default;
    // The amount is firm only for a recognised tier with no other status: "1000–3000元/年 in tiers, average 2000"
    // does not say which tier an untiered 建档立卡/低保 pupil gets, nor whether a priority group lifts a recognised tier.
    const group =
      rp || st.status.mla || st.status.ep || st.status.dis || st.status.hs || !!st.rec?.groups?.length;
    out.push({
      programme: 'senior_grant',
      amount: perYear / 2,
      firm: hardshipIsFirm && !!tier && !group,
      amountFirm: !!tier && !group,
      tier,
    });
    // 免学杂费: the table says only "建档立卡: yes"; the national rule (财教〔2016〕292号) names 建档立卡, 低保, 特困供养 and
    // 家庭经济困难残疾 pupils, so a pupil whose only basis is a recognition is a reading, not a firm expectation.
    const listBasis = rp || st.status.mla || st.status.ep;
    out.push({ programme: 'senior_fee_waiver', amount: null, firm: hardshipIsFirm && listBasis });
  }
  // 营养改善计划: the seed names 尤溪's nutrition-plan pilot (统一采购集中配送), so 尤溪 runs it: every compulsory pupil there.
  // Which other counties run it, and how many school days a term has, the text does not say (amount not scored).
  if ((stage === 'primary' || stage === 'junior') && NUTRITION_COUNTIES_FROM_TEXT.has(st.countyCode))
    out.push({ programme: 'nutrition', amount: null, firm: true });
  if (stage === 'vocational' && H) {
    out.push({ programme: 'vocational_fee_waiver', amount: null, firm: hardshipIsFirm });
    if (st.grade <= 2) out.push({ programme: 'vocational_grant', amount: 1000, firm: hardshipIsFirm });
  }
  return out;
}

// "Soft" programmes whose presence for NON-hardship pupils the text does not settle:
//  nutrition (where the county runs it; which counties and how many days are not given),
//  中职免学费 for non-hardship pupils (national rule: all rural pupils; POLICY only says 建档立卡 yes).
export const UNSCORED_FOR_NON_HARDSHIP = new Set(['nutrition', 'vocational_fee_waiver']);
export const NUTRITION_COUNTIES_FROM_TEXT = new Set(['350426']); // 尤溪县 (seed, work point 1)

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
  );
  const truth = JSON.parse(fs.readFileSync(args.truth ?? '/tmp/aidblind/data/truth.json', 'utf8'));
  const lines = [];
  for (const st of truth.students)
    for (const l of expectedLines(st, args.reading ?? 'primary'))
      lines.push({ name: st.name, id: st.id, schoolCode: st.schoolCode, tag: st.tag, ...l });
  const out = args.out ?? '/tmp/aidblind/expected.json';
  fs.writeFileSync(out, JSON.stringify(lines, null, 1));
  const by = {};
  for (const l of lines) by[l.programme] = (by[l.programme] ?? 0) + 1;
  console.log(`expected ${lines.length} lines for ${TERM} →`, out, by);
}
