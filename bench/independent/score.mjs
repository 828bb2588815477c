// Score `jiaofu match` output against blind ground truth.
// Usage: node score.mjs DIR   (expects DIR/{roll.csv,registry.csv,truth_roll.csv,truth_registry.csv,expected_unenrolled.csv,out.csv,unenrolled.csv})
import fs from 'node:fs';
import path from 'node:path';

const DIR = process.argv[2];
const OUTCSV = process.argv[3] || path.join(DIR, 'out.csv');
const UNCSV = process.argv[4] || path.join(DIR, 'unenrolled.csv');
function parseCsv(text) {
  text = text.replace(/^\ufeff/, '');
  const rows = [];
  let row = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          f += '"';
          i++;
        } else q = false;
      } else f += c;
      continue;
    }
    if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\n') {
      row.push(f.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      f = '';
    } else f += c;
  }
  if (f.length || row.length) {
    row.push(f);
    rows.push(row);
  }
  const [h, ...rest] = rows;
  return rest
    .filter((r) => r.length > 1 || r[0] !== '')
    .map((r) => Object.fromEntries(h.map((k, i) => [k, r[i] ?? ''])));
}
const rd = (f) => parseCsv(fs.readFileSync(f, 'utf8'));
const truth = rd(path.join(DIR, 'truth_roll.csv'));
const treg = rd(path.join(DIR, 'truth_registry.csv'));
const roll = fs.existsSync(path.join(DIR, 'roll.csv')) ? rd(path.join(DIR, 'roll.csv')) : [];
const reg = rd(path.join(DIR, 'registry.csv'));
const out = rd(OUTCSV);
const expUn = rd(path.join(DIR, 'expected_unenrolled.csv'));
const un = fs.existsSync(UNCSV) ? rd(UNCSV) : [];
const P = new Map(treg.map((p) => [p.pid, p]));
const REG = new Map(reg.map((r) => [r.人编号, r]));
const ROLL = new Map(roll.map((r) => [r.学籍号, r]));
// group output rows by 学籍号 (first row = the student's row, further rows = extra candidates)
const O = new Map();
const outOrder = [];
for (const r of out) {
  let g = O.get(r.学籍号);
  if (!g) {
    g = { main: r, cands: [] };
    O.set(r.学籍号, g);
    outOrder.push(r.学籍号);
  }
  if (r.人编号) g.cands.push(r);
}
const lines = [];
const log = (...a) => {
  lines.push(a.join(' '));
};
log(`# ${DIR}`);
log(
  `roll rows ${truth.length}, output students ${O.size}, output rows ${out.length}; missing from output: ${truth.filter((t) => !O.has(t.xjh)).length}`,
);
const badResult = out.filter((r) => !['确认匹配', '疑似匹配', '未匹配'].includes(r.匹配结果));
if (badResult.length) log(`!! bad 匹配结果 values: ${badResult.length}`);
// per-row evaluation
const pidCount = new Map();
for (const t of truth) if (t.pid) pidCount.set(t.pid, (pidCount.get(t.pid) || 0) + 1);
const dupPids = new Set([...pidCount].filter(([, n]) => n > 1).map(([p]) => p));
const ev = truth.map((t) => {
  const g = O.get(t.xjh) || { main: { 匹配结果: '(缺失)' }, cands: [] };
  const res = g.main.匹配结果;
  const conf = res === '确认匹配' ? g.main.人编号 : '';
  const candPids = new Set(g.cands.filter((c) => c.匹配结果 !== '未匹配').map((c) => c.人编号));
  const e = { t, g, res, conf, candPids };
  e.isReg = !!t.pid;
  e.confOK = e.isReg && conf === t.pid;
  e.confWrong = !!conf && conf !== t.pid;
  e.anyOK = e.isReg && candPids.has(t.pid);
  const tp = t.pid ? P.get(t.pid) : null;
  const cp = conf ? P.get(conf) : null;
  e.cross = '';
  if (e.confWrong && cp) {
    if (tp && cp.hid === tp.hid)
      e.cross = tp.twin_pid === conf ? 'twin' : cp.is_kid === '1' ? 'sibling' : 'household_adult';
    else if (!tp && t.guardian_pid === conf) e.cross = 'guardian(nonpoor)';
    else if (!tp) e.cross = 'nonpoor_to_registry';
    else e.cross = 'other_household';
  }
  e.cats = [
    'ALL',
    ...(dupPids.has(t.pid) ? ['dup_person_in_roll'] : []),
    ...t.tags.split('|').filter(Boolean),
    ...t.damages
      .split('|')
      .filter(Boolean)
      .map((d) => `dmg:${d}`),
  ];
  if (!t.damages) e.cats.push('dmg:(none)');
  if (/000$/.test(t.true_id)) e.cats.push('valid_true_id_ends_000');
  const idDm = t.damages
    .split('|')
    .filter((d) =>
      [
        'sci',
        'zero3',
        'missing_id',
        'temp_xjh',
        'guardian_id',
        'sibling_id',
        'wrong_digit',
        'swap_digits',
        'xjh_in_id',
        'id15_child',
        'twin_id_swap',
      ].includes(d),
    );
  const nmDm = t.damages
    .split('|')
    .filter((d) =>
      ['renamed', 'surname_changed', 'name_homophone', 'name_dialect', 'name_traditional'].includes(d),
    );
  if (idDm.length && nmDm.length) e.cats.push('combo:id+name');
  return e;
});
// aggregate
function agg(list) {
  const a = {
    n: list.length,
    reg: 0,
    conf: 0,
    confOK: 0,
    confWrong: 0,
    anyOK: 0,
    susp: 0,
    fpNonpoor: 0,
    cross: 0,
  };
  for (const e of list) {
    if (e.isReg) a.reg++;
    if (e.res === '确认匹配') a.conf++;
    if (e.confOK) a.confOK++;
    if (e.confWrong) a.confWrong++;
    if (e.anyOK) a.anyOK++;
    if (e.res === '疑似匹配') a.susp++;
    if (!e.isReg && e.res === '确认匹配') a.fpNonpoor++;
    if (['twin', 'sibling'].includes(e.cross)) a.cross++;
  }
  return a;
}
const pct = (x, y) => (y ? `${((100 * x) / y).toFixed(2)}%` : '-');
const cats = new Map();
for (const e of ev)
  for (const c of e.cats) {
    if (!cats.has(c)) cats.set(c, []);
    cats.get(c).push(e);
  }
