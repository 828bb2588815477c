#!/usr/bin/env node
// Blind benchmark generator: a synthetic 三明 建档立卡 registry and a 2020 autumn student roll,
// with the damage a real county-office export carries, and the ground truth.
//
//   node bench/blind/gen.mjs --out DIR [--seed N] [--variant base|heavy|grandkin]
//
// Two independent random streams: `P` draws the population, `D` draws the damage, so `heavy`
// with the same seed as `base` is the same population with more damage.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ageOn,
  dayNum,
  fmtDate,
  idBirthDay,
  isValidId,
  makeId,
  makeRng,
  pad,
  readCsvObjects,
  to15,
  writeCsv,
  ymd,
} from './lib.mjs';
import {
  BOY1,
  BOY2,
  COMPOSE,
  DOT_NAMES,
  GIRL1,
  GIRL2,
  HOMOPHONES,
  MAN_OLD,
  MAN_YOUNG,
  SURNAMES,
  TRAD,
  TWIN_NAMES,
  WOMAN_OLD,
  WOMAN_YOUNG,
} from './names.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHARED = process.env.JIAOFU_SHARED || path.resolve(HERE, '../../../shared');

// ---------------- arguments & variants ----------------
const argv = process.argv.slice(2);
const arg = (k, d) => {
  const i = argv.indexOf(`--${k}`);
  return i >= 0 ? argv[i + 1] : d;
};
const OUT = arg('out');
if (!OUT) {
  console.error('usage: gen.mjs --out DIR [--seed N] [--variant base|heavy|grandkin]');
  process.exit(2);
}
const VARIANT = arg('variant', 'base');
const VARIANTS = {
  // realistic defaults
  base: { seed: 20200901, damage: 1, grandkin: 1, migrant: 1, xlsx: false },
  // same population as base, about twice the damage
  heavy: { seed: 20200901, damage: 2, grandkin: 1, migrant: 1, xlsx: false },
  // other seed; many more children raised by grandparents (grandparent = guardian, often the 户主),
  // more intra-city migrants, and both files delivered as .xlsx (Excel-damaged IDs are numeric cells)
  grandkin: { seed: 7731, damage: 1, grandkin: 2.2, migrant: 1.8, xlsx: true },
};
const V = VARIANTS[VARIANT];
if (!V) throw new Error(`unknown variant ${VARIANT}`);
const SEED = Number(arg('seed', V.seed));
const P = makeRng(SEED);
// Damage draws are keyed by (seed, entity, decision) rather than drawn from one stream, so that `heavy`
// (same seed, doubled rates) damages a superset of what `base` damages, identically where both do.
let D = null;
let EK = '';
function hstr(str) {
  let h1 = 0xdeadbeef ^ SEED,
    h2 = 0x41c6ce57 ^ SEED;
  for (const ch of str) {
    const c = ch.codePointAt(0);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}
function dc(tag, p) {
  // decide; leaves D positioned for the "how" draws of this decision
  D = makeRng(hstr(`${EK}|${tag}`));
  return D.next() < p;
}
function ds(tag) {
  D = makeRng(hstr(`${EK}|${tag}`));
  return D;
}
const AS_OF = dayNum(2020, 9, 1);
const TARGET_HOUSEHOLDS = Number(arg('households', 4250));
const TARGET_ROLL = Number(arg('roll', 25000));

// ---------------- damage rates (per row unless said) ----------------
const K = V.damage;
const RATES = {
  roll: {
    // a county roll is the concatenation of school sheets; each school's sheet went through its own Excel
    schoolExport: {
      sci: 0.05 * K,
      tail000: 0.035 * K,
      apostrophe: 0.05 * K,
      space: 0.04 * K,
      fullwidth: 0.012 * K,
    },
    pad2: Math.min(0.9, 0.12 * K), // school pads two-character names with a full-width space ("张　伟")
    missing: 0.012 * K,
    guardian: 0.005 * K,
    wrongdigit: 0.007 * K,
    swap: 0.0035 * K,
    lowerx: Math.min(0.9, 0.3 * K),
    fullwidth: 0.003 * K,
    space: 0.004 * K,
    apostrophe: 0.002 * K,
    homophone: 0.012 * K,
    traditional: 0.004 * K,
    namespace: 0.006 * K,
    rename: 0.008 * K,
    dot: 0.5,
    guardianTypo: 0.01 * K,
    xjhKeepsTypo: 0.3, // share of ID typos that were made at registration, so the 学籍号 carries them too
    missingTemp: 0.6, // share of missing IDs whose 学籍号 is a temporary L/J number
  },
  reg: {
    // the registry is compiled from township sheets
    townExport: {
      sci: 0.03 * K,
      tail000: 0.04 * K,
      apostrophe: 0.04 * K,
      space: 0.03 * K,
      fullwidth: 0.01 * K,
    },
    missing: 0.008 * K,
    headcopy: 0.003 * K,
    wrongdigit: 0.005 * K,
    swap: 0.0025 * K,
    lowerx: Math.min(0.9, 0.3 * K),
    fullwidth: 0.002 * K,
    space: 0.003 * K,
    homophone: 0.01 * K,
    traditional: 0.003 * K,
    namespace: 0.006 * K,
  },
};

// ---------------- divisions ----------------
function readDivisions() {
  const rows = readCsvObjects(path.join(SHARED, 'data/sanming-divisions-2020.csv'));
  const seats = new Set(
    readCsvObjects(path.join(SHARED, 'data/sanming-county-seats-2020.csv')).map((r) => r.township_code),
  );
  // household weights (建档立卡 households concentrate in the 5 key counties and 尤溪/大田) and pupil weights
  const W = {
    350402: [1, 8],
    350403: [2, 9],
    350421: [7, 4],
    350423: [8, 5],
    350424: [16, 11],
    350425: [12, 11],
    350426: [14, 12],
    350427: [6, 9],
    350428: [7, 5],
    350429: [6, 4],
    350430: [9, 5],
    350481: [6, 12],
  };
  const counties = new Map();
  for (const r of rows)
    if (r.level === 'county') {
      const pfx = ['350402', '350403'].includes(r.code) ? `三明市${r.name}` : r.name;
      counties.set(r.code, {
        code: r.code,
        name: r.name,
        prefix: pfx,
        wReg: W[r.code][0],
        wRoll: W[r.code][1],
        towns: [],
      });
    }
  const towns = new Map();
  for (const r of rows)
    if (r.level === 'township') {
      const t = {
        code: r.code,
        name: r.name,
        county: counties.get(r.parent_code),
        seat: seats.has(r.code),
        street: r.code.slice(6, 7) === '0',
        special: /开发区|工业区|物流园区|生活区/.test(r.name),
        villages: [],
      };
      towns.set(r.code, t);
      if (!t.special) t.county.towns.push(t);
    }
  for (const r of rows)
    if (r.level === 'village') {
      const t = towns.get(r.parent_code);
      if (!t || t.special || /虚拟/.test(r.name)) continue;
      const short = r.name
        .replace(/村?村民委员会$/, '村')
        .replace(/村?村委会$/, '村')
        .replace(/(社区)?居民委员会$/, '社区')
        .replace(/社区居委会$/, '社区');
      const community = /社区|居委会|生活区/.test(r.name);
      t.villages.push({ code: r.code, name: r.name, short, community, town: t });
    }
  for (const c of counties.values()) c.towns = c.towns.filter((t) => t.villages.length);
  return counties;
}
const COUNTIES = readDivisions();
const COUNTY_LIST = [...COUNTIES.values()];
const OTHER_AREAS = [
  // where married-in mothers and out-of-city pupils come from
  ['360730', '江西省赣州市宁都县'],
  ['360735', '江西省赣州市石城县'],
  ['361030', '江西省抚州市广昌县'],
  ['360781', '江西省赣州市瑞金市'],
  ['361022', '江西省抚州市黎川县'],
  ['522226', '贵州省铜仁市印江土家族苗族自治县'],
  ['511321', '四川省南充市南部县'],
  ['532128', '云南省昭通市镇雄县'],
  ['350821', '福建省龙岩市长汀县'],
  ['350723', '福建省南平市光泽县'],
  ['350783', '福建省南平市建瓯市'],
  ['431023', '湖南省郴州市永兴县'],
];
const XJ_AREAS = [
  ['650102', '新疆维吾尔自治区乌鲁木齐市天山区'],
  ['653101', '新疆维吾尔自治区喀什地区喀什市'],
];

function villageFor(county, urbanBias) {
  const items = [];
  for (const t of county.towns)
    for (const v of t.villages) {
      let w = v.community ? 0.25 : 1;
      if (urbanBias) w = v.community ? 1.6 : 0.6;
      if (t.seat || t.street) w *= urbanBias ? 1.6 : 0.8;
      items.push([v, w]);
    }
  return P.wpick(items);
}

// ---------------- people ----------------
const USED_IDS = new Set();
function areaFor(county, kind) {
  if (kind === 'married-in' && P.chance(0.22)) return P.pick(OTHER_AREAS)[0];
  if (P.chance(0.05)) return P.pick(COUNTY_LIST).code; // born / first registered in another county of the city
  return county.code;
}
function newId(area, birth, sex, seqHint) {
  for (let k = 0; k < 1000; k++) {
    let seq = seqHint != null && k === 0 ? seqHint : P.int(1, 999);
    if ((seq % 2 === 1) !== (sex === '男')) seq = seq === 999 ? 998 : seq + 1;
    if (seq < 1 || seq > 999) continue;
    const id = makeId(area, birth, seq);
    if (!USED_IDS.has(id)) {
      USED_IDS.add(id);
      return id;
    }
  }
  throw new Error('id space exhausted');
}
const surname = () => P.wpick(SURNAMES);
function composed([a, b]) {
  for (;;) {
    const x = P.wpick(a),
      y = P.wpick(b);
    if (x !== y) return x + y;
  }
}
// about half of children's names are "popular" names, the rest composed from common characters
function given(sex, byear) {
  const m = sex === '男';
  if (byear >= 2001) {
    if (P.chance(0.14)) return P.wpick(m ? BOY1 : GIRL1);
    return P.chance(0.35) ? P.wpick(m ? BOY2 : GIRL2) : composed(COMPOSE[m ? 'boy' : 'girl']);
  }
  if (byear >= 1976)
    return P.chance(0.3)
      ? P.wpick(m ? MAN_YOUNG : WOMAN_YOUNG)
      : composed(COMPOSE[m ? 'manYoung' : 'womanYoung']);
  return P.chance(0.3) ? P.wpick(m ? MAN_OLD : WOMAN_OLD) : composed(COMPOSE[m ? 'manOld' : 'womanOld']);
}
function randBirth(yFrom, yTo) {
  return P.int(dayNum(yFrom, 1, 1), dayNum(yTo, 12, 31));
}
function mkPerson({ sex, birth, sur, giv, county, kind, area }) {
  sex ||= P.chance(0.5) ? '男' : '女';
  const by = ymd(birth).y;
  sur ||= surname();
  giv ||= given(sex, by);
  const a = area || areaFor(county, kind);
  return { sex, birth, sur, giv, name: sur + giv, area: a, id: newId(a, birth, sex) };
}
// Children born to a mother; returns [{...person, twinOf}], siblings often share a generation character.
function mkChildren(n, { sur, motherBirth, county, twinRate, latest = dayNum(2020, 8, 31), genChar }) {
  const kids = [];
  let t = motherBirth + Math.round(P.int(20, 31) * 365.25) + P.int(0, 300);
  const gc = genChar ?? (P.chance(0.25) ? 'share' : null);
  let shared = null;
  for (let i = 0; i < n && t <= latest; i++) {
    if (P.chance(twinRate)) {
      const combo = P.wpick([
        ['MM', 0.35],
        ['FF', 0.35],
        ['MF', 0.3],
      ]);
      const [g1, g2] = P.pick(TWIN_NAMES[combo]);
      const s1 = combo === 'FF' ? '女' : '男',
        s2 = combo === 'MM' ? '男' : '女';
      const area = areaFor(county, 'child');
      const a = mkPerson({ sex: s1, birth: t, sur, giv: g1, county, area });
      // twins get neighbouring sequence numbers from the same registration office
      USED_IDS.delete(a.id);
      let seq = +a.id.slice(14, 17);
      if (seq > 990) seq = 101;
      a.id = newId(area, t, s1, seq);
      const b = { ...mkPerson({ sex: s2, birth: t, sur, giv: g2, county, area }) };
      USED_IDS.delete(b.id);
      b.id = newId(area, t, s2, seq + (s1 === s2 ? 2 : 1));
      a.twin = b;
      b.twin = a;
      kids.push(a, b);
      i++;
    } else {
      const sex = P.chance(0.53) ? '男' : '女';
      let giv = given(sex, ymd(t).y);
      if (gc && giv.length === 2) {
        if (!shared) shared = giv[0];
        else giv = shared + given(sex, ymd(t).y).slice(-1);
      }
      kids.push(mkPerson({ sex, birth: t, sur, giv, county }));
    }
    t += P.int(400, 2600);
  }
  return kids;
}

// ---------------- schooling ----------------
// normal grade in the 2020/21 school year: born 2013-09-01..2014-08-31 → grade 1
function normalGrade(birth) {
  const { y, m } = ymd(birth);
  const cohort = m >= 9 ? y + 1 : y;
  return 2020 - cohort - 5;
}
const GRADE_NAMES = {
  学前: { '-2': '小班', '-1': '中班', 0: '大班' },
  小学: { 1: '一年级', 2: '二年级', 3: '三年级', 4: '四年级', 5: '五年级', 6: '六年级' },
  初中: { 7: '七年级', 8: '八年级', 9: '九年级' },
  高中: { 10: '高一', 11: '高二', 12: '高三' },
  中职: { 10: '一年级', 11: '二年级', 12: '三年级' },
};
const SCHOOLS = new Map(); // name -> {name, county, profile...}
function school(name, county) {
  if (!SCHOOLS.has(name)) SCHOOLS.set(name, { name, county, n: 0 });
  const s = SCHOOLS.get(name);
  s.n++;
  return s;
}
function seatTown(county) {
  return county.towns.find((t) => t.seat) || P.pick(county.towns.filter((t) => t.street)) || county.towns[0];
}
function assignSchool(stage, grade, village, county) {
  // village: where the pupil lives; county: the county of the school
  const t = village && village.town.county === county ? village.town : seatTown(county);
  const pf = county.prefix;
  const urban = t.seat || t.street;
  if (stage === '学前')
    return school(urban && P.chance(0.5) ? `${pf}实验幼儿园` : `${pf}${t.name}中心幼儿园`, county);
  if (stage === '小学') {
    if (village && !village.community && grade <= 4 && P.chance(0.15) && village.town === t)
      return school(`${pf}${t.name}${village.short.replace(/村$/, '')}小学`, county);
    if (urban)
      return school(
        P.wpick([
          [`${pf}实验小学`, 3],
          [`${pf}第二实验小学`, 2],
          [`${pf}${t.name}中心小学`, 2],
        ]),
        county,
      );
    return school(`${pf}${t.name}中心小学`, county);
  }
  if (stage === '初中') {
    if (!urban && P.chance(0.65)) return school(`${pf}${t.name}中学`, county);
    return school(
      P.wpick([
        [`${pf}城关中学`, 2],
        [`${pf}第三中学`, 2],
        [`${pf}实验中学`, 1],
      ]),
      county,
    );
  }
  if (stage === '高中') {
    if (['350402', '350403'].includes(county.code))
      return school(P.pick(['三明市第一中学', '三明市第二中学', '三明市第九中学']), county);
    return school(P.chance(0.55) ? `${pf}第一中学` : `${pf}第二中学`, county);
  }
  return school(
    P.chance(0.7) ? `${pf}职业中专学校` : P.pick(['三明市农业学校', '三明工贸学校', '三明市职业中专学校']),
    county,
  );
}
function stageOf(grade, voc) {
  if (grade <= 0) return '学前';
  if (grade <= 6) return '小学';
  if (grade <= 9) return '初中';
  return voc ? '中职' : '高中';
}
function addressText(village, style) {
  if (!village) return '';
  const t = village.town,
    c = t.county;
  if (style === 'full') return `福建省三明市${c.name}${t.name}${village.short}`;
  if (style === 'city') return `三明市${c.name}${t.name}${village.short}`;
  if (style === 'town') return `${c.name}${t.name}`;
  if (style === 'village') return `${t.name}${village.short}`;
  return '';
}

// ---------------- the registry ----------------
const persons = []; // registry persons
const households = [];
const personSeq = new Map(),
  householdSeq = new Map();
function nextHid(county) {
  const n = (householdSeq.get(county.code) || 0) + 1;
  householdSeq.set(county.code, n);
  return `${county.code}${pad(n, 4)}`;
}
function nextPid(county) {
  const n = (personSeq.get(county.code) || 0) + 1;
  personSeq.set(county.code, n);
  return `${county.code}${pad(n, 5)}`;
}
function addMember(h, p, rel, role) {
  p.pid = nextPid(h.county);
  p.hid = h.hid;
  p.h = h;
  p.rel = rel;
  p.role = role;
  h.members.push(p);
  persons.push(p);
  return p;
}
const HT = [
  ['A', 34],
  ['B', 24 * V.grandkin],
  ['C', 10],
  ['D', 21],
  ['E', 5 * V.grandkin],
  ['F', 6],
];
function mkHousehold() {
  const county = P.wpick(COUNTY_LIST.map((c) => [c, c.wReg]));
  const village = villageFor(county, false);
  const type = P.wpick(HT);
  const h = { hid: nextHid(county), county, village, type, members: [], kids: [] };
  const twinRate = 0.018;
  const kidN = () =>
    P.wpick([
      [1, 0.3],
      [2, 0.45],
      [3, 0.2],
      [4, 0.05],
    ]);
  const spouseOf = (m) =>
    mkPerson({
      sex: m.sex === '男' ? '女' : '男',
      birth: m.birth + P.int(-5 * 365, 2 * 365) * (m.sex === '男' ? 1 : -1),
      county,
      kind: 'married-in',
    });
  if (type === 'A' || type === 'C') {
    const fb = randBirth(1968, 1993);
    const father = mkPerson({ sex: '男', birth: fb, county });
    const mother = spouseOf(father);
    const kids = mkChildren(kidN(), { sur: father.sur, motherBirth: mother.birth, county, twinRate });
    if (type === 'A') {
      if (P.chance(0.9)) {
        addMember(h, father, '户主', 'parent');
        addMember(h, mother, '配偶', 'parent');
      } else {
        addMember(h, mother, '户主', 'parent');
        addMember(h, father, '配偶', 'parent');
      }
    } else if (P.chance(0.55)) {
      // single mother; some children take her surname
      addMember(h, mother, '户主', 'parent');
      if (P.chance(0.4))
        kids.forEach((k) => {
          k.sur = mother.sur;
          k.name = k.sur + k.giv;
        });
    } else addMember(h, father, '户主', 'parent');
    for (const k of kids) addMember(h, k, k.sex === '男' ? '之子' : '之女', 'child');
    h.father = father;
    h.mother = mother;
  } else if (type === 'B') {
    const gb = randBirth(1940, 1968);
    const gf = mkPerson({ sex: '男', birth: gb, county });
    addMember(h, gf, '户主', 'grandparent');
    if (P.chance(0.82)) addMember(h, spouseOf(gf), '配偶', 'grandparent');
    const son = mkPerson({
      sex: '男',
      birth: Math.min(Math.max(gb + P.int(21, 32) * 365, dayNum(1968, 1, 1)), dayNum(1994, 12, 31)),
      sur: gf.sur,
      county,
    });
    addMember(h, son, '之子', 'parent');
    const dil = spouseOf(son);
    if (P.chance(0.72)) addMember(h, dil, '之儿媳', 'parent');
    if (P.chance(0.15))
      addMember(
        h,
        mkPerson({
          sex: '男',
          birth: Math.min(son.birth + P.int(2, 8) * 365, dayNum(1999, 6, 30)),
          sur: gf.sur,
          county,
        }),
        '之子',
        'other',
      );
    const kids = mkChildren(kidN(), { sur: son.sur, motherBirth: dil.birth, county, twinRate });
    for (const k of kids) addMember(h, k, k.sex === '男' ? '之孙子' : '之孙女', 'child');
    h.father = son;
    h.mother = h.members.includes(dil) ? dil : null;
  } else if (type === 'E') {
    const gb = randBirth(1942, 1966);
    const gf = mkPerson({ sex: '男', birth: gb, county });
    const gm = spouseOf(gf);
    const heads = P.chance(0.75) ? [gf, gm] : [P.chance(0.5) ? gf : gm];
    addMember(h, heads[0], '户主', 'grandparent');
    if (heads[1]) addMember(h, heads[1], '配偶', 'grandparent');
    const kidSur = P.chance(0.85) ? gf.sur : surname();
    const kids = mkChildren(kidN(), {
      sur: kidSur,
      motherBirth: gb + P.int(20, 30) * 365 + P.int(20, 28) * 365,
      county,
      twinRate,
    });
    if (!kids.length)
      kids.push(...mkChildren(1, { sur: kidSur, motherBirth: dayNum(1985, 1, 1), county, twinRate: 0 }));
    for (const k of kids) addMember(h, k, k.sex === '男' ? '之孙子' : '之孙女', 'child');
  } else if (type === 'D') {
    const a = mkPerson({ birth: randBirth(1928, 1962), county });
    addMember(h, a, '户主', 'elder');
    if (P.chance(0.55)) addMember(h, spouseOf(a), '配偶', 'elder');
  } else {
    const a = mkPerson({ birth: randBirth(1960, 2000), county });
    addMember(h, a, '户主', 'adult');
    if (P.chance(0.6))
      addMember(
        h,
        mkPerson({ sex: '女', birth: a.birth - P.int(20, 32) * 365, county, kind: 'married-in' }),
        '之母',
        'elder',
      );
    if (P.chance(0.3))
      addMember(
        h,
        mkPerson({ sex: '男', birth: a.birth - P.int(22, 35) * 365, sur: a.sur, county }),
        '之父',
        'elder',
      );
  }
  h.kids = h.members.filter((m) => m.role === 'child');
  h.head = h.members[0];
  h.attr = P.wpick([
    ['一般贫困户', 64],
    ['低保贫困户', 30],
    ['特困供养贫困户', type === 'D' || type === 'F' ? 20 : 1],
  ]);
  h.status = P.wpick([
    ['已脱贫(享受政策)', 84],
    ['已脱贫(不享受政策)', 10],
    ['未脱贫', 6],
  ]);
  // family situation
  const hasSchoolKids = h.kids.some((k) => {
    const g = normalGrade(k.birth);
    return g >= -2 && g <= 12;
  });
  h.migratedOut = hasSchoolKids && type !== 'E' && P.chance(0.07); // whole family works and schools outside 三明
  h.leftBehind =
    type === 'E' ||
    (!h.migratedOut && P.chance({ A: 0.25, B: 0.45, C: 0.3 }[type] * (type === 'B' ? V.grandkin : 1) || 0));
  h.cityMigrant = !h.migratedOut && hasSchoolKids && P.chance(0.06 * V.migrant); // parents work in the city, kids at school there
  households.push(h);
  return h;
}
for (let i = 0; i < TARGET_HOUSEHOLDS; i++) mkHousehold();

// a handful of minority-name members (married-in Uyghur mothers and their children keep a dotted name)
for (const h of households) {
  if (h.type !== 'A' || !P.chance(0.004)) continue;
  const m = h.members.find((x) => x.role === 'parent' && x.sex === '女');
  if (m) {
    m.name = P.pick(DOT_NAMES.F);
    m.sur = m.name;
    m.giv = '';
    m.dotName = true;
  }
  const k = h.kids[0];
  if (k && P.chance(0.6)) {
    k.name = P.pick(DOT_NAMES[k.sex === '男' ? 'M' : 'F']);
    k.dotName = true;
  }
}

// ---------------- the roll ----------------
const roll = [];
const USED_XJH = new Set();
function outsideGrandparent(sur, county) {
  const gf = P.chance(0.6);
  return mkPerson({ sex: gf ? '男' : '女', birth: randBirth(1945, 1968), sur: gf ? sur : undefined, county });
}
function enrol(kid, { village, county, guardian, leftBehind, tags, pid = '', hid = '', kind, hukouArea }) {
  const grade =
    normalGrade(kid.birth) +
    P.wpick([
      [0, 91],
      [-1, 6.5],
      [-2, 1],
      [1, 1.5],
    ]);
  if (grade < -2 || grade > 12) return null;
  const voc = grade >= 10 && P.chance(0.42);
  const stage = stageOf(grade, voc);
  const sch = assignSchool(stage, grade, village, county);
  const rural = village && !village.community;
  const r = {
    kid,
    pid,
    hid,
    kind,
    tags: [...(tags || [])],
    sch,
    stage,
    grade,
    gradeName: GRADE_NAMES[stage][grade],
    klass: P.int(1, stage === '小学' ? 6 : 10),
    village,
    hukouArea,
    guardian,
    leftBehind,
    boarding:
      stage === '初中'
        ? P.chance(rural ? 0.55 : 0.15)
        : stage === '高中' || stage === '中职'
          ? P.chance(0.6)
          : stage === '小学'
            ? P.chance(grade >= 4 && rural ? 0.12 : 0.02)
            : false,
    disabled: P.chance(0.009),
  };
  kid.rollRow = r;
  roll.push(r);
  return r;
}
// registry children
const registryOnRoll = [];
for (const h of households) {
  const sibsOnRoll = [];
  for (const k of h.kids) {
    const g = normalGrade(k.birth);
    k.fate = 'none';
    if (g < -2 || g > 12) {
      k.fate = g < -2 ? 'too-young' : 'graduated';
      continue;
    }
    if (h.migratedOut && g >= -2 && !P.chance(0.15)) {
      k.fate = 'schooled-outside-city';
      continue;
    }
    const p = g <= 0 ? 0.82 : g <= 5 ? 0.995 : g <= 9 ? 0.975 : 0.72;
    if (!P.chance(p)) {
      k.fate = g <= 0 ? 'no-kindergarten' : g <= 9 ? 'dropout' : 'left-after-junior';
      continue;
    }
    if (k.twin?.fate && k.twin.fate !== 'enrolled' && k.twin.fate !== 'none') {
      k.fate = k.twin.fate;
      continue;
    }
    // guardian
    let guardian,
      tags = [];
    const gps = h.members.filter((m) => m.role === 'grandparent');
    // siblings normally share one guardian; now and then a school recorded the other parent / grandparent
    if (h.leftBehind) {
      if (gps.length) {
        if (!h.guardian || P.chance(0.1)) h.guardian = P.chance(0.6) ? gps[0] : gps[gps.length - 1];
        guardian = h.guardian;
        tags.push(guardian === h.head ? 'guardian=grandparent-head' : 'guardian=grandparent');
      } else {
        h.guardian ||= outsideGrandparent(k.sur, h.county);
        guardian = h.guardian;
        tags.push('guardian=grandparent-outside');
      }
    } else {
      const ps = [h.father, h.mother].filter((x) => x && h.members.includes(x));
      if (!h.guardian || P.chance(0.1))
        h.guardian = ps.length ? (P.chance(0.68) ? ps[0] : ps[ps.length - 1]) : gps[0] || h.head;
      guardian = h.guardian;
      tags.push(guardian === h.head ? 'guardian=head' : 'guardian=parent');
    }
    let county = h.county,
      village = h.village;
    if (h.cityMigrant) {
      county = P.wpick([
        [COUNTIES.get('350403'), 3],
        [COUNTIES.get('350402'), 2],
        [COUNTIES.get('350481'), 2],
        [COUNTIES.get('350427'), 1],
      ]);
      if (county === h.county) county = COUNTIES.get('350403');
      tags.push('migrant-in-city');
    }
    if (k.twin) tags.push('twin');
    if (k.dotName) tags.push('dot-name');
    if (k.sur.length === 2 && !k.dotName) tags.push('compound-surname');
    const r = enrol(k, {
      village: h.cityMigrant ? null : village,
      county,
      guardian,
      leftBehind: h.leftBehind,
      tags,
      pid: k.pid,
      hid: h.hid,
      kind: 'registry-child',
    });
    if (!r) {
      k.fate = 'none';
      continue;
    }
    r.village = village; // 户籍 stays in the home village
    k.fate = 'enrolled';
    sibsOnRoll.push(r);
    registryOnRoll.push(r);
  }
  if (sibsOnRoll.length > 1) for (const r of sibsOnRoll) r.tags.push('sibling-on-roll');
}
// hard negatives 1: same name, same sex, same birth date, different person (sometimes the same village)
const namesakes = [];
for (const h of households)
  for (const k of h.kids) {
    const g = normalGrade(k.birth);
    if (g < 0 || g > 11 || k.dotName || !P.chance(0.03)) continue;
    const where = P.wpick([
      ['other-county', 60],
      ['same-county', 25],
      ['same-town', 8],
      ['same-village', 7],
    ]);
    let county = h.county,
      village;
    if (where === 'other-county') {
      county = P.pick(COUNTY_LIST.filter((c) => c !== h.county));
      village = villageFor(county, true);
    } else if (where === 'same-county') village = villageFor(county, true);
    else if (where === 'same-town') village = P.pick(h.village.town.villages);
    else village = h.village;
    const twin = mkPerson({
      sex: k.sex,
      birth: k.birth,
      sur: k.sur,
      giv: k.giv,
      county,
      area: P.chance(0.5) ? k.area : county.code,
    });
    twin.name = k.name;
    const father = mkPerson({ sex: '男', birth: randBirth(1972, 1990), sur: k.sur, county });
    const r = enrol(twin, {
      village,
      county,
      guardian: father,
      tags: [`namesake(${where})`],
      kind: 'namesake',
    });
    if (r) {
      r.namesakeOf = k;
      namesakes.push(r);
      if (k.rollRow) k.rollRow.tags.push('namesake-on-roll');
    }
  }
// hard negatives 2: a grandchild (not a registry member) raised by poor grandparents who ARE in the registry
for (const h of households) {
  if (h.type !== 'D' || !P.chance(0.16 * V.grandkin)) continue;
  const g = h.members.find((m) => {
    const a = ageOn(m.birth, AS_OF);
    return a >= 50 && a <= 80;
  });
  if (!g) continue;
  const sur = g.sex === '男' ? g.sur : surname();
  const kid = mkPerson({ birth: randBirth(2006, 2013), sur, county: h.county });
  const r = enrol(kid, {
    village: P.chance(0.5) ? h.village : villageFor(h.county, true),
    county: h.county,
    guardian: g,
    leftBehind: true,
    tags: [
      'grandchild-of-registry-elder',
      g === h.head ? 'guardian=registry-head' : 'guardian=registry-member',
    ],
    kind: 'grandchild-of-registry',
  });
  if (r) r.guardianPid = g.pid;
}
// everyone else: ordinary families, most not poor
let nonreg = 0;
while (roll.length < TARGET_ROLL) {
  const external = P.chance(0.05);
  const county = P.wpick(COUNTY_LIST.map((c) => [c, c.wRoll]));
  const village = villageFor(county, true);
  const fb = randBirth(1970, 1993);
  let extArea = external ? P.pick(OTHER_AREAS) : null;
  const father = mkPerson({ sex: '男', birth: fb, county, area: extArea?.[0] });
  const mother = mkPerson({
    sex: '女',
    birth: fb + P.int(-1, 5) * 365,
    county,
    kind: 'married-in',
    area: extArea?.[0],
  });
  let kids = mkChildren(
    P.wpick([
      [1, 0.4],
      [2, 0.45],
      [3, 0.15],
    ]),
    { sur: father.sur, motherBirth: mother.birth, county, twinRate: 0.012 },
  );
  if (external)
    kids = kids.map((k) => {
      USED_IDS.delete(k.id);
      k.area = extArea[0];
      k.id = newId(k.area, k.birth, k.sex);
      return k;
    });
  if (P.chance(0.0012)) {
    // migrant minority family
    const xa = P.pick(XJ_AREAS);
    kids = kids.slice(0, 1).map((k) => {
      k.name = P.pick(DOT_NAMES[k.sex === '男' ? 'M' : 'F']);
      k.dotName = true;
      USED_IDS.delete(k.id);
      k.area = xa[0];
      k.id = newId(k.area, k.birth, k.sex);
      return k;
    });
    extArea = xa;
  }
  const lb = !external && P.chance(0.1 * V.grandkin);
  const guardian = lb ? outsideGrandparent(father.sur, county) : P.chance(0.68) ? father : mother;
  const schoolCounty =
    !external && P.chance(0.07 * V.migrant)
      ? P.pick([COUNTIES.get('350403'), COUNTIES.get('350402'), COUNTIES.get('350481')])
      : county;
  const sibs = [];
  for (const k of kids) {
    const tags = [];
    if (external) tags.push('from-other-province');
    if (schoolCounty !== county) tags.push('migrant-in-city');
    if (k.twin) tags.push('twin');
    if (k.dotName) tags.push('dot-name');
    const r = enrol(k, {
      village: schoolCounty === county && !external ? village : null,
      county: schoolCounty,
      guardian,
      leftBehind: lb,
      tags,
      kind: 'ordinary',
    });
    if (!r) continue;
    r.village = external ? null : village;
    r.extAddr = external ? extArea[1] : null;
    sibs.push(r);
    nonreg++;
  }
  if (sibs.length > 1) for (const r of sibs) r.tags.push('sibling-on-roll');
}

// ---------------- damage ----------------
const FW = (s) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
function excelSci(id) {
  // Excel "General" in a narrow column: 6 significant digits, rounded, trailing zeros trimmed
  const m = Math.round(Number(id.slice(0, 7)) / 10); // 6 digits, rounded on the 7th
  let digits = String(m),
    exp = 17;
  if (digits.length > 6) {
    digits = digits.slice(0, 6);
    exp = 18;
  }
  const mant = `${digits[0]}.${digits.slice(1)}`.replace(/\.?0+$/, '');
  return `${mant}E+${exp}`;
}
const tail000 = (id) => `${id.slice(0, 15)}000`;
function wrongDigit(id) {
  const i = D.int(0, 17);
  const cur = id[i];
  let c;
  do c = String(D.int(0, 9));
  while (c === cur);
  return id.slice(0, i) + c + id.slice(i + 1);
}
function swapDigits(id) {
  for (let k = 0; k < 50; k++) {
    const i = D.int(0, 16);
    if (id[i] !== id[i + 1] && /\d/.test(id[i + 1]))
      return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  }
  return wrongDigit(id);
}
function homophone(name, sur) {
  const chars = [...name];
  const surLen = [...sur].length;
  const idx = [];
  for (let i = 0; i < chars.length; i++) if (HOMOPHONES.has(chars[i])) idx.push(i);
  if (!idx.length) return null;
  const givenIdx = idx.filter((i) => i >= surLen);
  const i = givenIdx.length && D.chance(0.82) ? D.pick(givenIdx) : D.pick(idx);
  chars[i] = D.pick(HOMOPHONES.get(chars[i]));
  return chars.join('');
}
function traditional(name) {
  const t = [...name].map((c) => TRAD.get(c) || c).join('');
  return t === name ? null : t;
}
function spaced(name, sur) {
  const s = [...sur].length;
  const chars = [...name];
  return D.wpick([
    [() => `${chars.slice(0, s).join('')} ${chars.slice(s).join('')}`, 4],
    [() => `${name} `, 2],
    [() => ` ${name}`, 1],
    [() => `${chars.slice(0, s).join('')}\u3000${chars.slice(s).join('')}`, 1],
    [() => `${name}\u00a0`, 1],
    [() => chars.join(' '), 1],
  ])();
}
function renameOf(kid) {
  const sexG = kid.sex;
  const r = D.wpick([
    ['given', 60],
    ['one-char', 28],
    ['surname', 12],
  ]);
  if (r === 'surname') {
    let s;
    do s = D.wpick(SURNAMES);
    while (s === kid.sur);
    return s + kid.giv;
  }
  const givenD = () =>
    sexG === '男' ? D.wpick(D.chance(0.86) ? BOY2 : BOY1) : D.wpick(D.chance(0.86) ? GIRL2 : GIRL1);
  if (r === 'one-char' && kid.giv.length === 2) {
    const g = givenD();
    return kid.sur + (D.chance(0.5) ? kid.giv[0] + g.slice(-1) : g.slice(-1) + kid.giv[1]);
  }
  if (r === 'one-char' && kid.giv.length === 1) return kid.sur + kid.giv + givenD().slice(-1);
  let g;
  do g = D.chance(0.85) ? D.wpick(sexG === '男' ? BOY2 : GIRL2) : D.wpick(sexG === '男' ? BOY1 : GIRL1);
  while (g === kid.giv);
  return kid.sur + g;
}
function pickProfile(key, mix) {
  // one fixed slot of width 0.2 per profile; the profile's share grows inside its slot, so a higher rate
  // keeps every unit that had the profile at the lower rate
  const u = makeRng(hstr(`${key}|profile`)).next();
  const items = Object.entries(mix);
  for (let i = 0; i < items.length; i++)
    if (u >= i * 0.2 && u < i * 0.2 + Math.min(0.2, items[i][1])) return items[i][0];
  return 'clean';
}
// export damage of one ID cell (what happens between the database and the file we receive)
function exportId(id, profile, row, dmg, pfx, cell) {
  if (!id) return id;
  let out = id;
  const numeric = /^\d{18}$/.test(out);
  if (profile === 'sci' && numeric) {
    dmg.push(`${pfx}id_sci`);
    return { v: excelSci(out), num: Number(tail000(out)), fmt: '0.00000E+00' };
  }
  if (profile === 'tail000' && numeric) {
    dmg.push(`${pfx}id_tail000`);
    return { v: tail000(out), num: Number(tail000(out)), fmt: '0' };
  }
  if (profile === 'apostrophe') {
    out = `'${out}`;
    dmg.push(`${pfx}id_apostrophe`);
  }
  if (profile === 'space') {
    out = `${out} `;
    dmg.push(`${pfx}id_space`);
  }
  if (profile === 'fullwidth') {
    out = FW(out);
    dmg.push(`${pfx}id_fullwidth`);
  }
  if (profile === 'clean' || profile === 'sci' || profile === 'tail000') {
    if (dc(`${cell}|fw`, row.fullwidth)) {
      out = FW(out);
      dmg.push(`${pfx}id_fullwidth`);
    } else if (dc(`${cell}|sp`, row.space)) {
      out = D.chance(0.6) ? `${out.slice(0, 6)} ${out.slice(6, 14)} ${out.slice(14)}` : ` ${out}`;
      dmg.push(`${pfx}id_space`);
    } else if (row.apostrophe && dc(`${cell}|ap`, row.apostrophe)) {
      out = `'${out}`;
      dmg.push(`${pfx}id_apostrophe`);
    }
  }
  return out;
}
const MISSING_TOKENS = [
  ['', 70],
  ['无', 10],
  ['暂无', 6],
  ['/', 5],
  ['-', 4],
  ['0', 3],
  ['未办理', 2],
];

// --- registry entry-level damage (stored in the poverty system as typed) ---
const towns = new Map();
for (const c of COUNTY_LIST)
  for (const t of c.towns) towns.set(t.code, { profile: pickProfile(t.code, RATES.reg.townExport) });
for (const p of persons) {
  p.regDmg = [];
  p.regName = p.name;
  p.regId = p.id;
}
// renames: decided per registry child on the roll (pair-level)
for (const r of registryOnRoll) {
  const k = r.kid;
  r.rollName = k.name;
  EK = k.pid;
  if (!k.dotName && dc('rename', RATES.roll.rename)) {
    const other = renameOf(k);
    if (ds('rename-dir').chance(0.65)) {
      k.regName = k.name;
      r.rollName = other;
      r.renamed = 'roll:name_rename';
      k.regName = k.name;
      k.oldName = k.name;
    } else {
      k.regName = other;
      r.renamed = 'reg:name_rename';
    }
  }
}
for (const p of persons) {
  const R = RATES.reg;
  EK = p.pid;
  if (!p.dotName) {
    if (dc('homo', R.homophone)) {
      const n = homophone(p.regName, p.sur);
      if (n) {
        p.regName = n;
        p.regDmg.push('reg:name_homophone');
      }
    }
    if (dc('trad', R.traditional)) {
      const n = traditional(p.regName);
      if (n) {
        p.regName = n;
        p.regDmg.push('reg:name_traditional');
      }
    }
    if (dc('nsp', R.namespace)) {
      p.regName = spaced(p.regName, p.sur);
      p.regDmg.push('reg:name_space');
    }
  }
  if (dc('miss', R.missing)) {
    p.regId = D.wpick(MISSING_TOKENS);
    p.regDmg.push('reg:id_missing');
  } else if (p.role === 'child' && p.h.head !== p && dc('headcopy', R.headcopy)) {
    p.regId = p.h.head.id;
    p.regDmg.push('reg:id_guardian');
  } else if (dc('wd', R.wrongdigit)) {
    p.regId = wrongDigit(p.regId);
    p.regDmg.push('reg:id_wrongdigit');
  } else if (dc('swap', R.swap)) {
    p.regId = swapDigits(p.regId);
    p.regDmg.push('reg:id_swap');
  }
  if (/X$/.test(p.regId) && dc('lowx', R.lowerx)) {
    p.regId = p.regId.replace(/X$/, 'x');
    p.regDmg.push('reg:id_lowerx');
  }
  // some elders still carry the old 15-digit number in the poverty system
  if (p.role === 'elder' && ymd(p.birth).y < 1960 && p.regDmg.length === 0 && dc('id15', 0.02)) {
    p.regId = to15(p.regId);
    p.regDmg.push('reg:id_15digit');
  }
}
// --- registry export ---
const regRows = [];
const regCells = []; // for xlsx: numeric cells
const STAGE_LAST_YEAR = (k) => {
  const g = normalGrade(k.birth) - 1; // as recorded in spring 2020
  EK = k.pid;
  if (k.fate === 'dropout' && dc('stale', 0.5)) return '非在校生';
  if (g < -2) return '';
  if (g <= 0) return '学前教育';
  if (g <= 6) return '小学';
  if (g <= 9) return '初中';
  if (g <= 12) return k.rollRow?.stage === '中职' ? '中职' : '高中';
  return ds('after').pick(['非在校生', '高职', '本科及以上']);
};
for (const h of households) {
  const t = towns.get(h.village.town.code);
  for (const p of h.members) {
    const dmg = [];
    EK = p.pid;
    const idCell = exportId(p.regId, t.profile, RATES.reg, dmg, 'reg:', 'id');
    const headDmg = [];
    const headCell = exportId(h.head.regId, t.profile, RATES.reg, headDmg, 'reg:', 'headid');
    p.regDmg.push(...dmg);
    const row = {
      户编号: h.hid,
      人编号: p.pid,
      姓名: p.regName,
      证件号码: typeof idCell === 'object' ? idCell.v : idCell,
      性别: p.sex,
      与户主关系: p.rel,
      户主姓名: h.head.regName,
      户主证件号码: typeof headCell === 'object' ? headCell.v : headCell,
      '县(市、区)': h.county.name,
      '乡(镇)': h.village.town.name,
      行政村: h.village.short,
      贫困户属性: h.attr,
      脱贫状态: h.status,
      在校生状况:
        p.role === 'child'
          ? STAGE_LAST_YEAR(p)
          : p.role === 'adult' && dc('adult-status', 0.3)
            ? '非在校生'
            : '',
    };
    p.regRow = row;
    regRows.push(row);
    regCells.push({ 证件号码: idCell, 户主证件号码: headCell });
  }
}

// --- roll damage ---
for (const s of SCHOOLS.values()) {
  EK = s.name;
  s.profile = pickProfile(s.name, RATES.roll.schoolExport);
  s.pad2 = dc('pad2', RATES.roll.pad2);
  s.dateFmt = ds('datefmt').wpick([
    ['dash', 70],
    ['compact', 20],
    ['slash', 10],
  ]);
  s.addr = ds('addr').wpick([
    ['full', 45],
    ['city', 15],
    ['town', 20],
    ['village', 8],
    ['blank', 12],
  ]);
}
roll.sort(
  (a, b) =>
    a.sch.county.code.localeCompare(b.sch.county.code) ||
    a.sch.name.localeCompare(b.sch.name) ||
    a.grade - b.grade ||
    a.klass - b.klass,
);
const rollRows = [],
  rollCells = [],
  truthRows = [];
for (const r of roll) {
  const R = RATES.roll;
  const k = r.kid,
    s = r.sch;
  const dmg = [];
  EK = k.id;
  let name = r.rollName ?? k.name;
  if (r.renamed === 'roll:name_rename') dmg.push('roll:name_rename');
  if (r.renamed === 'reg:name_rename') dmg.push('reg:name_rename');
  if (k.dotName) {
    if (dc('dot', R.dot)) {
      name = name.replace('·', D.pick(['•', '.', '．', '', '・', ' ']));
      dmg.push('roll:name_dot');
    }
  } else {
    if (dc('homo', R.homophone)) {
      const n = homophone(name, k.sur);
      if (n) {
        name = n;
        dmg.push('roll:name_homophone');
      }
    }
    if (dc('trad', R.traditional)) {
      const n = traditional(name);
      if (n) {
        name = n;
        dmg.push('roll:name_traditional');
      }
    }
    if (dc('nsp', R.namespace)) {
      name = spaced(name, k.sur);
      dmg.push('roll:name_space');
    } else if (s.pad2 && [...name].length === 2) {
      name = `${name[0]}\u3000${name[1]}`;
      dmg.push('roll:name_space');
    }
  }
  // ID as typed into the school's sheet / at registration
  let id = k.id,
    xjh = `G${k.id}`;
  if (dc('miss', R.missing)) {
    id = D.wpick(MISSING_TOKENS);
    dmg.push('roll:id_missing');
    if (dc('temp', R.missingTemp)) {
      do
        xjh = `${D.chance(0.85) ? 'L' : 'J'}${s.county.code}${fmtDate(k.birth, 'compact')}${pad(D.int(0, 9999), 4)}`;
      while (USED_XJH.has(xjh));
    }
  } else if (dc('gid', R.guardian) && r.guardian) {
    id = r.guardian.id;
    dmg.push('roll:id_guardian');
  } else if (dc('wd', R.wrongdigit)) {
    id = wrongDigit(id);
    dmg.push('roll:id_wrongdigit');
    if (ds('keep').chance(R.xjhKeepsTypo)) xjh = `G${id}`;
  } else if (dc('swap', R.swap)) {
    id = swapDigits(id);
    dmg.push('roll:id_swap');
    if (ds('keep').chance(R.xjhKeepsTypo)) xjh = `G${id}`;
  }
  if (/X$/.test(id) && dc('lowx', R.lowerx)) {
    id = id.replace(/X$/, 'x');
    dmg.push('roll:id_lowerx');
  }
  if (USED_XJH.has(xjh)) xjh = `G${k.id}`;
  if (USED_XJH.has(xjh)) throw new Error(`duplicate 学籍号 ${xjh}`);
  USED_XJH.add(xjh);
  const idCell = exportId(id, s.profile, R, dmg, 'roll:', 'id');
  // guardian's own ID column
  let gid = r.guardian?.id || '';
  if (gid && dc('gtypo', R.guardianTypo)) gid = D.chance(0.5) ? wrongDigit(gid) : '';
  if (gid && r.guardian.role === 'elder' && dc('g15', 0.05)) gid = to15(gid);
  const gdmg = [];
  const gCell = exportId(gid, s.profile, R, gdmg, 'g:', 'gid');
  let gname = r.guardian?.name || '';
  if (r.guardian?.regName && dc('gname', 0.5)) gname = r.guardian.regName; // school copied it from the same paper as the village
  if (s.pad2 && [...gname].length === 2) gname = `${gname[0]}\u3000${gname[1]}`;
  const row = {
    学籍号: xjh,
    姓名: name,
    性别: k.sex,
    出生日期: fmtDate(k.birth, s.dateFmt),
    身份证件号: typeof idCell === 'object' ? idCell.v : idCell,
    学校名称: s.name,
    学段: r.stage,
    年级: r.gradeName,
    班级: dc('klass', 0.5) ? `(${r.klass})班` : `${r.klass}班`,
    户籍所在地: r.extAddr ? (s.addr === 'blank' ? '' : r.extAddr) : addressText(r.village, s.addr),
    监护人姓名: gname,
    监护人身份证件号: typeof gCell === 'object' ? gCell.v : gCell,
    是否寄宿: r.boarding ? '是' : '否',
    是否留守儿童: r.leftBehind ? '是' : '否',
    是否残疾: r.disabled ? '是' : '否',
  };
  rollRows.push(row);
  rollCells.push({ 身份证件号: idCell, 监护人身份证件号: gCell });
  const allDmg = [...dmg, ...(k.regDmg || [])];
  r.xjh = xjh;
  truthRows.push({
    学籍号: xjh,
    人编号: r.pid,
    户编号: r.hid,
    kind: r.kind,
    damages: allDmg.join('|'),
    tags: r.tags.join('|'),
    true_name: k.name,
    true_id: k.id,
    true_birth: fmtDate(k.birth),
    school_county: s.county.name,
    reg_name: k.regRow?.姓名 ?? '',
    reg_id: k.regRow?.证件号码 ?? '',
    namesake_of: r.namesakeOf?.pid ?? '',
    guardian_pid: r.guardianPid ?? (r.guardian?.pid && r.guardian.hid === r.hid ? r.guardian.pid : ''),
  });
}

// ---------------- ground truth for unenrolled ----------------
const unenrolled = [];
for (const p of persons) {
  const age = ageOn(p.birth, AS_OF);
  if (age < 6 || age > 15) continue;
  if (p.rollRow) continue;
  unenrolled.push({
    人编号: p.pid,
    姓名: p.name,
    证件号码: p.id,
    户编号: p.hid,
    出生日期: fmtDate(p.birth),
    age,
    reason: p.role === 'child' ? p.fate : `role=${p.role}`,
    reg_damages: p.regDmg.join('|'),
  });
}

// ---------------- validation ----------------
const problems = [];
for (const p of persons) {
  if (!isValidId(p.id)) problems.push(`registry ${p.pid} bad true id ${p.id}`);
  if (idBirthDay(p.id) !== p.birth) problems.push(`registry ${p.pid} id/birth mismatch`);
  if ((+p.id[16] % 2 === 1) !== (p.sex === '男')) problems.push(`registry ${p.pid} sex parity`);
}
for (const r of roll) {
  if (!isValidId(r.kid.id)) problems.push(`roll ${r.xjh} bad true id`);
  const age = ageOn(r.kid.birth, AS_OF);
  const lo = { 学前: 2, 小学: 5, 初中: 11, 高中: 14, 中职: 14 }[r.stage];
  const expect = r.grade + 5; // typical age at 2020-09-01 is grade+5 (born Sep–Aug)
  if (age < expect - 2 || age > expect + 3 || age < lo)
    problems.push(`roll ${r.xjh} age ${age} grade ${r.grade}`);
  if (r.kid.twin && r.kid.twin.birth !== r.kid.birth) problems.push('twin birth');
}
{
  const seen = new Set();
  for (const t of truthRows) {
    if (seen.has(t.学籍号)) problems.push(`dup xjh ${t.学籍号}`);
    seen.add(t.学籍号);
  }
  const pidSeen = new Set();
  for (const t of truthRows)
    if (t.人编号) {
      if (pidSeen.has(t.人编号)) problems.push(`pid twice ${t.人编号}`);
      pidSeen.add(t.人编号);
    }
  for (const u of unenrolled) if (pidSeen.has(u.人编号)) problems.push(`unenrolled but on roll ${u.人编号}`);
}
// a clean registry row must carry the true ID exactly
for (const p of persons) {
  if (!p.regDmg.some((d) => d.startsWith('reg:id_')) && p.regRow.证件号码 !== p.id)
    problems.push(`undamaged registry id differs ${p.pid}`);
}
// a clean roll row must carry the true ID exactly
for (let i = 0; i < rollRows.length; i++) {
  const t = truthRows[i];
  const idDamaged = /roll:id_/.test(t.damages);
  if (!idDamaged && rollRows[i].身份证件号 !== t.true_id)
    problems.push(`undamaged roll id differs ${t.学籍号}`);
  if (
    !idDamaged &&
    rollRows[i].出生日期.replace(/\D/g, '') !== t.true_id.slice(6, 14) &&
    !/\//.test(rollRows[i].出生日期)
  )
    problems.push(`dob ${t.学籍号}`);
}
if (problems.length) {
  console.error(`VALIDATION FAILED (${problems.length})`);
  for (const p of problems.slice(0, 30)) console.error('  ', p);
  process.exit(1);
}

// ---------------- write ----------------
fs.mkdirSync(OUT, { recursive: true });
const ROLL_H = [
  '学籍号',
  '姓名',
  '性别',
  '出生日期',
  '身份证件号',
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
];
const REG_H = [
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
];
writeCsv(path.join(OUT, 'students.csv'), ROLL_H, rollRows);
writeCsv(path.join(OUT, 'registry.csv'), REG_H, regRows);
writeCsv(
  path.join(OUT, 'truth.csv'),
  [
    '学籍号',
    '人编号',
    '户编号',
    'kind',
    'damages',
    'tags',
    'true_name',
    'true_id',
    'true_birth',
    'school_county',
    'reg_name',
    'reg_id',
    'namesake_of',
    'guardian_pid',
  ],
  truthRows,
);
writeCsv(
  path.join(OUT, 'unenrolled-truth.csv'),
  ['人编号', '姓名', '证件号码', '户编号', '出生日期', 'age', 'reason', 'reg_damages'],
  unenrolled,
);
writeCsv(
  path.join(OUT, 'registry-truth.csv'),
  ['人编号', '户编号', 'true_name', 'true_id', 'sex', 'birth', 'role', 'rel', 'damages', 'on_roll'],
  persons.map((p) => ({
    人编号: p.pid,
    户编号: p.hid,
    true_name: p.name,
    true_id: p.id,
    sex: p.sex,
    birth: fmtDate(p.birth),
    role: p.role,
    rel: p.rel,
    damages: p.regDmg.join('|'),
    on_roll: p.rollRow?.xjh ?? '',
  })),
);

if (V.xlsx) {
  const ExcelJS = (await import('exceljs')).default;
  async function writeXlsx(file, sheet, header, rows, cells) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(sheet);
    ws.addRow(header);
    rows.forEach((r, i) => {
      const xr = ws.addRow(header.map((h) => r[h]));
      for (const [col, c] of Object.entries(cells[i])) {
        if (c && typeof c === 'object') {
          const cell = xr.getCell(header.indexOf(col) + 1);
          cell.value = c.num;
          cell.numFmt = c.fmt;
        }
      }
    });
    await wb.xlsx.writeFile(file);
  }
  await writeXlsx(path.join(OUT, 'students.xlsx'), '学生名册', ROLL_H, rollRows, rollCells);
  await writeXlsx(path.join(OUT, 'registry.xlsx'), '建档立卡人员', REG_H, regRows, regCells);
}

