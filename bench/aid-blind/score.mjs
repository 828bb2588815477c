#!/usr/bin/env node
// Compares the app's 2020-autumn entitlement lines with the oracle, line by line.
// Usage: node bench/aid-blind/score.mjs [--truth FILE] [--app FILE] [--out FILE] [--reading primary|alt-lists-direct|alt-hs-direct]
import fs from 'node:fs';
import { expectedLines, hardship, UNSCORED_FOR_NON_HARDSHIP } from './oracle.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
);
const truth = JSON.parse(fs.readFileSync(args.truth ?? '/tmp/aidblind/data/truth.json', 'utf8'));
const app = JSON.parse(fs.readFileSync(args.app ?? '/tmp/aidblind/app-lines.json', 'utf8'));
const recLog = fs.existsSync(args.recs ?? '/tmp/aidblind/data/recognitions.json')
  ? JSON.parse(fs.readFileSync(args.recs ?? '/tmp/aidblind/data/recognitions.json', 'utf8'))
  : null;
const OUT = args.out ?? '/tmp/aidblind/score.json';
const READING = args.reading ?? 'primary';
const VERBOSE = process.argv.includes('--verbose');
const QINGLIU = '350423'; // 清流: the text announces a higher boarding subsidy without a figure

// lines are keyed by the masked 学籍号 (G + area code + ******** + last 4) and the school: unique in this data set.
// The name is compared separately (the app may store a converted name).
const masked = (id) => `G${id.slice(0, 6)}********${id.slice(-4)}`;
const key = (studentNo, school) => `${studentNo}@${school}`;
const stuBy = new Map(truth.students.map((s) => [key(masked(s.id), s.schoolCode), s]));
if (stuBy.size !== truth.students.length)
  throw new Error('masked 学籍号 not unique per school: change the seed');
const appBy = new Map();
const unknown = [];
const nameChanged = new Map();
for (const l of app.lines) {
  const st = stuBy.get(key(l.student_no, l.school_code));
  if (!st) {
    unknown.push(l);
    continue;
  }
  if (l.name !== st.name)
    nameChanged.set(st.id, { roll: st.name, app: l.name, school: st.schoolCode, tag: st.tag });
  const k = key(l.student_no, l.school_code);
  if (!appBy.has(k)) appBy.set(k, []);
  appBy.get(k).push(l);
}

const findings = []; // {kind, firm, programme, student, expected, got, rule}
const describe = (st) => ({
  name: st.name,
  idTail: st.id.slice(-4),
  school: st.schoolCode,
  county: st.county,
  stage: st.stage,
  grade: st.gradeLabel,
  boarding: st.boarding,
  private: st.privateSchool,
  tag: st.tag,
  rec: st.rec ? `${st.rec.plan}/${st.rec.tier}` : null,
});
let expectedCount = 0;
let matchedCount = 0;
const amountsSeen = {};
for (const st of truth.students) {
  const exp = expectedLines(st, READING);
  expectedCount += exp.length;
  const got = appBy.get(key(masked(st.id), st.schoolCode)) ?? [];
  const gotBy = new Map();
  for (const g of got) {
    if (gotBy.has(g.programme))
      findings.push({
        kind: 'duplicate',
        firm: true,
        programme: g.programme,
        student: describe(st),
        got: g.amount_fen / 100,
        rule: g.rule,
      });
    gotBy.set(g.programme, g);
  }
  const H = hardship(st, READING);
  for (const e of exp) {
    const g = gotBy.get(e.programme);
    if (!g) {
      findings.push({
        kind: 'missing',
        firm: e.firm,
        programme: e.programme,
        student: describe(st),
        expected: e.amount,
      });
      continue;
    }
    matchedCount++;
    const gotAmt = g.amount_fen / 100;
    amountsSeen[e.programme] ??= {};
    const seen = amountsSeen[e.programme];
    seen[gotAmt] = (seen[gotAmt] ?? 0) + 1;
    if (e.amount != null && Math.abs(gotAmt - e.amount) > 0.005) {
      const qingliuBoarding = e.programme === 'boarding_subsidy' && st.countyCode === QINGLIU;
      findings.push({
        kind: 'amount',
        firm: (e.amountFirm ?? e.firm) && !qingliuBoarding,
        programme: e.programme,
        student: describe(st),
        expected: e.amount,
        got: gotAmt,
        rule: g.rule,
        note: qingliuBoarding ? '清流 override (text gives no figure)' : undefined,
      });
    }
    gotBy.delete(e.programme);
  }
  for (const [prog, g] of gotBy) {
    const gotAmt = g.amount_fen / 100;
    amountsSeen[prog] ??= {};
    amountsSeen[prog][gotAmt] = (amountsSeen[prog][gotAmt] ?? 0) + 1;
    // nutrition outside 尤溪 is unscored for everyone (the text does not name the other counties)
    const soft = (UNSCORED_FOR_NON_HARDSHIP.has(prog) && !H) || prog === 'nutrition';
    const readingDep = hardship(st, 'primary') !== hardship(st, 'alt-lists-direct');
    findings.push({
      kind: soft ? 'unscored' : 'extra',
      firm: !soft && !readingDep,
      programme: prog,
      student: describe(st),
      got: gotAmt,
      rule: g.rule,
    });
  }
}