const A = agg(ev);
const designed = (e) => dupPids.has(e.t.pid) || /twin_id_swap/.test(e.t.damages);
const A2 = agg(ev.filter((e) => !designed(e)));
log(`\n## Overall`);
log(
  `precision(确认) ${pct(A.confOK, A.conf)} (${A.confWrong} wrong of ${A.conf}); recall(确认) ${pct(A.confOK, A.reg)} (${A.confOK}/${A.reg}); recall(确认+疑似) ${pct(A.anyOK, A.reg)} (${A.reg - A.anyOK} missed); 疑似 share ${pct(A.susp, A.n)} (${A.susp}); sibling/twin cross-links ${A.cross}; non-poor rows confirmed ${A.fpNonpoor}`,
);
log(
  `excluding designed-ambiguous rows (same person twice in roll; twins' IDs swapped): precision ${pct(A2.confOK, A2.conf)}; recall(确认) ${pct(A2.confOK, A2.reg)}; recall(确认+疑似) ${pct(A2.anyOK, A2.reg)} (${A2.reg - A2.anyOK} missed); 疑似 share ${pct(A2.susp, A2.n)}`,
);
const suspReg = ev.filter((e) => e.isReg && e.res === '疑似匹配' && e.anyOK);
const primWrong = suspReg.filter((e) => e.g.main.人编号 !== e.t.pid);
log(
  `疑似 rows whose true person is a candidate but NOT the first-listed one: ${primWrong.length} of ${suspReg.length} (first-listed is a sibling/twin in ${primWrong.filter((e) => P.get(e.g.main.人编号)?.hid === e.t.hid).length})`,
);
const crossKinds = {};
for (const e of ev) if (e.cross) crossKinds[e.cross] = (crossKinds[e.cross] || 0) + 1;
log(`wrong-confirm kinds: ${JSON.stringify(crossKinds)}`);
log(`\n## Per category (reg = rows whose truth is a registry person)`);
log(
  `| category | rows | reg | prec(确认) | wrong 确认 | recall(确认) | recall(确认+疑似) | 疑似 share | sib/twin x-links | non-poor 确认 |`,
);
log(`|---|---|---|---|---|---|---|---|---|---|`);
const order = [...cats.keys()].sort((a, b) => (a === 'ALL' ? -1 : b === 'ALL' ? 1 : a.localeCompare(b)));
for (const c of order) {
  const a = agg(cats.get(c));
  log(
    `| ${c} | ${a.n} | ${a.reg} | ${pct(a.confOK, a.conf)} | ${a.confWrong} | ${pct(a.confOK, a.reg)} | ${pct(a.anyOK, a.reg)} | ${pct(a.susp, a.n)} | ${a.cross} | ${a.fpNonpoor} |`,
  );
}
// ---------------- unenrolled ----------------
const expSet = new Set(expUn.map((x) => x.pid));
const unKey = un.length ? Object.keys(un[0]).find((k) => k.includes('人编号')) : null;
const gotSet = new Set(un.map((x) => x[unKey]));
const missing = [...expSet].filter((x) => !gotSet.has(x));
const extra = [...gotSet].filter((x) => !expSet.has(x));
log(
  `\n## --unenrolled: expected ${expSet.size}, listed ${gotSet.size}, missing ${missing.length}, extra ${extra.length}`,
);
const rowByPid = new Map();
for (const e of ev)
  if (e.t.pid) {
    if (!rowByPid.has(e.t.pid)) rowByPid.set(e.t.pid, []);
    rowByPid.get(e.t.pid).push(e);
  }
