#!/usr/bin/env node
// Scores `jiaofu match` output against truth.json of a blind3 data set.
// Usage: node score.mjs --data <dir with students.csv registry.csv truth.json> --out <tool out.csv> --unenrolled <file> [--report <report.md>]
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []),
);
const dataDir = args.data;
const truth = JSON.parse(fs.readFileSync(path.join(dataDir, 'truth.json'), 'utf8'));
const variant = truth.meta.variant;
const readCsv = (f) =>
  parse(fs.readFileSync(f, 'utf8').replace(/^\ufeff/, ''), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  });

const roll = readCsv(path.join(dataDir, 'students.csv'));
const rollByXjh = new Map(roll.map((r) => [r.学籍号, r]));
const registry = readCsv(path.join(dataDir, 'registry.csv'));
{
  // fill down merged-cell style blanks for display
  let prev = null;
  for (const r of registry) {
    if (prev && !r.户编号)
      for (const c of ['户编号', '户主姓名', '户主证件号码', '县(市、区)', '乡(镇)', '行政村', '贫困户属性'])
        r[c] = prev[c];
    prev = r;
  }
}
const regByPid = new Map(registry.map((r) => [r.人编号, r]));

const out = readCsv(args.out);
const norm = (s) => String(s ?? '').trim();
const outByXjh = new Map();
for (const r of out) {
  const k = norm(r.学籍号);
  if (!outByXjh.has(k)) outByXjh.set(k, []);
  outByXjh.get(k).push(r);
}

// relation between two registry persons (for cross-links)
const birthOf = (id) => (/^\d{17}[\dXx]$/.test(id ?? '') ? id.slice(6, 14) : null);
function relation(truePid, gotPid) {
  const a = regByPid.get(truePid);
  const b = regByPid.get(gotPid);
  if (!a || !b) return 'other';
  if (a.户编号 === b.户编号)
    return birthOf(a.证件号码) && birthOf(a.证件号码) === birthOf(b.证件号码) ? 'twin' : 'sibling';
  return 'cousin/other-household';
}

const S = {
  rows: 0,
  positives: 0,
  confirmed: 0,
  confOk: 0,
  confWrong: 0,
  suspectRows: 0,
  suspectHit: 0,
  suspectNoTruth: 0,
  unmatchedPos: 0,
  missingInOutput: 0,
  crossLinks: { twin: 0, sibling: 0, 'cousin/other-household': 0 },
  hardNegConfirmed: 0,
  hardNegRows: 0,
  nonpoorConfirmed: 0,
  hardNegSuspect: 0,
};
const byLabel = new Map();
const wrong = [];
const missed = [];
const lab = (l) => {
  if (!byLabel.has(l))
    byLabel.set(l, { n: 0, pos: 0, confOk: 0, confWrong: 0, susHit: 0, susNo: 0, unmatched: 0 });
  return byLabel.get(l);
};

for (const [xjh, t] of Object.entries(truth.roll)) {
  S.rows++;
  const L = lab(t.label);
  L.n++;
  const rows = outByXjh.get(xjh) ?? outByXjh.get(norm(xjh).toUpperCase());
  if (!rows) {
    S.missingInOutput++;
  }
  const first = rows?.[0];
  const result = norm(first?.匹配结果) || '(no row)';
  const gotPid = norm(first?.人编号);
  const candidates = (rows ?? []).map((r) => norm(r.人编号)).filter(Boolean);
  const pos = !!t.truth;
  if (pos) {
    S.positives++;
    L.pos++;
  }
  if (t.kind.startsWith('hn_')) S.hardNegRows++;
  if (result === '疑似匹配') S.suspectRows++;
  if (result === '确认匹配') {
    S.confirmed++;
    if (pos && t.accept.includes(gotPid)) {
      S.confOk++;
      L.confOk++;
      continue;
    }
    S.confWrong++;
    L.confWrong++;
    let kind = 'other';
    if (t.relatives.includes(gotPid)) {
      kind = pos ? relation(t.truth, gotPid) : t.kind;
      if (pos) S.crossLinks[kind]++;
    }
    if (!pos && t.kind.startsWith('hn_')) {
      S.hardNegConfirmed++;
      kind = t.kind;
    }
    if (!pos && !t.kind.startsWith('hn_')) {
      S.nonpoorConfirmed++;
      kind = t.label;
    }
    wrong.push({ xjh, t, rows, kind });
    continue;
  }
  if (!pos) {
    if (result === '疑似匹配' && t.kind.startsWith('hn_')) S.hardNegSuspect++;
    continue;
  }
  if (result === '疑似匹配') {
    if (candidates.some((c) => t.accept.includes(c))) {
      S.suspectHit++;
      L.susHit++;
      continue;
    }
    S.suspectNoTruth++;
    L.susNo++;
    missed.push({ xjh, t, rows, why: '疑似匹配 without the true person among candidates' });
    continue;
  }
  S.unmatchedPos++;
  L.unmatched++;
  missed.push({ xjh, t, rows, why: result });
}