// ---- summary ----
const groupKey = (f) =>
  `${f.kind}${f.firm ? '' : ' (reading)'} | ${f.programme} | ${f.student.tag}${f.student.rec ? ` rec:${f.student.rec.split('/')[0]}` : ''}`;
const groups = new Map();
for (const f of findings) {
  const k = groupKey(f);
  if (!groups.has(k)) groups.set(k, { n: 0, example: f });
  groups.get(k).n++;
}
const count = (pred) => findings.filter(pred).length;
const summary = {
  reading: READING,
  students: truth.students.length,
  expectedLines: expectedCount,
  appLinesForTestSchools: app.lines.length,
  appLinesNotInTruth: unknown.length,
  matchedLines: matchedCount,
  firm: {
    missing: count((f) => f.kind === 'missing' && f.firm),
    extra: count((f) => f.kind === 'extra' && f.firm),
    wrongAmount: count((f) => f.kind === 'amount' && f.firm),
    duplicate: count((f) => f.kind === 'duplicate'),
  },
  readingDependent: {
    missing: count((f) => f.kind === 'missing' && !f.firm),
    extra: count((f) => f.kind === 'extra' && !f.firm),
    amount: count((f) => f.kind === 'amount' && !f.firm),
  },
  unscored: count((f) => f.kind === 'unscored'),
  amountsSeen,
};

// recognition workflow checks (docs: 申请 → 学校认定 → 公示 (5 working days, objections) → 建档备案)
const recChecks = [];
if (recLog) {
  for (const r of recLog.results) {
    const want = {
      confirmed: 'confirmed',
      archived: 'archived',
      applied: 'applied',
      school_reviewed: 'school_reviewed',
      in_notice: 'in_notice',
      rejected: 'rejected',
      revoked: 'revoked',
      confirmed_2019: 'confirmed',
    }[r.plan];
    if (r.status !== want) recChecks.push({ check: 'status', ...r, want });
  }
  for (const p of recLog.probes ?? []) {
    if (p.probe === 'confirm-during-notice' && p.status < 300)
      recChecks.push({ check: 'confirmed while 公示 still running', ...p });
    if (p.probe === 'create-2019' || p.probe === 'notice-2019' || p.probe === 'confirm-2019')
      if (p.status >= 300) recChecks.push({ check: p.probe, ...p });
  }
  const logged = recLog.log.filter((l) => l.what === 'confirm-by-school-refused');
  if (logged.length)
    recChecks.push({
      check: 'school cannot confirm (county must)',
      n: logged.length,
      example: logged[0].result,
    });
}

// 营养改善计划 by county: compulsory pupils with / without a nutrition line
const nutrition = {};
for (const st of truth.students) {
  if (st.stage !== 'primary' && st.stage !== 'junior') continue;
  nutrition[st.county] ??= { pupils: 0, withLine: 0, amounts: {} };
  const n = nutrition[st.county];
  n.pupils++;
  const g = (appBy.get(key(masked(st.id), st.schoolCode)) ?? []).find((l) => l.programme === 'nutrition');
  if (g) {
    n.withLine++;
    n.amounts[g.amount_fen / 100] = (n.amounts[g.amount_fen / 100] ?? 0) + 1;
  }
}
summary.nutritionByCounty = nutrition;
summary.namesChangedByApp = [...nameChanged.values()];