const confBy = new Map();
for (const e of ev)
  if (e.conf) {
    if (!confBy.has(e.conf)) confBy.set(e.conf, []);
    confBy.get(e.conf).push(e);
  }
const whyExtra = {};
const whyMissing = {};
const exExtra = {};
const exMissing = {};
for (const pid of extra) {
  const p = P.get(pid);
  let why;
  if (!p) why = 'unknown pid';
  else if (+p.age < 6 || +p.age > 15)
    why = `true age ${+p.age < 6 ? '<6' : +p.age <= 18 ? '16-18' : +p.age <= 25 ? '19-25' : '26+ (adult)'}; registry ID ${/sci|missing_id/.test(p.reg_damages) ? 'unreadable (sci/missing)' : /wrong_digit|swap/.test(p.reg_damages) ? 'typo changes birth date' : p.reg_damages || 'clean'}`;
  else {
    const rows = rowByPid.get(pid) || [];
    why = `enrolled; its roll row(s) → ${rows.map((e) => e.res + (e.conf && e.conf !== pid ? '(to other)' : '')).join('/')}`;
  }
  whyExtra[why] = (whyExtra[why] || 0) + 1;
  exExtra[why] ??= [];
  exExtra[why].push(pid);
}
for (const pid of missing) {
  const p = P.get(pid);
  let why;
  if (confBy.has(pid))
    why = `a roll row was wrongly confirmed to this person (${confBy
      .get(pid)
      .map((e) => `${e.t.kind}:${e.t.tags.split('|').find((x) => x.startsWith('hn_')) || ''}`)
      .join(',')})`;
  else if (p.reg_damages) why = `registry ID/name damaged: ${p.reg_damages}`;
  else why = 'other';
  whyMissing[why] = (whyMissing[why] || 0) + 1;
  exMissing[why] ??= [];
  exMissing[why].push(pid);
}
log(`extra by reason: ${JSON.stringify(whyExtra, null, 0)}`);
log(`missing by reason: ${JSON.stringify(whyMissing, null, 0)}`);
// ---------------- 匹配依据 ----------------
const phr = new Map();
const weird = [];
for (const r of out) {
  const b = r.匹配依据 || '';
  if (!b.trim()) weird.push(['empty', r]);
  if (/undefined|null|NaN|\[object|\{|\}/.test(b)) weird.push(['token', r]);
  if (r.匹配结果 === '确认匹配' && /需人工/.test(b)) weird.push(['确认 but says 需人工', r]);
  for (const s of b.split(/；|;/)) {
    const k = s
      .replace(/[0-9０-９Xx.E+-]{6,}/g, '#ID')
      .replace(/第[0-9、]+位/g, '第N位')
      .replace(/[：:].*$/, '：…')
      .replace(/\d+/g, 'N')
      .trim();
    phr.set(k, (phr.get(k) || 0) + 1);
  }
}
log(`\n## 匹配依据 phrases (normalised) — ${phr.size} distinct`);
for (const [k, v] of [...phr.entries()].sort((a, b) => b[1] - a[1])) log(`${v}\t${k}`);
log(`suspicious 依据: ${weird.length}`);
for (const [w, r] of weird.slice(0, 10)) log(`  ${w}: ${JSON.stringify(r)}`);
// ---------------- failure examples ----------------
const ex = [];
const regLine = (pid) => {
  const r = REG.get(pid);
  return r
    ? `${r.人编号} ${r.姓名} ${r.证件号码} ${r.性别} ${r.与户主关系} 户主=${r.户主姓名} ${r.行政村}`
    : `(none ${pid})`;
};
const rollLine = (x) => {
  const r = ROLL.get(x);
  return r ? Object.values(r).join(',') : x;
};
function show(e) {
  const t = e.t;
  const g = e.g;
  const s = [
    `  ROLL: ${rollLine(t.xjh)}`,
    `    truth: ${t.pid ? regLine(t.pid) : 'NOT IN REGISTRY'} | tags=${t.tags} dmg=${t.damages} trueID=${t.true_id} ${t.true_name} ${t.true_dob}`,
  ];
  s.push(
    `    tool: ${g.main.匹配结果} ${g.main.人编号 || ''} 分=${g.main.匹配分 || ''} 依据=${g.main.匹配依据 || ''}`,
  );
  if (g.main.人编号 && g.main.人编号 !== t.pid) s.push(`      tool's person: ${regLine(g.main.人编号)}`);
  for (const c of g.cands.slice(1))
    s.push(`      +cand ${c.匹配结果} ${c.人编号} 分=${c.匹配分} ${regLine(c.人编号)} | ${c.匹配依据}`);
  return s.join('\n');
}
function section(title, list, n = 6) {
  ex.push(`\n### ${title}: ${list.length}`);
  for (const e of list.slice(0, n)) ex.push(show(e));
}
section(
  'WRONG 确认 — sibling/twin cross-links',
  ev.filter((e) => ['twin', 'sibling'].includes(e.cross)),
  10,
);
section(
  'WRONG 确认 — household adult (guardian) instead of child',
  ev.filter((e) => e.cross === 'household_adult'),
  10,
);
section(
  'WRONG 确认 — non-poor row confirmed',
  ev.filter((e) => !e.isReg && e.res === '确认匹配'),
  15,
);
section(
  'WRONG 确认 — other household',
  ev.filter((e) => e.cross === 'other_household'),
  10,
);
/** Rows grouped by their damage combination (formatting-only damage left out) and their registry row's damage. */
function byDamage(list) {
  const groups = new Map();
  for (const e of list) {
    const k =
      e.t.damages
        .split('|')
        .filter(
          (d) => !d.startsWith('dob_fmt') && !d.startsWith('g_') && d !== 'sex_code' && d !== 'hukou_blank',
        )
        .join('+') +
      ' / reg:' +
      (P.get(e.t.pid).reg_damages || '-');
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(e);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}
/** A heading, then each damage group of `list` with `perGroup` examples. */
function groupedSection(title, list, perGroup) {
  ex.push(`\n### ${title}: ${list.length} — by damage combination`);
  for (const [k, l] of byDamage(list)) {
    ex.push(`#### ${k}: ${l.length}`);
    for (const e of l.slice(0, perGroup)) ex.push(show(e));
  }
}
groupedSection(
  'MISSED (truth not among candidates)',
  ev.filter((e) => e.isReg && !e.anyOK),
  3,
);
groupedSection(
  'Registry rows only 疑似 (not 确认)',
  ev.filter((e) => e.isReg && e.anyOK && !e.confOK),
  2,
);
section(
  '疑似 rows: first-listed candidate is a sibling/twin, true child listed lower',
  primWrong.filter((e) => P.get(e.g.main.人编号)?.hid === e.t.hid && !designed(e)),
  6,
);
section(
  'non-poor rows 疑似 (sample)',
  ev.filter((e) => !e.isReg && e.res === '疑似匹配'),
  12,
);
ex.push('\n### unenrolled extra examples');
for (const [k, l] of Object.entries(exExtra)) {
  ex.push(`#### ${k}`);
  for (const pid of l.slice(0, 4)) {
    const p = P.get(pid);
    ex.push(`  ${regLine(pid)} trueDOB=${p?.dob} age=${p?.age}`);
    for (const e of rowByPid.get(pid) || []) ex.push(show(e));
  }
}
ex.push('\n### unenrolled missing examples');
for (const [k, l] of Object.entries(exMissing)) {
  ex.push(`#### ${k}`);
  for (const pid of l.slice(0, 4)) {
    const p = P.get(pid);
    ex.push(`  ${regLine(pid)} trueDOB=${p?.dob} age=${p?.age}`);
    for (const e of confBy.get(pid) || []) ex.push(show(e));
  }
}
fs.writeFileSync(path.join(DIR, 'score.md'), `${lines.join('\n')}\n`);
fs.writeFileSync(path.join(DIR, 'failures.txt'), `${ex.join('\n')}\n`);
console.log(lines.slice(0, 8).join('\n'));
console.log(`(full table: ${path.join(DIR, 'score.md')}, examples: ${path.join(DIR, 'failures.txt')})`);