// unenrolled
const unen = fs.existsSync(args.unenrolled) ? readCsv(args.unenrolled) : [];
const listedPids = new Set();
const listedIds = new Set();
for (const r of unen) {
  for (const [k, v] of Object.entries(r)) {
    if (/人编号/.test(k)) listedPids.add(norm(v));
    if (/证件号|身份证/.test(k)) listedIds.add(norm(v).toUpperCase());
  }
}
const U = {
  truthOut: 0,
  listed: 0,
  missing: [],
  onRollListed: 0,
  onRollListedByLabel: {},
  notCompulsoryListed: 0,
};
const compulsoryPids = new Set();
for (const [pid, c] of Object.entries(truth.registryChildren)) {
  for (const p of c.pids) compulsoryPids.add(p);
  const isListed = c.pids.some((p) => listedPids.has(p));
  if (!c.onRoll) {
    U.truthOut++;
    if (isListed) U.listed++;
    else U.missing.push({ pid, c });
  } else if (isListed) {
    U.onRollListed++;
    const l = c.xjh.map((x) => truth.roll[x]?.label).join('/');
    U.onRollListedByLabel[l] = (U.onRollListedByLabel[l] ?? 0) + 1;
  }
}
for (const p of listedPids) if (p && !compulsoryPids.has(p)) U.notCompulsoryListed++;

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(2)}%` : '—');
const summary = {
  variant,
  rollRows: S.rows,
  positives: S.positives,
  confirmed: S.confirmed,
  precisionConfirmed: pct(S.confOk, S.confirmed),
  wrongConfirmations: S.confWrong,
  recallConfirmed: pct(S.confOk, S.positives),
  recallConfirmedOrSuspect: pct(S.confOk + S.suspectHit, S.positives),
  missedRows: missed.length,
  suspectShare: pct(S.suspectRows, S.rows),
  suspectRows: S.suspectRows,
  crossLinksConfirmed: S.crossLinks,
  hardNegativesConfirmed: `${S.hardNegConfirmed}/${S.hardNegRows}`,
  hardNegativesSuspect: S.hardNegSuspect,
  nonpoorConfirmed: S.nonpoorConfirmed,
  rowsMissingInOutput: S.missingInOutput,
  unenrolled: {
    trulyOutOfSchool: U.truthOut,
    listed: U.listed,
    missing: U.missing.length,
    onRollButListed: U.onRollListed,
    listedNotCompulsoryOrUnknown: U.notCompulsoryListed,
  },
};

// ---- print ----
const lines = [];
const P = (s = '') => lines.push(s);
P(`## blind3 — ${variant} (seed ${truth.meta.seed})`);
P();
P('| metric | value |');
P('|---|---|');
for (const [k, v] of Object.entries(summary))
  if (k !== 'variant') P(`| ${k} | ${typeof v === 'object' ? JSON.stringify(v) : v} |`);