// cross-check: the CLI coverage export (export coverage) against the API lines, for the test schools
const coverageFile = args.coverage ?? '/tmp/aidblind/coverage.csv';
if (fs.existsSync(coverageFile)) {
  const names = new Map(truth.schools.map((x) => [x.name, x.code]));
  const rows = fs
    .readFileSync(coverageFile, 'utf8')
    .replace(/^\ufeff/, '')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const h = rows.shift();
  const ix = (c) => h.indexOf(c);
  const label = Object.fromEntries(app.lines.map((l) => [l.programme, l.rule.split('：')[0]]));
  const apiSet = new Set(
    app.lines.map(
      (l) => `${l.name}|${l.school_code}|${label[l.programme]}|${(l.amount_fen / 100).toFixed(2)}`,
    ),
  );
  const csvSet = new Set(
    rows
      .filter((r) => names.has(r[ix('学校名称')]))
      .map(
        (r) => `${r[ix('姓名')]}|${names.get(r[ix('学校名称')])}|${r[ix('资助项目')]}|${r[ix('应享金额')]}`,
      ),
  );
  const onlyApi = [...apiSet].filter((x) => !csvSet.has(x));
  const onlyCsv = [...csvSet].filter((x) => !apiSet.has(x));
  summary.coverageExportCheck = {
    apiLines: apiSet.size,
    exportRows: csvSet.size,
    onlyInApi: onlyApi.length,
    onlyInExport: onlyCsv.length,
    examples: [...onlyApi.slice(0, 3), ...onlyCsv.slice(0, 3)],
  };
}

const report = {
  summary,
  groups: [...groups]
    .map(([k, v]) => ({ group: k, n: v.n, example: v.example }))
    .sort((a, b) => a.group.localeCompare(b.group)),
  recChecks,
  unknownLines: unknown.slice(0, 20),
  findings,
};
fs.writeFileSync(OUT, JSON.stringify(report, null, 1));

const fmt = (f) =>
  `${f.student.name} (…${f.student.idTail}, ${f.student.county} ${f.student.stage} ${f.student.grade}${f.student.boarding ? ' 寄宿' : ''}${f.student.private ? ' 民办' : ''}, ${f.student.tag}${f.student.rec ? `, 认定 ${f.student.rec}` : ''}) expected ${f.kind === 'extra' || f.kind === 'unscored' ? 'no line' : (f.expected ?? 'a line')} got ${f.kind === 'missing' ? 'no line' : f.got}${f.rule ? ` — 「${f.rule}」` : ''}`;
console.log(`\n=== aid-blind score (${READING} reading) ===`);
console.log(
  JSON.stringify(
    { ...summary, amountsSeen: undefined, nutritionByCounty: undefined, namesChangedByApp: undefined },
    null,
    1,
  ),
);
if (summary.namesChangedByApp.length)
  console.log(
    'names the app stores differently from the roll:',
    summary.namesChangedByApp.map((x) => `${x.roll}→${x.app}`).join(', '),
  );
console.log(
  '营养改善计划 by county (pupils / with a line / amounts):',
  Object.entries(summary.nutritionByCounty)
    .map(([c, v]) => `${c} ${v.pupils}/${v.withLine} ${JSON.stringify(v.amounts)}`)
    .join('; '),
);
console.log('amounts the app gave per programme (元: lines):', JSON.stringify(amountsSeen));
const head = {};
for (const f of findings) {
  const k = `${f.kind}${f.firm ? ' FIRM' : f.kind === 'unscored' ? '' : ' (reading)'}`;
  head[k] ??= {};
  head[k][f.programme] = (head[k][f.programme] ?? 0) + 1;
}
console.log('\n--- findings by kind and programme ---');
for (const [k, v] of Object.entries(head).sort())
  console.log(
    `  ${k.padEnd(22)} ${Object.entries(v)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')}`,
  );
console.log(
  `\n--- finding groups (kind | programme | student status)${VERBOSE ? '' : ', unscored groups left out (--verbose shows them)'} ---`,
);
for (const g of report.groups.filter((x) => VERBOSE || !x.group.startsWith('unscored')))
  console.log(`${String(g.n).padStart(4)}  ${g.group}\n        e.g. ${fmt(g.example)}`);
if (recChecks.length) {
  console.log('\n--- recognition workflow checks ---');
  for (const c of recChecks) console.log('  ', JSON.stringify(c).slice(0, 400));
}
console.log(`\nfull report: ${OUT}`);
process.exitCode =
  summary.firm.missing + summary.firm.extra + summary.firm.wrongAmount + summary.firm.duplicate > 0 ? 1 : 0;
