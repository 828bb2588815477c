#!/usr/bin/env node
// Score `jiaofu match` output against the generator's ground truth.
//   node bench/blind/score.mjs DIR      (reads DIR/out.csv, DIR/unenrolled.csv and the truth files)
import fs from 'node:fs';
import path from 'node:path';
import { readCsvObjects } from './lib.mjs';

const DIR = process.argv[2];
if (!DIR) {
  console.error('usage: score.mjs DIR');
  process.exit(2);
}
const J = (f) => path.join(DIR, f);
const truth = readCsvObjects(J('truth.csv'));
const regTruth = readCsvObjects(J('registry-truth.csv'));
const unTruth = readCsvObjects(J('unenrolled-truth.csv'));
const students = readCsvObjects(J('students.csv'));
const registry = readCsvObjects(J('registry.csv'));
const out = readCsvObjects(J('out.csv'));
const unTool = fs.existsSync(J('unenrolled.csv')) ? readCsvObjects(J('unenrolled.csv')) : null;

const clean = (s) => String(s ?? '').trim();
const regBy = new Map(regTruth.map((r) => [r.人编号, r]));
const regRowBy = new Map(registry.map((r) => [r.人编号, r]));
const stuBy = new Map(students.map((r) => [r.学籍号, r]));
const outBy = new Map();
for (const r of out) {
  const k = clean(r.学籍号);
  if (!outBy.has(k)) outBy.set(k, []);
  outBy.get(k).push({ ...r, 人编号: clean(r.人编号), 匹配结果: clean(r.匹配结果) });
}
const CONF = '确认匹配',
  SUSP = '疑似匹配',
  NONE = '未匹配';
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(2)}%` : 'n/a');

let confRows = 0,
  confRight = 0,
  truePairs = 0,
  recConf = 0,
  recAny = 0,
  studentsSusp = 0,
  missingFromOut = 0,
  badResult = 0;
const wrong = {
  sibling: 0,
  twin: 0,
  householdAdult: 0,
  otherHousehold: 0,
  notInRegistry: 0,
  notInRegistryToGuardian: 0,
  namesakeHardNeg: 0,
};
const missed = [],
  suspOnly = [],
  wrongConf = [];
const byDamage = new Map(),
  byTag = new Map(),
  byKind = new Map();
const bump = (m, k, f) => {
  if (!m.has(k)) m.set(k, { n: 0, conf: 0, any: 0, wrong: 0, negN: 0, negWrong: 0 });
  f(m.get(k));
};
const confirmedPids = new Map(); // pid -> [xjh]
const candidatePids = new Set();
for (const t of truth) {
  const rows = outBy.get(t.学籍号) || [];
  if (!rows.length) missingFromOut++;
  for (const r of rows) if (![CONF, SUSP, NONE].includes(r.匹配结果)) badResult++;
  const conf = rows.filter((r) => r.匹配结果 === CONF);
  const susp = rows.filter((r) => r.匹配结果 === SUSP);
  if (susp.length) studentsSusp++;
  for (const r of [...conf, ...susp]) candidatePids.add(r.人编号);
  for (const r of conf) {
    if (!confirmedPids.has(r.人编号)) confirmedPids.set(r.人编号, []);
    confirmedPids.get(r.人编号).push(t.学籍号);
  }
  const dmg = t.damages ? t.damages.split('|') : ['clean'];
  const tags = t.tags ? t.tags.split('|').map((x) => x.replace(/\(.*\)$/, '')) : ['(none)'];
  const isTrue = !!t.人编号;
  let isWrong = false;
  for (const r of conf) {
    confRows++;
    if (isTrue && r.人编号 === t.人编号) {
      confRight++;
      continue;
    }
    isWrong = true;
    const p = regBy.get(r.人编号);
    let cls;
    if (!isTrue) {
      cls = 'notInRegistry';
      wrong.notInRegistry++;
      if (t.guardian_pid && r.人编号 === t.guardian_pid) {
        wrong.notInRegistryToGuardian++;
        cls = 'non-registry child → its registry guardian';
      } else if (t.kind === 'namesake') {
        wrong.namesakeHardNeg++;
        cls = `namesake → ${r.人编号 === t.namesake_of ? 'its namesake' : 'someone else'}`;
      } else cls = `${t.kind} child → registry person`;
    } else if (p && p.户编号 === t.户编号) {
      if (p.role === 'child') {
        wrong.sibling++;
        const tw = regBy.get(t.人编号);
        if (tw && tw.birth === p.birth) {
          wrong.twin++;
          cls = 'twin cross-link';
        } else cls = 'sibling cross-link';
      } else {
        wrong.householdAdult++;
        cls = `same household, ${p.role} (${p.rel})`;
      }
    } else {
      wrong.otherHousehold++;
      cls = 'other household';
    }
    wrongConf.push({ t, r, cls, rows });
  }
  if (isTrue) {
    truePairs++;
    const okConf = conf.some((r) => r.人编号 === t.人编号);
    const okAny = okConf || susp.some((r) => r.人编号 === t.人编号);
    if (okConf) recConf++;
    if (okAny) recAny++;
    if (!okConf) (okAny ? suspOnly : missed).push({ t, rows });
    for (const d of dmg)
      bump(byDamage, d, (s) => {
        s.n++;
        s.conf += okConf;
        s.any += okAny;
        s.wrong += isWrong;
      });
    for (const g of tags)
      bump(byTag, g, (s) => {
        s.n++;
        s.conf += okConf;
        s.any += okAny;
        s.wrong += isWrong;
      });
  } else {
    for (const d of dmg)
      bump(byDamage, d, (s) => {
        s.negN++;
        s.negWrong += isWrong;
      });
    for (const g of tags)
      bump(byTag, g, (s) => {
        s.negN++;
        s.negWrong += isWrong;
      });
  }
  bump(byKind, t.kind, (s) => {
    if (isTrue) {
      s.n++;
      s.conf += conf.some((r) => r.人编号 === t.人编号);
    } else s.negN++;
    s.wrong += isWrong;
    if (susp.length) s.any++;
  });
}
const extraOut = [...outBy.keys()].filter((k) => !stuBy.has(k)).length;
const multiConf = [...confirmedPids.values()].filter((v) => v.length > 1).length;

// unenrolled
let unRes = null;
if (unTool) {
  const T = new Set(unTruth.map((u) => u.人编号));
  const U = new Set(unTool.map((u) => clean(u.人编号)));
  const hit = [...T].filter((x) => U.has(x));
  const missedU = [...T].filter((x) => !U.has(x));
  const extra = [...U].filter((x) => !T.has(x));
  const extraWhy = {};
  const extraList = [];
  for (const x of extra) {
    const p = regBy.get(x);
    let why = 'unknown 人编号';
    if (p) {
      const age = ((d) => {
        const [y, m, dd] = d.split('-').map(Number);
        let a = 2020 - y;
        if (m > 9 || (m === 9 && dd > 1)) a--;
        return a;
      })(p.birth);
      const shown = String(regRowBy.get(x)?.证件号码 ?? '')
        .replace(/[\uff10-\uff19\uff38\uff58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
        .replace(/[\s'\u3000\u00a0]/g, '')
        .toUpperCase();
      const usable = shown === p.true_id;
      if (age < 6 || age > 15)
        why = usable
          ? 'age outside 6–15 although registry ID is usable'
          : 'registry ID unusable (age unknown to the tool); truly outside 6–15';
      else if (p.on_roll) {
        const own = outBy.get(p.on_roll) || [];
        why = own.some((r) => r.人编号 === x && r.匹配结果 === SUSP)
          ? 'on roll, only 疑似 to its own roll row'
          : candidatePids.has(x)
            ? 'on roll, candidate only of another student'
            : 'on roll but not matched';
      } else why = 'other';
    }
    extraWhy[why] = (extraWhy[why] || 0) + 1;
    extraList.push([x, why]);
  }
  const missedWhy = {};
  for (const x of missedU) {
    const why = confirmedPids.has(x)
      ? 'confirmed to some student (wrong)'
      : candidatePids.has(x)
        ? 'only 疑似 to some student'
        : 'not listed, no candidate row';
    missedWhy[why] = (missedWhy[why] || 0) + 1;
  }
  unRes = {
    truth: T.size,
    tool: U.size,
    hit: hit.length,
    completeness: pct(hit.length, T.size),
    subset: missedU.length === 0,
    extra: extra.length,
    extraWhy,
    missed: missedU.length,
    missedWhy,
    missedList: missedU,
    extraList,
  };
}

// ---------------- print ----------------
const L = [];
L.push(
  `== ${path.basename(DIR)}: ${truth.length} students, ${truePairs} true pairs, ${regTruth.length} registry persons`,
);
if (missingFromOut || extraOut || badResult)
  L.push(
    `   output problems: ${missingFromOut} students absent from out.csv, ${extraOut} unknown 学籍号, ${badResult} rows with an unknown 匹配结果`,
  );
L.push(`   precision(确认)        ${pct(confRight, confRows)}   (${confRight}/${confRows} rows)`);
L.push(`   recall(确认)           ${pct(recConf, truePairs)}   (${recConf}/${truePairs})`);
L.push(`   recall(确认+疑似)      ${pct(recAny, truePairs)}   (${recAny}/${truePairs})`);
L.push(
  `   疑似 share             ${pct(studentsSusp, truth.length)}   (${studentsSusp} students with a 疑似 row)`,
);
L.push(
  `   wrong 确认: ${confRows - confRight} — same household: sibling ${wrong.sibling} (of which twins ${wrong.twin}), adult ${wrong.householdAdult}; other household ${wrong.otherHousehold}; non-registry pupil confirmed ${wrong.notInRegistry} (to own registry guardian ${wrong.notInRegistryToGuardian}, namesake hard negatives ${wrong.namesakeHardNeg})`,
);
L.push(`   registry persons confirmed to >1 student: ${multiConf}`);
if (unRes) {
  L.push(
    `   unenrolled: truth ${unRes.truth}, tool ${unRes.tool}; completeness ${unRes.completeness} (${unRes.hit}/${unRes.truth}, subset=${unRes.subset}); extra ${unRes.extra}`,
  );
  L.push(
    `      extra why: ${JSON.stringify(unRes.extraWhy)}   missed why: ${JSON.stringify(unRes.missedWhy)}`,
  );
} else L.push('   unenrolled: (no unenrolled.csv)');
const table = (title, m, minN = 1) => {
  L.push(`   -- by ${title}: n | recall 确认 | recall 确认+疑似 | wrong确认 || non-registry n | wrong确认`);
  const ks = [...m.keys()].sort((a, b) => m.get(b).n + m.get(b).negN - (m.get(a).n + m.get(a).negN));
  for (const k of ks) {
    const s = m.get(k);
    if (s.n + s.negN < minN) continue;
    L.push(
      `      ${k.padEnd(30)} ${String(s.n).padStart(5)} | ${pct(s.conf, s.n).padStart(7)} | ${pct(s.any, s.n).padStart(7)} | ${String(s.wrong).padStart(3)} || ${String(s.negN).padStart(6)} | ${s.negWrong}`,
    );
  }
};
table('damage (true pairs; roll:=in the roll, reg:=in the registry row of the true person)', byDamage);
table('situation tag', byTag);
L.push('   -- by kind: true-n | conf | wrong确认 | non-registry n | with 疑似');
for (const [k, s] of byKind)
  L.push(`      ${k.padEnd(24)} ${s.n} | ${s.conf} | ${s.wrong} | ${s.negN} | ${s.any}`);
console.log(L.join('\n'));

// ---------------- failures ----------------
const fmtStu = (x) => {
  const s = stuBy.get(x);
  return s
    ? Object.entries(s)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ')
    : '(absent)';
};
const fmtReg = (pid) => {
  const s = regRowBy.get(pid);
  return s
    ? Object.entries(s)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ')
    : `(no registry row ${pid})`;
};
const fmtOut = (rows) =>
  rows
    .map((r) => `      → ${r.匹配结果} 人编号=${r.人编号 || '-'} 分=${r.匹配分} 依据=${r.匹配依据}`)
    .join('\n') || '      → (no output row)';
const F = [];
const sec = (title, list, f) => {
  F.push(`\n######## ${title} (${list.length})\n`);
  for (const x of list) F.push(f(x));
};
const pairTxt = ({ t, rows }) =>
  `-- ${t.学籍号} true=${t.人编号} kind=${t.kind} damages=${t.damages || 'clean'} tags=${t.tags}\n   roll: ${fmtStu(t.学籍号)}\n   reg : ${fmtReg(t.人编号)}\n   truth: name=${t.true_name} id=${t.true_id} birth=${t.true_birth}\n${fmtOut(rows)}\n`;
