/**
 * Two kinds of damage on one row (issue 3): POLICY.md lists each kind of damage alone, and the quality
 * benchmark draws at most one ID damage and one name damage per row, mostly one. Real rows can carry
 * two at once. This takes the quality set's undamaged registry pupils, gives a share of them two or
 * three damages at once — an ID damage with a name damage or a wrong or blank 出生日期 cell, one
 * combination per row — and replaces their G + ID 学籍号 by a plain number (which would otherwise give
 * the ID back). Then it runs the comparison and counts, per combination, how many were confirmed with
 * the right person, found in review, confirmed with a wrong person, or missed.
 *
 *   npx tsx bench/combined-damage.ts [--dir test-data/quality] [--seed 5] [--share 0.12]
 *
 * The quality set must exist (`npx tsx bench/match-quality.ts` generates it). Exit code 1 when a row
 * is confirmed with a wrong person (a missed row is counted and printed, not failed: stacked damage can
 * leave too little to find, and the row's registry child then stays on the out-of-school list).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { isCompoundSurname } from '../src/domain/identity/name.ts';
import { runFileMatch } from '../src/modules/matching/run-file-match.ts';
import { damageId, damageName, type IdDamageType, type NameDamageType } from '../src/synth/damage.ts';
import { Rng } from '../src/synth/random.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'test-data/quality' },
    seed: { type: 'string', default: '5' },
    share: { type: 'string', default: '0.12' },
  },
});
const dir = values.dir!;

interface Combo {
  label: string;
  id?: IdDamageType;
  name?: NameDamageType;
  /** The 出生日期 cell one day off, or blank. */
  date?: 'off' | 'blank';
  /** Guardian name, guardian ID and 户籍所在地 blanked too: name and birth date are all that is left. */
  bare?: boolean;
}

const COMBOS: Combo[] = [
  { label: '缺失身份证号 + 同音字', id: 'missingId', name: 'homophone' },
  { label: '缺失身份证号 + 繁体字', id: 'missingId', name: 'traditional' },
  { label: '缺失身份证号 + 改名', id: 'missingId', name: 'renamed' },
  { label: '缺失身份证号 + 出生日期差一天', id: 'missingId', date: 'off' },
  { label: '缺失身份证号 + 同音字，无监护人、无户籍地', id: 'missingId', name: 'homophone', bare: true },
  { label: '一位数字错 + 同音字', id: 'oneDigit', name: 'homophone' },
  { label: '一位数字错 + 改名', id: 'oneDigit', name: 'renamed' },
  { label: '一位数字错 + 出生日期空白', id: 'oneDigit', date: 'blank' },
  { label: '相邻两位互换 + 繁体字', id: 'swap', name: 'traditional' },
  { label: '填了监护人身份证号 + 同音字', id: 'guardianId', name: 'homophone' },
  { label: '科学计数法 + 同音字', id: 'scientific', name: 'homophone' },
  { label: '末三位000 + 改名', id: 'trailing000', name: 'renamed' },
];

const read = (file: string): string[][] => parse(readFileSync(file), { bom: true, relax_column_count: true });
const rows = read(path.join(dir, 'students.csv'));
const header = rows[0]!;
const col = (h: string): number => {
  const i = header.indexOf(h);
  if (i < 0) throw new Error(`学生名册缺少列 ${h}`);
  return i;
};
const C = {
  no: col('学籍号'),
  name: col('姓名'),
  sex: col('性别'),
  birth: col('出生日期'),
  id: col('身份证件号'),
  hukou: col('户籍所在地'),
  guardian: col('监护人姓名'),
  guardianId: col('监护人身份证件号'),
};
const truth = read(path.join(dir, 'students-truth.csv'));
const T = Object.fromEntries(truth[0]!.map((h, i) => [h, i])) as Record<string, number>;

