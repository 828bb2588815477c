#!/usr/bin/env node
// Blind aid-entitlement test data generator (written from POLICY.md / seed text / README only).
// Usage: node bench/aid-blind/gen.mjs [--out DIR] [--seed N] [--copies N] [--filler N]
// Writes: schools.csv, students.csv, registry.csv, list-<kind>.csv, truth.json
import fs from 'node:fs';
import path from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
);
const OUT = args.out ?? '/tmp/aidblind/data';
const SEED = Number(args.seed ?? 2020);
const COPIES = Number(args.copies ?? 3); // students per (stage-variant × status-set)
const FILLER = Number(args.filler ?? 1800); // ordinary non-poor pupils
const SHARED = process.env.JIAOFU_SHARED ?? '/work/shared/data';

// ---------- deterministic PRNG ----------
let s = SEED >>> 0;
const rnd = () => {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const rint = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

// ---------- divisions ----------
const divRows = fs
  .readFileSync(path.join(SHARED, 'sanming-divisions-2020.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => {
    const [code, name, level, parent] = l.split(',');
    return { code, name, level, parent };
  });
const seats = new Set(
  fs
    .readFileSync(path.join(SHARED, 'sanming-county-seats-2020.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',')[2]),
);
const counties = divRows.filter((r) => r.level === 'county');
const townsOf = (c) => divRows.filter((r) => r.level === 'township' && r.parent === c);
const villagesOf = (t) => divRows.filter((r) => r.level === 'village' && r.parent === t);

// ---------- citizen IDs (GB 11643) ----------
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CK = '10X98765432';
const checkChar = (id17) => CK[[...id17].reduce((a, d, i) => a + Number(d) * W[i], 0) % 11];
const usedSeq = new Map();
function makeId(area, birth /* YYYYMMDD */, male) {
  const key = area + birth;
  let n = usedSeq.get(key) ?? rint(10, 60) * 10;
  for (;;) {
    n++;
    if ((n % 2 === 1) === male) break;
  }
  if (n > 999) throw new Error('sequence overflow');
  usedSeq.set(key, n);
  const id17 = area + birth + String(n).padStart(3, '0');
  const id = id17 + checkChar(id17);
  // the app masks 学籍号 as G + area + ******** + last 4: keep that visible part unique so it can key the lines
  const visible = area + id.slice(-4);
  if (usedVisible.has(visible)) return makeId(area, birth, male);
  usedVisible.add(visible);
  return id;
}
const usedVisible = new Set();

// ---------- names (unique across the whole data set) ----------
const SURN = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严赖覃洪武莫孔',
];
const GIV = [
  ...'子涵欣怡梓轩浩宇一诺雨桐思远佳琪宇航俊杰晨曦嘉怡梦瑶文博志强秀英建华丽娟海燕明辉晓东春梅振国永康天佑若曦紫萱奕辰睿泽诗琪语嫣锦程家豪伟杰雅婷瑞霖明轩昊然静怡子墨可馨书瑶宏伟立新',
];
const usedNames = new Set();
function makeName(surname) {
  for (let i = 0; i < 1000; i++) {
    const n = (surname ?? pick(SURN)) + pick(GIV) + (rnd() < 0.85 ? pick(GIV) : '');
    if (!usedNames.has(n) && n.length >= 2) {
      usedNames.add(n);
      return n;
    }
  }
  throw new Error('names exhausted');
}

// ---------- schools ----------
// code: 2135 8 CC NNN  (CC = county index 01..12) – a range the demo data does not use
const schools = [];
const countyInfo = counties.map((c, ci) => {
  const towns = townsOf(c.code);
  const seat = towns.find((t) => seats.has(t.code)) ?? towns[0];
  const rural = towns.filter((t) => !seats.has(t.code) && Number(t.code.slice(6)) >= 100);
  return { ...c, ci: ci + 1, seat, rural: rural.length ? rural : towns, towns };
});
const cname = (c) => c.name.replace(/(县|市|区)$/, '');
let serial = 0;
function addSchool(c, town, name, stageLabel, stage, ownership, boarding) {
  serial++;
  const code = `21358${String(c.ci).padStart(2, '0')}${String(serial).padStart(3, '0')}`;
  const sc = {
    code,
    name,
    county: c.name,
    countyCode: c.code,
    town: town.name,
    townCode: town.code,
    stageLabel,
    stage,
    ownership,
    boarding,
  };
  schools.push(sc);
  return sc;
}
const VOC_COUNTIES = new Set(['350421', '350423', '350424', '350426', '350428', '350481']);
for (const c of countyInfo) {
  const r1 = c.rural[0];
  const r2 = c.rural[1] ?? r1;
  const cn = cname(c);
  c.sch = {
    kPub: addSchool(c, r1, `${cn}${r1.name}测资中心幼儿园`, '学前', 'preschool', '公办', false),
    kPriv: addSchool(c, c.seat, `${cn}测资启智幼儿园`, '学前', 'preschool', '民办', false),
    pBoard: addSchool(c, r1, `${cn}${r1.name}测资中心小学`, '小学', 'primary', '公办', true),
    pDay: addSchool(c, c.seat, `${cn}测资实验小学`, '小学', 'primary', '公办', false),
    jBoard: addSchool(c, r2, `${cn}${r2.name}测资中学`, '初中', 'junior', '公办', true),
    sBoard: addSchool(c, c.seat, `${cn}测资第一中学`, '普通高中', 'senior', '公办', true),
  };
  if (VOC_COUNTIES.has(c.code))
    c.sch.v = addSchool(c, c.seat, `${cn}测资职业中专学校`, '中职', 'vocational', '公办', true);
  if (c.code === '350402')
    c.sch.pPriv = addSchool(c, c.seat, `${cn}测资民办育才学校`, '小学', 'primary', '民办', true);
}

// ---------- stage variants ----------
const GRADES = {
  preschool: ['小班', '中班', '大班'],
  primary: ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'],
  junior: ['七年级', '八年级', '九年级'],
  senior: ['高一', '高二', '高三'],
  vocational: ['一年级', '二年级', '三年级'],
};
// age on 2020-09-01 of grade index 0
const BASE_AGE = { preschool: 3, primary: 6, junior: 12, senior: 15, vocational: 15 };
const variants = [
  { stage: 'preschool', boarding: false },
  { stage: 'preschool', boarding: false, priv: true },
  { stage: 'primary', boarding: true },
  { stage: 'primary', boarding: false },
  { stage: 'primary', boarding: true, priv: true },
  { stage: 'junior', boarding: true },
  { stage: 'junior', boarding: false },
  { stage: 'senior', boarding: true },
  { stage: 'senior', boarding: false },
  ...[0, 1, 2].flatMap((g) => [
    { stage: 'vocational', boarding: true, grade: g },
    { stage: 'vocational', boarding: false, grade: g },
  ]),
];
// status sets: rp = 脱贫状态 of a matched registry person (null = not in registry)
const NP = '未脱贫';
const EXS = '已脱贫(享受政策)';
const EXN = '已脱贫(不享受政策)';
const statusSets = [
  { tag: 'none' },
  { tag: 'rp', rp: NP },
  { tag: 'rp-exited-enjoying', rp: EXS },
  { tag: 'rp-exited-not-enjoying', rp: EXN },
  { tag: 'mla', mla: true },
  { tag: 'ep', ep: true },
  { tag: 'dis', dis: true },
  { tag: 'hs', hs: true },
  { tag: 'rp+mla(two lists)', rp: NP, mla: true, attr: '低保贫困户' },
  { tag: 'rp+dis', rp: NP, dis: true },
  { tag: 'mla+ep', mla: true, ep: true },
  { tag: 'dis+hs', dis: true, hs: true },
  { tag: 'rp-not-enjoying+mla', rp: EXN, mla: true },
  { tag: 'rp-not-enjoying+dis', rp: EXN, dis: true },
  { tag: 'rp-ep-household', rp: NP, ep: true, attr: '特困供养贫困户' },
];

const students = [];
const registry = []; // rows
const lists = { minimum_living: [], extreme_poverty: [], disability: [], hardship: [] };
let hhSerial = 0;

function birthFor(stage, gradeIdx) {
  const age = BASE_AGE[stage] + gradeIdx; // age reached by 2020-08-31
  const y = 2020 - age - (rnd() < 0.5 ? 0 : 0);
  // born between 2019-09-01-age and 2020-08-31-age → pick month 1..8 of year y or 9..12 of y-1
  if (rnd() < 0.67)
    return `${y}${String(rint(1, 8)).padStart(2, '0')}${String(rint(1, 28)).padStart(2, '0')}`;
  return `${y - 1}${String(rint(9, 12)).padStart(2, '0')}${String(rint(1, 28)).padStart(2, '0')}`;
}
const fmtDate = (b) => `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`;

function schoolFor(c, v) {
  if (v.stage === 'preschool') return v.priv ? c.sch.kPriv : c.sch.kPub;
  if (v.stage === 'primary') {
    if (v.priv) return c.sch.pPriv;
    return v.boarding ? c.sch.pBoard : pick([c.sch.pBoard, c.sch.pDay]);
  }
  if (v.stage === 'junior') return c.sch.jBoard;
  if (v.stage === 'senior') return c.sch.sBoard;
  return c.sch.v;
}

function makeStudent(c, v, st, extra = {}) {
  const sc = schoolFor(c, v);
  const g = v.grade ?? rint(0, GRADES[v.stage].length - 1);
  const birth = birthFor(v.stage, g);
  const male = rnd() < 0.5;
  const surname = pick(SURN);
  const name = makeName(surname);
  const id = makeId(c.code, birth, male);
  const village = pick(
    villagesOf(sc.townCode).length ? villagesOf(sc.townCode) : villagesOf(c.rural[0].code),
  );
  const guardianBirth = `${rint(1972, 1990)}${String(rint(1, 12)).padStart(2, '0')}${String(rint(1, 28)).padStart(2, '0')}`;
  const guardian = { name: makeName(surname), id: makeId(c.code, guardianBirth, true) };
  const stu = {
    name,
    id,
    studentNo: `G${id}`,
    sex: male ? '男' : '女',
    birth: fmtDate(birth),
    schoolCode: sc.code,
    schoolName: sc.name,
    countyCode: c.code,
    county: c.name,
    town: sc.town,
    village: village.name,
    stage: v.stage,
    stageLabel: sc.stageLabel,
    grade: g + 1,
    gradeLabel: GRADES[v.stage][g],
    klass: `${rint(1, 4)}班`,
    boarding: v.boarding,
    privateSchool: sc.ownership === '民办',
    guardian,
    status: { rp: st.rp ?? null, mla: !!st.mla, ep: !!st.ep, dis: !!st.dis, hs: !!st.hs },
    tag: st.tag,
    rec: null,
    ...extra,
  };
  students.push(stu);
  if (st.rp) {
    hhSerial++;
    const hh = `${c.code}${String(hhSerial).padStart(8, '0')}`;
    const attr = st.attr ?? '一般贫困户';
    const base = {
      户编号: hh,
      户主姓名: guardian.name,
      户主证件号码: guardian.id,
      '县(市、区)': c.name,
      '乡(镇)': sc.town,
      行政村: village.name,
      贫困户属性: attr,
      脱贫状态: st.rp,
    };
    registry.push({
      ...base,
      人编号: `${hh}01`,
      姓名: guardian.name,
      证件号码: guardian.id,
      性别: '男',
      与户主关系: '户主',
      在校生状况: '非在校生',
    });
    registry.push({
      ...base,
      人编号: `${hh}02`,
      姓名: name,
      证件号码: id,
      性别: stu.sex,
      与户主关系: male ? '之子' : '之女',
      在校生状况: '在校生',
    });
  }
  const listRow = (kind, label, more = {}) =>
    lists[kind].push({
      名单类别: label,
      姓名: name,
      身份证件号: id,
      性别: stu.sex,
      '县(市、区)': c.name,
      '乡(镇)': sc.town,
      ...more,
    });
  if (st.mla) listRow('minimum_living', '低保');
  if (st.ep) listRow('extreme_poverty', '特困供养');
  if (st.dis) listRow('disability', '残疾', { 残疾类别: '肢体', 残疾等级: '三级' });
  if (st.hs) listRow('hardship', '突发困难', { 困难原因: '受新冠肺炎疫情影响家庭经济困难' });
  return stu;
}

// core combinations: every variant × every status set × COPIES, spread over counties
let rot = 0;
for (const v of variants) {
  for (const st of statusSets) {
    for (let k = 0; k < COPIES; k++) {
      const eligibleCounties = countyInfo.filter((c) =>
        v.stage === 'vocational' ? c.sch.v : v.priv && v.stage === 'primary' ? c.sch.pPriv : true,
      );
      const c = eligibleCounties[rot++ % eligibleCounties.length];
      makeStudent(c, v, st, { group: 'core' });
    }
  }
}

// recognitions (家庭经济困难学生认定) driven through the API by run.sh/recognize.mjs
// plans: confirmed / archived → count; applied, school_reviewed, in_notice, rejected, revoked (semester review),
// confirmed_2019 (a recognition of the previous school year 2019–2020) → do not count for 2020 autumn
const TIERS = ['特别困难', '困难', '一般困难'];
const recPlans = [
  'confirmed',
  'archived',
  'applied',
  'school_reviewed',
  'in_notice',
  'rejected',
  'revoked',
  'confirmed_2019',
];
let tierRot = 0;
const recTargets = [];
const recVariants = variants.filter((v) => !(v.stage === 'vocational' && v.boarding === false));
for (const v of recVariants) {
  for (const tag of ['none', 'dis', 'hs', 'rp']) {
    for (const plan of recPlans) {
      if (tag === 'rp' && plan !== 'confirmed') continue; // 建档立卡 with a tier (matters for 普高助学金 tiers)
      const st = statusSets.find((x) => x.tag === tag);
      const eligibleCounties = countyInfo.filter((c) =>
        v.stage === 'vocational' ? c.sch.v : v.priv && v.stage === 'primary' ? c.sch.pPriv : true,
      );
      const c = eligibleCounties[rot++ % eligibleCounties.length];
      const stu = makeStudent(c, v, st, { group: 'recognition' });
      stu.rec = { plan, tier: TIERS[tierRot++ % 3], midYear: tag === 'hs' && plan !== 'confirmed_2019' };
      recTargets.push(stu);
    }
  }
  // orphans (孤儿): no list carries them, so the only source is the recognition's priority group.
  // Does a priority group written on an application that is not yet confirmed already give aid?
  for (const plan of ['applied', 'school_reviewed', 'in_notice', 'rejected', 'confirmed']) {
    const eligibleCounties = countyInfo.filter((c) =>
      v.stage === 'vocational' ? c.sch.v : v.priv && v.stage === 'primary' ? c.sch.pPriv : true,
    );
    const c = eligibleCounties[rot++ % eligibleCounties.length];
    const stu = makeStudent(c, v, { tag: 'orphan(rec only)' }, { group: 'recognition' });
    stu.rec = { plan, tier: TIERS[tierRot++ % 3], midYear: false, groups: ['orphan'] };
    recTargets.push(stu);
  }
}

// 清流 (350423) boarders: the text names a higher county boarding subsidy without a figure
// (they are already among core students; nothing extra needed)

// filler: ordinary pupils with no family status
const fillerVariants = variants;
for (let i = 0; i < FILLER; i++) {
  const c = countyInfo[i % countyInfo.length];
  let v = pick(fillerVariants);
  if (v.stage === 'vocational' && !c.sch.v) v = { stage: 'primary', boarding: false };
  if (v.priv && v.stage === 'primary' && !c.sch.pPriv) v = { stage: 'primary', boarding: true };
  makeStudent(c, v, { tag: 'none' }, { group: 'filler' });
}

// registry households without pupils (adults, and a grown-up child out of school) – must give no lines
for (let i = 0; i < 60; i++) {
  const c = countyInfo[i % countyInfo.length];
  hhSerial++;
  const hh = `${c.code}${String(hhSerial).padStart(8, '0')}`;
  const town = pick(c.rural);
  const vil = pick(villagesOf(town.code));
  const sur = pick(SURN);
  const head = {
    name: makeName(sur),
    id: makeId(c.code, `${rint(1960, 1985)}0${rint(1, 9)}1${rint(0, 9)}`, true),
  };
  const base = {
    户编号: hh,
    户主姓名: head.name,
    户主证件号码: head.id,
    '县(市、区)': c.name,
    '乡(镇)': town.name,
    行政村: vil.name,
    贫困户属性: pick(['一般贫困户', '低保贫困户']),
    脱贫状态: pick([NP, EXS]),
  };
  registry.push({
    ...base,
    人编号: `${hh}01`,
    姓名: head.name,
    证件号码: head.id,
    性别: '男',
    与户主关系: '户主',
    在校生状况: '非在校生',
  });
  const kid = {
    name: makeName(sur),
    id: makeId(c.code, `${rint(1999, 2001)}0${rint(1, 9)}1${rint(0, 9)}`, rnd() < 0.5),
  };
  registry.push({
    ...base,
    人编号: `${hh}02`,
    姓名: kid.name,
    证件号码: kid.id,
    性别: Number(kid.id[16]) % 2 ? '男' : '女',
    与户主关系: '之子',
    在校生状况: '非在校生',
  });
}

// ---------- write ----------
fs.mkdirSync(OUT, { recursive: true });
const esc = (v) => {
  const t = v == null ? '' : String(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};
function writeCsv(file, header, rows) {
  const body = [header.join(','), ...rows.map((r) => header.map((h) => esc(r[h])).join(','))].join('\r\n');
  fs.writeFileSync(path.join(OUT, file), `\ufeff${body}\r\n`);
}
writeCsv(
  'schools.csv',
  ['学校标识码', '学校名称', '县(市、区)', '乡(镇)', '学段', '办学类型'],
  schools.map((x) => ({
    学校标识码: x.code,
    学校名称: x.name,
    '县(市、区)': x.county,
    '乡(镇)': x.town,
    学段: x.stageLabel,
    办学类型: x.ownership,
  })),
);
writeCsv(
  'students.csv',
  [
    '学籍号',
    '姓名',
    '性别',
    '出生日期',
    '身份证件号',
    '学校标识码',
    '学校名称',
    '学段',
    '年级',
    '班级',
    '户籍所在地',
    '监护人姓名',
    '监护人身份证件号',
    '是否寄宿',
    '是否留守儿童',
    '是否残疾',
  ],
  students.map((x) => ({
    学籍号: x.studentNo,
    姓名: x.name,
    性别: x.sex,
    出生日期: x.birth,
    身份证件号: x.id,
    学校标识码: x.schoolCode,
    学校名称: x.schoolName,
    学段: x.stageLabel,
    年级: x.gradeLabel,
    班级: x.klass,
    户籍所在地: `福建省三明市${x.county}${x.town}${x.village}`,
    监护人姓名: x.guardian.name,
    监护人身份证件号: x.guardian.id,
    是否寄宿: x.boarding ? '是' : '否',
    是否留守儿童: '否',
    是否残疾: x.status.dis ? '是' : '否',
  })),
);
writeCsv(
  'registry.csv',
  [
    '户编号',
    '人编号',
    '姓名',
    '证件号码',
    '性别',
    '与户主关系',
    '户主姓名',
    '户主证件号码',
    '县(市、区)',
    '乡(镇)',
    '行政村',
    '贫困户属性',
    '脱贫状态',
    '在校生状况',
  ],
  registry,
);
const listHeader = ['名单类别', '姓名', '身份证件号', '性别', '县(市、区)', '乡(镇)'];
writeCsv('list-minimum_living.csv', listHeader, lists.minimum_living);
writeCsv('list-extreme_poverty.csv', listHeader, lists.extreme_poverty);
writeCsv('list-disability.csv', [...listHeader, '残疾类别', '残疾等级'], lists.disability);
writeCsv('list-hardship.csv', [...listHeader, '困难原因'], lists.hardship);
fs.writeFileSync(path.join(OUT, 'truth.json'), JSON.stringify({ seed: SEED, schools, students }, null, 1));
console.log(
  `wrote ${OUT}: ${schools.length} schools, ${students.length} students (${recTargets.length} with recognition plans), ${registry.length} registry rows, lists: ` +
    Object.entries(lists)
      .map(([k, v]) => `${k} ${v.length}`)
      .join(', '),
);