sec(
  'WRONG 确认 (confirmed to the wrong person)',
  wrongConf,
  ({ t, r, cls, rows }) =>
    `-- [${cls}] ${t.学籍号} true=${t.人编号 || '(not in registry)'} confirmed=${r.人编号} kind=${t.kind} damages=${t.damages || 'clean'} tags=${t.tags}\n   roll: ${fmtStu(t.学籍号)}\n   confirmed reg: ${fmtReg(r.人编号)}\n${t.人编号 ? `   true reg: ${fmtReg(t.人编号)}\n` : ''}   truth: name=${t.true_name} id=${t.true_id} birth=${t.true_birth}\n${fmtOut(rows)}\n`,
);
sec('MISSED true pairs (true person not on any 确认/疑似 row)', missed, pairTxt);
sec('ONLY 疑似 (true person offered as 疑似, not confirmed)', suspOnly, pairTxt);
if (unRes)
  sec('UNENROLLED truth missing from tool list', unRes.missedList, (pid) => {
    const u = unTruth.find((x) => x.人编号 === pid);
    return `-- ${pid} ${u.姓名} ${u.证件号码} age=${u.age} reason=${u.reason} reg_damages=${u.reg_damages}\n   reg: ${fmtReg(pid)}\n   confirmed to: ${(confirmedPids.get(pid) || []).join(',') || '-'}\n`;
  });
if (unRes)
  sec(
    'UNENROLLED extras (tool lists, truth does not), except unusable-ID ones',
    unRes.extraList.filter(([, w]) => !/unusable/.test(w)),
    ([pid, why]) => {
      const p = regBy.get(pid);
      return `-- ${pid} [${why}] true: ${p?.true_name} ${p?.true_id} on_roll=${p?.on_roll || '-'}\n   reg: ${fmtReg(pid)}\n${p?.on_roll ? `   roll: ${fmtStu(p.on_roll)}\n${fmtOut(outBy.get(p.on_roll) || [])}\n` : ''}`;
    },
  );
fs.writeFileSync(J('failures.txt'), F.join('\n'));
fs.writeFileSync(
  J('score.json'),
  JSON.stringify(
    {
      students: truth.length,
      truePairs,
      precisionConf: confRight / confRows,
      recallConf: recConf / truePairs,
      recallAny: recAny / truePairs,
      suspShare: studentsSusp / truth.length,
      wrongConf: confRows - confRight,
      wrong,
      unenrolled: unRes && { ...unRes, missedList: undefined, extraList: undefined },
      byDamage: Object.fromEntries(byDamage),
      byTag: Object.fromEntries(byTag),
    },
    null,
    1,
  ),
);