P();
P('### per damage type');
P();
P(
  '| label | rows | truly registry | 确认✓ | 确认✗ | 疑似(含真) | 疑似(不含真) | 未匹配 | recall 确认 | recall 确认+疑似 |',
);
P('|---|---|---|---|---|---|---|---|---|---|');
const order = [...byLabel.entries()].sort((a, b) => a[0].localeCompare(b[0]));
for (const [l, v] of order) {
  P(
    `| ${l} | ${v.n} | ${v.pos} | ${v.confOk} | ${v.confWrong} | ${v.susHit} | ${v.susNo} | ${v.pos ? v.unmatched : '—'} | ${v.pos ? pct(v.confOk, v.pos) : '—'} | ${v.pos ? pct(v.confOk + v.susHit, v.pos) : '—'} |`,
  );
}
P();
P(
  `unenrolled: on-roll children listed, by the label of their roll row: ${JSON.stringify(U.onRollListedByLabel)}`,
);
const summaryText = lines.join('\n');

const showRoll = (x) => {
  const r = rollByXjh.get(x);
  if (!r) return `(roll row ${x} not found)`;
  return `学籍号=${r.学籍号} 姓名=${JSON.stringify(r.姓名)} 性别=${r.性别} 出生日期=${r.出生日期} 身份证件号=${JSON.stringify(r.身份证件号)} 学校=${r.学校名称} ${r.年级} 户籍=${r.户籍所在地} 监护人=${r.监护人姓名}(${r.监护人关系}) ${JSON.stringify(r.监护人身份证件号)}`;
};
const showReg = (pid) => {
  const r = regByPid.get(pid);
  if (!r) return `(registry ${pid} not found)`;
  return `人编号=${r.人编号} 姓名=${r.姓名} 证件号码=${r.证件号码 || '(空)'} 性别=${r.性别} 与户主关系=${r.与户主关系} 户主=${r.户主姓名} ${r.户主证件号码} ${r['县(市、区)']}${r['乡(镇)']}${r.行政村} 户编号=${r.户编号}`;
};
const showOut = (rows) =>
  (rows ?? [])
    .map(
      (r) =>
        `  - tool: ${r.匹配结果} 人编号=${r.人编号 || '—'} 分=${r.匹配分 || '—'} 依据=${r.匹配依据}${r.人编号 ? `\n    -> ${showReg(r.人编号)}` : ''}`,
    )
    .join('\n') || '  - tool: (no output row)';
const detail = [];
const D = (s = '') => detail.push(s);
D(`### wrong confirmations (${wrong.length})`);
for (const w of wrong) {
  D(`- **${w.t.label}** [${w.kind}] ${w.t.note ?? ''}`);
  D(`  - roll: ${showRoll(w.xjh)}`);
  D(`  - truth: ${w.t.truth ? w.t.accept.map(showReg).join(' | ') : 'not a registry child'}`);
  D(showOut(w.rows));
}
D();
D(
  `### missed rows (${missed.length}) — truly registry children neither confirmed correctly nor offered as a 疑似 candidate`,
);
for (const m of missed) {
  D(`- **${m.t.label}** (${m.why})`);
  D(`  - roll: ${showRoll(m.xjh)}`);
  D(`  - truth: ${m.t.accept.map(showReg).join(' | ')}`);
  D(showOut(m.rows));
}
D();
D(`### truly out-of-school compulsory-age registry children missing from --unenrolled (${U.missing.length})`);
for (const { pid, c } of U.missing) {
  D(
    `- ${showReg(pid)} age=${c.age} dob=${c.dob} reason=${c.absentReason} situation=${c.situation} registryIdShown=${c.regIdShown}`,
  );
  const got = out.filter((r) => c.pids.includes(norm(r.人编号)));
  for (const g of got)
    D(
      `  - appears in output: 学籍号=${g.学籍号} ${g.姓名} ${g.匹配结果} 依据=${g.匹配依据} | roll label=${truth.roll[g.学籍号]?.label} kind=${truth.roll[g.学籍号]?.kind}`,
    );
}
const report = `${summaryText}\n\n${detail.join('\n')}\n`;
if (args.report) fs.writeFileSync(args.report, report);
fs.writeFileSync(path.join(dataDir, 'score.json'), JSON.stringify(summary, null, 1));
console.log(summaryText);
console.log(
  `\n${wrong.length} wrong confirmations, ${missed.length} missed rows, ${U.missing.length} out-of-school children not listed${args.report ? ` — details in ${args.report}` : ''}`,
);