// ---------------- summary ----------------
const count = (arr, f) =>
  arr.reduce((m, x) => {
    for (const k of f(x)) m[k] = (m[k] || 0) + 1;
    return m;
  }, {});
const summary = {
  variant: VARIANT,
  seed: SEED,
  households: households.length,
  persons: persons.length,
  registry_age_6_15: persons.filter((p) => {
    const a = ageOn(p.birth, AS_OF);
    return a >= 6 && a <= 15;
  }).length,
  roll: roll.length,
  roll_ordinary_families_children: nonreg,
  roll_registry_children: registryOnRoll.length,
  namesakes: namesakes.length,
  roll_kinds: count(truthRows, (t) => [t.kind]),
  twins_on_roll: truthRows.filter((t) => /twin/.test(t.tags) && t.人编号).length,
  unenrolled_truth: unenrolled.length,
  unenrolled_reasons: count(unenrolled, (u) => [u.reason]),
  true_pair_damages: count(
    truthRows.filter((t) => t.人编号),
    (t) => (t.damages ? t.damages.split('|') : ['clean']),
  ),
  schools: SCHOOLS.size,
  age_by_grade: Object.fromEntries(
    Object.entries(
      roll.reduce((m, r) => {
        const a = ageOn(r.kid.birth, AS_OF);
        if (!m[r.grade]) m[r.grade] = {};
        m[r.grade][a] = (m[r.grade][a] || 0) + 1;
        return m;
      }, {}),
    ).sort((a, b) => a[0] - b[0]),
  ),
  school_profiles: count([...SCHOOLS.values()], (s) => [s.profile]),
  xlsx: V.xlsx,
};
fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary, null, 1).replace(/\n\s*/g, ' '));