const rng = new Rng(Number(values.seed));
const share = Number(values.share);
/** 学籍号 given → [registry 人编号, combination]. */
const picked = new Map<string, { personNo: string; combo: Combo }>();
let next = 0;
for (const t of truth.slice(1)) {
  if (t[T.kind!] !== 'registry' || t[T.damage!] || t[T.guardianDamage!]) continue;
  if (!rng.chance(share)) continue;
  const rowNo = Number(t[T.row!]);
  const r = rows[rowNo + 1]!;
  const combo = COMBOS[next % COMBOS.length]!;
  const name = r[C.name]!;
  if ([...name].length < 2 || name.includes('·')) continue;
  const cut = isCompoundSurname(name.charCodeAt(0), name.charCodeAt(1)) ? 2 : 1;
  let newName = name;
  if (combo.name) {
    const v = damageName(rng, combo.name, {
      surname: name.slice(0, cut),
      given: name.slice(cut),
      sex: r[C.sex] === '女' ? 'F' : 'M',
      birthYear: Number(r[C.birth]!.slice(0, 4)),
    });
    if (v === null || v === name) continue;
    newName = v;
  }
  let newId = r[C.id]!;
  if (combo.id) {
    const v = damageId(rng, combo.id, newId, r[C.guardianId] || undefined);
    if (v === null) continue;
    newId = v;
  }
  next++;
  r[C.name] = newName;
  r[C.id] = newId;
  r[C.no] = `L${String(rowNo).padStart(9, '0')}`;
  if (combo.date === 'blank') r[C.birth] = '';
  if (combo.date === 'off') {
    const d = r[C.birth]!;
    const day = Number(d.slice(8));
    r[C.birth] = `${d.slice(0, 8)}${String(day >= 28 ? day - 1 : day + 1).padStart(2, '0')}`;
  }
  if (combo.bare) r[C.guardian] = r[C.guardianId] = r[C.hukou] = '';
  picked.set(r[C.no]!, { personNo: t[T.personNo!]!, combo });
}

const work = mkdtempSync(path.join(tmpdir(), 'jiaofu-combined-'));
const students = path.join(work, 'students.csv');
const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
writeFileSync(students, `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`);
const out = path.join(work, 'out.csv');
const t0 = performance.now();
await runFileMatch({ students, registry: path.join(dir, 'registry.csv'), out, asOf: '2020-09-01' });
const seconds = (performance.now() - t0) / 1000;

const H = read(out)[0]!;
const O = Object.fromEntries(H.map((h, i) => [h, i])) as Record<string, number>;
const byNo = new Map<string, string[][]>();
for (const r of read(out).slice(1)) {
  const no = r[O.学籍号!]!;
  if (!picked.has(no)) continue;
  byNo.set(no, [...(byNo.get(no) ?? []), r]);
}
type Tally = { rows: number; right: number; review: number; wrong: number; missed: number };
const tally = new Map<string, Tally>(
  COMBOS.map((c) => [c.label, { rows: 0, right: 0, review: 0, wrong: 0, missed: 0 }]),
);
for (const [no, p] of picked) {
  const t = tally.get(p.combo.label)!;
  t.rows++;
  const rs = byNo.get(no) ?? [];
  const of = (kind: string) => rs.filter((r) => r[O.匹配结果!] === kind);
  const confirmed = of('确认匹配');
  if (confirmed.length > 0) {
    if (confirmed[0]![O.人编号!] === p.personNo) t.right++;
    else t.wrong++;
  } else if (of('疑似匹配').some((r) => r[O.人编号!] === p.personNo)) t.review++;
  else t.missed++;
}
console.log(`| 组合 | 行数 | 确认且正确 | 疑似（含正确人员） | 确认为他人 | 漏 |`);
console.log('|---|---:|---:|---:|---:|---:|');
let wrong = 0;
for (const [label, t] of tally) {
  wrong += t.wrong;
  console.log(`| ${label} | ${t.rows} | ${t.right} | ${t.review} | ${t.wrong} | ${t.missed} |`);
}
console.log(
  `\n${picked.size} rows given two or three damages; comparison ${seconds.toFixed(1)} s; files in ${work}`,
);
process.exitCode = wrong > 0 ? 1 : 0;
