#!/usr/bin/env node
// Blind test set #3 for `jiaofu match` — written without reading the implementation.
// Usage: node gen.mjs --seed 20200901 --variant base|hard --out <dir>
// Writes <dir>/registry.csv, <dir>/students.csv, <dir>/truth.json. Deterministic for (seed, variant).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Configuration: every rate lives here. `hard` = denser namesakes and twice the damage.
// Damage rates are per roll row of a registry child (one label per row, drawn categorically).
// ---------------------------------------------------------------------------------------------
const BASE = {
  households: 3200,
  rollSize: 20000,
  householdsPerVillage: 8, // ~425 registry villages
  keyCountyWeight: 2.2, // 明溪 清流 宁化 泰宁 建宁
  clanShare: [0.3, 0.55], // share of the village's dominant surname
  secondClanShare: [0.08, 0.18],
  sheVillageRate: 0.06, // villages where 蓝/雷/钟 畲族 clans dominate (plus all of 治平畲族乡)
  givenZipf: 1.0, // exponent of the given-name popularity distribution
  givenPoolCut: 1.0, // share of the name pool in use (hard: smaller pool -> more namesakes)
  twinRate: 0.03, // households whose two school children are twins
  brotherHouseholdRate: 0.12, // 3-generation households with a registered brother household in the village
  splitRate: 0.012, // 分户: a nuclear family copied into a new household while the old one is kept
  movedRate: 0.008, // a child moved to another registered household (stepfamily) between updates
  outOfSchoolRate: 0.065, // compulsory-age registry children not on the roll
  highSchoolEnrolRate: 0.6,
  hardNeg: {
    namesake: 0.05, // per registry child on roll: non-poor pupil with same name + birth date, other township
    namesakeOfAbsent: 0.35, // per out-of-school registry child
    cousin: 0.07, // per 3-generation household: non-poor cousin, same grandparent as guardian
    nearId: 0.025, // non-poor pupil born the same day in the same county, neighbouring sequence number
    villageNamesake: 0.05, // non-poor pupil in the same village with the same name, other birth date
  },
  damageScale: 1,
  damage: {
    id_typo1: 0.01,
    id_typo1_both: 0.006,
    id_swap: 0.006,
    id_swap_both: 0.004,
    id_sci: 0.018,
    id_sci_noxjh: 0.005,
    id_000: 0.014,
    id_000_noxjh: 0.004,
    id_fullwidth: 0.008,
    id_apostrophe: 0.012,
    id_spaces: 0.008,
    id_parent: 0.008,
    id_parent_both: 0.003,
    id_sibling: 0.005,
    id_sibling_noxjh: 0.003,
    id_missing: 0.008,
    id_missing_noxjh: 0.005,
    xjh_damaged: 0.008,
    dob_typo: 0.012,
    dob_lunar: 0.008,
    sex_wrong: 0.004,
    name_ocr: 0.01,
    name_homophone: 0.018,
    name_trad: 0.01,
    name_space_dot: 0.014,
    name_renamed: 0.005,
    name_surname_changed: 0.007,
    reg_id_typo: 0.007,
    reg_id_missing: 0.003,
    reg_name_homophone: 0.01,
    combo: 0.012,
    roll_dup: 0.004,
  },
  nonpoorDamageRate: 0.04, // generic ID damage on non-poor rows
  guardianNoiseRate: 0.06,
  fillDownBlankRate: 0, // registry households exported with 户编号/户主/县乡村 only on the 户主 row
  nonpoorFromRegistryTownships: 0.45,
  excelSerialDobSchools: 0,
  // situations added after a first run
  twinAbsentRate: 0.2, // twin pairs where one twin is out of school and the other's roll row carries the absent twin's ID
  regTwinSameIdRate: 0.1, // twin pairs where the registry shows twin B's ID on twin A's row too
  regValidWrongIdRate: 0.005, // registry child whose registry ID is valid but belongs to a non-poor pupil on the roll
  hnDamageRate: 0.25, // hard-negative rows that also have an unrecoverable/damaged ID
};
const CONFIG = {
  base: BASE,
  hard: {
    ...BASE,
    clanShare: [0.5, 0.75],
    secondClanShare: [0.1, 0.2],
    sheVillageRate: 0.1,
    givenZipf: 1.25,
    givenPoolCut: 0.55,
    twinRate: 0.05,
    brotherHouseholdRate: 0.2,
    splitRate: 0.024,
    movedRate: 0.016,
    hardNeg: { namesake: 0.1, namesakeOfAbsent: 0.6, cousin: 0.14, nearId: 0.05, villageNamesake: 0.1 },
    damageScale: 2,
    nonpoorDamageRate: 0.08,
    guardianNoiseRate: 0.12,
    fillDownBlankRate: 0.2,
    nonpoorFromRegistryTownships: 0.6,
    excelSerialDobSchools: 0.02,
    twinAbsentRate: 0.35,
    regTwinSameIdRate: 0.2,
    regValidWrongIdRate: 0.01,
    hnDamageRate: 0.5,
  },
};
const AS_OF = '20200901';

// ---------------------------------------------------------------------------------------------
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []),
);
const seed = Number(args.seed ?? 20200901);
const variant = args.variant ?? 'base';
const outDir = args.out ?? `/tmp/blind3-${variant}`;
const cfg = CONFIG[variant];
if (!cfg) throw new Error(`unknown variant ${variant}`);
const here = path.dirname(fileURLToPath(import.meta.url));
const divisionsFile = args.divisions ?? path.resolve(here, '../../../shared/data/sanming-divisions-2020.csv');

// ---- seeded PRNG (sfc32) ----
function hashStr(s) {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return h >>> 0;
}
function sfc32(a, b, c, d) {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
const rnd = sfc32(hashStr(`${seed}`), hashStr(variant), 0x9e3779b9, seed | 0);
for (let i = 0; i < 20; i++) rnd();
const ri = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const chance = (p) => rnd() < p;
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
function wpick(items, weights) {
  let t = 0;
  for (const w of weights) t += w;
  let r = rnd() * t;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---- divisions ----
const divRows = fs
  .readFileSync(divisionsFile, 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(','));
const counties = new Map();
const townships = new Map();
const villages = [];
for (const [code, name, level, parent] of divRows) {
  if (level === 'county') counties.set(code, { code, name, towns: [] });
}
for (const [code, name, level, parent] of divRows) {
  if (level === 'township' && counties.has(parent)) {
    const t = { code, name, county: counties.get(parent), villages: [], kind: Number(code.slice(6)) };
    townships.set(code, t);
    t.county.towns.push(t);
  }
}
for (const [code, name, level, parent] of divRows) {
  if (level === 'village' && townships.has(parent)) {
    const v = { code, name, town: townships.get(parent) };
    v.town.villages.push(v);
    villages.push(v);
  }
}
const KEY_COUNTIES = new Set(['350421', '350423', '350424', '350429', '350430']);
const COUNTY_SEAT = {
  350402: '350402001',
  350403: '350403001',
  350421: '350421100',
  350423: '350423100',
  350424: '350424100',
  350425: '350425100',
  350426: '350426100',
  350427: '350427001',
  350428: '350428100',
  350429: '350429100',
  350430: '350430100',
  350481: '350481001',
};
const shortVillage = (v) => v.name.replace(/村民?委员?会$/, '村').replace(/社区居民?委员?会$/, '社区');
const shortTown = (t) => (t.name.length > 2 ? t.name.replace(/(镇|乡|街道|畲族乡)$/, '') : t.name);
const isRuralTown = (t) => t.kind >= 100 && t.kind < 400;
const ruralVillages = villages.filter((v) => isRuralTown(v.town) && /村委会$/.test(v.name));

// ---- names ----
const SURNAMES = [
  ['陈', 12],
  ['林', 9],
  ['黄', 6],
  ['张', 5],
  ['李', 5],
  ['王', 4],
  ['吴', 4],
  ['刘', 4],
  ['罗', 3],
  ['邱', 3],
  ['杨', 3],
  ['郑', 3],
  ['江', 2.5],
  ['廖', 2.5],
  ['赖', 2.5],
  ['曾', 2.5],
  ['谢', 2],
  ['肖', 2],
  ['余', 2],
  ['叶', 2],
  ['范', 1.5],
  ['温', 1.5],
  ['巫', 1.5],
  ['伍', 1.5],
  ['池', 1],
  ['钟', 1.5],
  ['雷', 1],
  ['蓝', 0.8],
  ['魏', 1],
  ['邓', 1],
  ['傅', 1],
  ['官', 0.8],
  ['饶', 0.8],
  ['游', 0.8],
  ['严', 0.8],
  ['朱', 1],
  ['许', 1],
  ['何', 1],
  ['徐', 1],
  ['胡', 1],
  ['周', 1.2],
  ['卢', 1],
  ['孙', 0.6],
  ['郭', 1],
  ['姜', 0.6],
  ['丁', 0.6],
  ['涂', 0.6],
  ['萧', 0.4],
  ['宁', 0.4],
  ['俞', 0.5],
  ['侯', 0.4],
  ['汤', 0.5],
  ['危', 0.4],
  ['聂', 0.5],
  ['童', 0.4],
  ['熊', 0.6],
  ['邹', 0.8],
  ['上官', 0.15],
  ['欧阳', 0.15],
  ['丘', 0.2],
  ['戴', 0.5],
  ['练', 0.4],
];
const SHE_SURNAMES = [
  ['蓝', 5],
  ['雷', 5],
  ['钟', 4],
  ['李', 0.5],
];
const BOY = [
  '梓轩',
  '浩宇',
  '宇轩',
  '子轩',
  '浩然',
  '俊杰',
  '文杰',
  '宇航',
  '博文',
  '明轩',
  '俊豪',
  '子豪',
  '佳豪',
  '嘉豪',
  '家豪',
  '宇杰',
  '鑫',
  '杰',
  '磊',
  '涛',
  '浩',
  '宇',
  '昊天',
  '天佑',
  '思远',
  '晨阳',
  '俊熙',
  '一鸣',
  '锦程',
  '崇文',
  '崇杰',
  '志崇',
  '旭',
  '旭东',
  '子杰',
  '梓豪',
  '睿',
  '泽宇',
  '俊宇',
  '宇辰',
  '逸凡',
  '家乐',
  '鹏',
  '伟',
  '超',
  '斌',
  '毅',
  '晓东',
  '锦涛',
  '天宇',
  '浩轩',
  '子墨',
  '皓轩',
  '雨泽',
  '俊辉',
  '志鹏',
  '建华',
  '明辉',
  '文博',
  '梓睿',
  '瑞',
  '凯',
  '鸿',
  '晨',
  '宇豪',
  '俊逸',
  '诗杰',
  '克己',
  '国强',
  '立杰',
  '天乐',
  '士杰',
  '玉明',
  '千里',
  '晴川',
];
const GIRL = [
  '梓涵',
  '欣怡',
  '诗涵',
  '雨涵',
  '思雨',
  '佳怡',
  '一诺',
  '子涵',
  '雅婷',
  '婷婷',
  '欣妍',
  '紫涵',
  '嘉怡',
  '佳琪',
  '雨欣',
  '思涵',
  '梦琪',
  '诗琪',
  '可欣',
  '语嫣',
  '若曦',
  '雨晴',
  '思晴',
  '玉婷',
  '玉兰',
  '晓娜',
  '娜',
  '婷',
  '颖',
  '丽',
  '芳',
  '静',
  '雯',
  '慧',
  '琳',
  '怡',
  '欣',
  '佳慧',
  '雨萱',
  '梓萱',
  '心怡',
  '晨曦',
  '文静',
  '婉婷',
  '丹',
  '洁',
  '思琪',
  '晓洁',
  '雅琪',
  '欣悦',
  '梦瑶',
  '佳欣',
  '雨彤',
  '诗雨',
  '紫萱',
  '雪',
  '倩',
  '玉洁',
  '秀娟',
  '丽娜',
  '美玲',
  '晓燕',
  '艳',
  '心悦',
  '子怡',
  '芷涵',
  '馨怡',
  '欣然',
  '嘉欣',
  '娜娜',
];
const MAN = [
  '建华',
  '建国',
  '金水',
  '火生',
  '春生',
  '木生',
  '福清',
  '德华',
  '国华',
  '志明',
  '永生',
  '伟',
  '强',
  '勇',
  '军',
  '明',
  '华',
  '斌',
  '文华',
  '小平',
  '林生',
  '金华',
  '荣华',
  '长寿',
  '福生',
  '有财',
  '水生',
  '根生',
  '炳辉',
  '庆华',
  '建平',
  '振华',
  '天福',
  '寿生',
  '志强',
  '辉',
  '荣',
  '亮',
  '文辉',
  '清华',
  '加福',
  '土生',
  '发林',
  '金发',
  '顺发',
  '兴旺',
  '日升',
  '德胜',
  '传福',
  '春华',
  '贵生',
  '新民',
  '华平',
  '国平',
];
const WOMAN = [
  '秀英',
  '美华',
  '桂英',
  '玉兰',
  '秀兰',
  '桂兰',
  '美玲',
  '丽娟',
  '春梅',
  '金花',
  '秀珍',
  '玉英',
  '丽华',
  '小红',
  '芳',
  '燕',
  '红',
  '梅',
  '英',
  '琴',
  '凤',
  '珍',
  '霞',
  '丽',
  '萍',
  '秀琴',
  '月英',
  '冬梅',
  '凤英',
  '菊英',
  '水仙',
  '春兰',
  '丽萍',
  '小燕',
  '玉珍',
  '金莲',
  '月娥',
];
// twin pairs: first char shared, second similar
// twin names: first character shared, second similar; mixed pairs are [girl, boy]
const TWIN_PAIRS = {
  boys: [
    ['梓豪', '梓睿'],
    ['浩宇', '浩然'],
    ['俊杰', '俊豪'],
    ['宇轩', '宇航'],
    ['子轩', '子豪'],
    ['文杰', '文博'],
  ],
  girls: [
    ['梓涵', '梓萱'],
    ['欣怡', '欣悦'],
    ['思雨', '思涵'],
    ['佳怡', '佳慧'],
    ['诗琪', '诗涵'],
    ['嘉怡', '嘉欣'],
  ],
  mixed: [
    ['梓涵', '梓轩'],
    ['子涵', '子轩'],
    ['雨涵', '雨轩'],
    ['欣怡', '欣宇'],
    ['佳怡', '佳豪'],
  ],
};
const GEN_CHARS = ['思', '子', '梓', '宇', '浩', '佳', '俊', '欣', '雨', '嘉', '诗', '文', '晓', '志', '明'];

const OCR = {
  己: ['已', '巳'],
  已: ['己'],
  巳: ['己'],
  日: ['曰'],
  未: ['末'],
  末: ['未'],
  戌: ['戍'],
  戍: ['戌'],
  崇: ['祟'],
  王: ['玉'],
  玉: ['王'],
  士: ['土'],
  土: ['士'],
  千: ['干'],
  天: ['夭'],
  晴: ['睛'],
  侯: ['候'],
  晨: ['晟'],
  洁: ['沽'],
  婷: ['亭'],
  明: ['眀'],
  怡: ['恰'],
  淇: ['琪'],
  锦: ['绵'],
  宇: ['字'],
  字: ['宇'],
  子: ['孑'],
  思: ['恩'],
  恩: ['思'],
  陈: ['陆'],
  李: ['季'],
  吴: ['昊'],
  杨: ['扬'],
  豪: ['毫'],
  浩: ['诰'],
  雅: ['稚'],
  琳: ['淋'],
  慧: ['彗'],
  诗: ['侍'],
};
const HOMO = {
  娜: ['纳'],
  杰: ['洁', '婕'],
  洁: ['杰'],
  婷: ['亭', '庭'],
  欣: ['鑫', '馨', '心'],
  怡: ['仪', '宜'],
  涵: ['晗', '含', '函'],
  轩: ['萱', '宣'],
  萱: ['轩'],
  宇: ['雨', '语', '羽'],
  雨: ['宇', '语'],
  琪: ['淇', '琦', '祺'],
  思: ['斯', '丝'],
  浩: ['皓', '昊'],
  佳: ['嘉', '家'],
  嘉: ['佳', '家'],
  梓: ['子', '紫'],
  子: ['梓', '紫'],
  晨: ['辰', '宸'],
  俊: ['骏', '峻'],
  雯: ['文'],
  玲: ['琳', '凌'],
  琳: ['林', '霖', '玲'],
  慧: ['惠', '蕙'],
  颖: ['莹', '盈'],
  静: ['婧', '晶'],
  丽: ['莉', '俐'],
  芳: ['方'],
  华: ['桦', '骅'],
  明: ['铭', '鸣'],
  锦: ['瑾'],
  涛: ['滔'],
  磊: ['垒'],
  睿: ['瑞'],
  瑞: ['睿'],
  泽: ['则'],
  熙: ['曦', '希'],
  曦: ['熙', '希'],
  雅: ['亚'],
  妍: ['颜', '研'],
  燕: ['艳'],
  艳: ['燕'],
  伟: ['玮', '炜'],
  毅: ['艺', '亿'],
  豪: ['浩', '灏'],
  航: ['杭'],
  博: ['波'],
  斌: ['彬'],
  鹏: ['朋'],
  倩: ['茜'],
  梅: ['玫'],
  兰: ['岚'],
  一: ['依', '伊'],
  凯: ['楷'],
  鸿: ['宏', '洪'],
  彤: ['桐'],
  瑶: ['遥'],
  悦: ['玥', '月'],
  然: ['冉'],
  辉: ['晖'],
  逸: ['奕', '亦'],
  墨: ['默'],
  旭: ['煦'],
  超: ['潮'],
  晓: ['小'],
  心: ['欣', '馨'],
  诗: ['时'],
  肖: ['萧'],
  萧: ['肖'],
  邱: ['丘'],
  丘: ['邱'],
  黄: ['王'],
  林: ['凌'],
};
const TRAD = {
  陈: '陳',
  刘: '劉',
  张: '張',
  黄: '黃',
  杨: '楊',
  郑: '鄭',
  罗: '羅',
  钟: '鍾',
  赖: '賴',
  谢: '謝',
  叶: '葉',
  温: '溫',
  邓: '鄧',
  饶: '饒',
  吴: '吳',
  许: '許',
  卢: '盧',
  邹: '鄒',
  汤: '湯',
  聂: '聶',
  严: '嚴',
  丁: '丁',
  蓝: '藍',
  轩: '軒',
  诗: '詩',
  杰: '傑',
  伟: '偉',
  华: '華',
  丽: '麗',
  国: '國',
  晓: '曉',
  梦: '夢',
  语: '語',
  颖: '穎',
  静: '靜',
  云: '雲',
  龙: '龍',
  凤: '鳳',
  兰: '蘭',
  红: '紅',
  强: '強',
  军: '軍',
  东: '東',
  鸣: '鳴',
  乐: '樂',
  锦: '錦',
  涛: '濤',
  鹏: '鵬',
  诺: '諾',
  泽: '澤',
  阳: '陽',
  远: '遠',
  辉: '輝',
  荣: '榮',
  萱: '萱',
  琪: '琪',
  欣: '欣',
  婷: '婷',
  宁: '寧',
  鸿: '鴻',
  瑶: '瑤',
  悦: '悅',
  洁: '潔',
  娟: '娟',
  艳: '艷',
  岚: '嵐',
  馨: '馨',
  怡: '怡',
  佳: '佳',
  凯: '凱',
  逸: '逸',
};

function zipfPool(list) {
  const n = Math.max(6, Math.round(list.length * cfg.givenPoolCut));
  const items = list.slice(0, n);
  const w = items.map((_, i) => 1 / (i + 1) ** cfg.givenZipf);
  return () => wpick(items, w);
}
// shuffle pools once so popularity order is seeded, not alphabetical-by-author
shuffle(BOY);
shuffle(GIRL);
const boyName = zipfPool(BOY);
const girlName = zipfPool(GIRL);
const childGiven = (sex) => (sex === 1 ? boyName() : girlName());
const adultGiven = (sex) => (sex === 1 ? pick(MAN) : pick(WOMAN));
const generalSurname = () =>
  wpick(
    SURNAMES.map((s) => s[0]),
    SURNAMES.map((s) => s[1]),
  );

// ---- dates and IDs ----
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHK = '10X98765432';
function checkChar(body17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * W[i];
  return CHK[s % 11];
}
const dateFromDays = (days) => {
  const d = new Date(Date.UTC(1970, 0, 1) + days * 86400000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
};
const daysOf = (ymd) =>
  Math.round(Date.UTC(+ymd.slice(0, 4), +ymd.slice(4, 6) - 1, +ymd.slice(6, 8)) / 86400000);
const randDate = (from, to) => dateFromDays(ri(daysOf(from), daysOf(to)));
function ageOn(dob, asOf = AS_OF) {
  let a = +asOf.slice(0, 4) - +dob.slice(0, 4);
  if (asOf.slice(4) < dob.slice(4)) a--;
  return a;
}
const usedBodies = new Set();
function makeId(area, dob, sex, seqWanted) {
  for (let tries = 0; tries < 1000; tries++) {
    let seq = seqWanted ?? ri(0, 99) * 10 + (sex === 1 ? pick([1, 3, 5, 7, 9]) : pick([0, 2, 4, 6, 8]));
    if (seqWanted != null && tries > 0) return null;
    seq = String(seq).padStart(3, '0');
    const body = `${area}${dob}${seq}`;
    if (usedBodies.has(body)) continue;
    usedBodies.add(body);
    return body + checkChar(body);
  }
  throw new Error('id space exhausted');
}
const to15 = (id18) => id18.slice(0, 6) + id18.slice(8, 17);

// ---- people and households ----
let personSeq = 0;
function person(o) {
  personSeq++;
  return { key: personSeq, ...o };
}
function birthArea(homeCounty) {
  // most children carry their home county's code; some were registered where the parents worked
  if (chance(0.9)) return homeCounty;
  return pick([...counties.keys()]);
}
const households = [];
const registryVillages = [];
{
  const nVill = Math.round(cfg.households / cfg.householdsPerVillage);
  const w = ruralVillages.map(
    (v) =>
      (KEY_COUNTIES.has(v.town.county.code) ? cfg.keyCountyWeight : 1) *
      (['350402', '350403'].includes(v.town.county.code) ? 0.4 : 1),
  );
  const chosen = new Set();
  const she = ruralVillages.filter((v) => v.town.name.includes('畲族'));
  for (const v of she) chosen.add(v);
  while (chosen.size < nVill) chosen.add(wpick(ruralVillages, w));
  for (const v of chosen) {
    const isShe = v.town.name.includes('畲族') || chance(cfg.sheVillageRate);
    const pool = isShe ? SHE_SURNAMES : SURNAMES;
    const clan = wpick(
      pool.map((s) => s[0]),
      pool.map((s) => s[1]),
    );
    let clan2 = generalSurname();
    if (clan2 === clan) clan2 = isShe ? pick(['蓝', '雷', '钟'].filter((s) => s !== clan)) : '林';
    v.isShe = isShe;
    v.clan = clan;
    v.clan2 = clan2;
    v.clanShare = cfg.clanShare[0] + rnd() * (cfg.clanShare[1] - cfg.clanShare[0]);
    v.clan2Share = cfg.secondClanShare[0] + rnd() * (cfg.secondClanShare[1] - cfg.secondClanShare[0]);
    v.hhSeq = 0;
    registryVillages.push(v);
  }
}
function villageSurname(v) {
  const r = rnd();
  if (r < v.clanShare) return v.clan;
  if (r < v.clanShare + v.clan2Share) return v.clan2;
  return generalSurname();
}
const ethnicOf = (v, surname) => (v.isShe && ['蓝', '雷', '钟'].includes(surname) ? '畲族' : '汉族');

function newHousehold(v) {
  v.hhSeq++;
  const hid = `${v.code}${String(v.hhSeq).padStart(5, '0')}`;
  const hh = {
    hid,
    village: v,
    members: [],
    attr: wpick(['一般贫困户', '低保贫困户', '特困供养贫困户'], [70, 25, 5]),
    status: wpick(['已脱贫(享受政策)', '未脱贫', '已脱贫(不享受政策)'], [80, 12, 8]),
  };
  households.push(hh);
  return hh;
}
function addMember(hh, p, rel) {
  p.hh = hh;
  p.rel = rel;
  p.pid = `${hh.hid}${String(hh.members.length + 1).padStart(2, '0')}`;
  hh.members.push(p);
  return p;
}
function adult(v, sex, yFrom, yTo, surname) {
  const s = surname ?? villageSurname(v);
  const dob = randDate(`${yFrom}0101`, `${yTo}1231`);
  const county = v.town.county.code;
  let area = county;
  if (sex === 2 && chance(0.05)) area = pick(['362430', '360730', '362426', '350781', '350582']); // married in from 江西 / 南平 / 泉州
  const p = person({ surname: s, given: adultGiven(sex), sex, dob, ethnic: ethnicOf(v, s) });
  p.name = p.surname + p.given;
  p.id = makeId(area, dob, sex);
  p.id15 = dob < '19660101' && chance(0.25); // old 15-digit ID still in the registry
  return p;
}
function child(v, sex, surname, dob, extra = {}) {
  const p = person({
    surname,
    given: extra.given ?? childGiven(sex),
    sex,
    dob,
    ethnic: ethnicOf(v, surname),
    isChild: true,
    ...extra,
  });
  p.name = p.surname + p.given;
  p.id =
    extra.seq != null
      ? makeId(extra.area, dob, sex, extra.seq)
      : makeId(extra.area ?? birthArea(v.town.county.code), dob, sex);
  return p;
}
const childDob = () => randDate('20020901', '20190831');
function makeKids(v, n, surnameFn, opts = {}) {
  const kids = [];
  const gen = chance(0.35) ? pick(GEN_CHARS) : null; // siblings sharing a generation character
  let twins = opts.twins;
  for (let i = 0; i < n; i++) {
    const sex = chance(0.53) ? 1 : 2;
    const s = surnameFn(i);
    if (twins && i === 0 && n >= 2) {
      const dob = randDate('20050101', '20140601');
      const area = birthArea(v.town.county.code);
      // consecutive sequence numbers: same sex -> +2, mixed -> +1
      const sexB = chance(0.6) ? sex : 3 - sex;
      let pair;
      if (sexB === sex) pair = pick(sex === 1 ? TWIN_PAIRS.boys : TWIN_PAIRS.girls);
      else {
        const [girl, boy] = pick(TWIN_PAIRS.mixed);
        pair = sex === 1 ? [boy, girl] : [girl, boy];
      }
      let a = null;
      let b = null;
      for (let t = 0; t < 50 && !(a && b); t++) {
        const base = ri(0, 97);
        const seqA = base * 10 + (sex === 1 ? 1 : 2);
        const seqB = sexB === sex ? seqA + 2 : seqA + 1;
        if (
          usedBodies.has(`${area}${dob}${String(seqA).padStart(3, '0')}`) ||
          usedBodies.has(`${area}${dob}${String(seqB).padStart(3, '0')}`)
        )
          continue;
        a = child(v, sex, s, dob, { given: pair[0], area, seq: seqA });
        b = child(v, sexB, s, dob, { given: pair[1], area, seq: seqB });
      }
      a.twin = b;
      b.twin = a;
      kids.push(a, b);
      i++;
      twins = false;
      continue;
    }
    let given = childGiven(sex);
    if (gen && given.length === 2 && given[1] !== gen) given = gen + given[1];
    kids.push(child(v, sex, s, childDob(), { given }));
  }
  return kids;
}
const REL_CHILD = (p) => (p.sex === 1 ? '子' : '女');
const REL_GRAND = (p) => (p.sex === 1 ? '孙子' : '孙女');
const REL_WGRAND = (p) => (p.sex === 1 ? '外孙子' : '外孙女');
const REL_STEP = (p) => (p.sex === 1 ? '继子' : '继女');

function buildHousehold(v) {
  const hh = newHousehold(v);
  const type = wpick(['nuclear', 'three', 'skip', 'single_mother', 'step', 'elderly'], [34, 24, 8, 6, 4, 24]);
  hh.type = type;
  const nKids = () => wpick([1, 2, 3, 4], [55, 33, 10, 2]);
  const twins = chance(cfg.twinRate / 0.85);
  if (type === 'nuclear') {
    const f = addMember(hh, adult(v, 1, 1970, 1990), '户主');
    const m = addMember(hh, adult(v, 2, 1972, 1992, generalSurname()), '配偶');
    const kids = makeKids(v, nKids(), () => (chance(0.06) ? m.surname : f.surname), { twins });
    for (const k of kids) {
      k.father = f;
      k.mother = m;
      addMember(hh, k, REL_CHILD(k));
    }
    if (chance(0.15)) addMember(hh, adult(v, 2, 1940, 1955, generalSurname()), '母亲');
  } else if (type === 'three') {
    const gf = addMember(hh, adult(v, 1, 1940, 1964), '户主');
    const gm = addMember(hh, adult(v, 2, 1942, 1966, generalSurname()), '配偶');
    const f = addMember(hh, adult(v, 1, 1972, 1991, gf.surname), '子');
    const divorced = chance(0.2);
    const m = divorced
      ? adult(v, 2, 1975, 1993, generalSurname())
      : addMember(hh, adult(v, 2, 1975, 1993, generalSurname()), '儿媳');
    const kids = makeKids(v, nKids(), () => (chance(0.05) ? m.surname : f.surname), { twins });
    for (const k of kids) {
      k.father = f;
      k.mother = m;
      k.grand = gf;
      k.grandM = gm;
      addMember(hh, k, REL_GRAND(k));
    }
    f.migrant = chance(0.55);
    hh.gf = gf;
    hh.father = f;
  } else if (type === 'skip') {
    const gm = addMember(hh, adult(v, chance(0.6) ? 2 : 1, 1938, 1962), '户主');
    if (chance(0.5))
      addMember(
        hh,
        adult(v, 3 - gm.sex, 1936, 1960, gm.sex === 2 ? generalSurname() : generalSurname()),
        '配偶',
      );
    const viaDaughter = chance(0.4); // daughter's children: other surname, 外孙
    const parentSurname = viaDaughter ? generalSurname() : gm.sex === 1 ? gm.surname : villageSurname(v);
    const f = adult(v, 1, 1972, 1991, parentSurname);
    const kids = makeKids(v, nKids(), () => parentSurname, { twins });
    for (const k of kids) {
      k.father = f;
      k.grand = gm;
      addMember(hh, k, viaDaughter ? REL_WGRAND(k) : REL_GRAND(k));
    }
    hh.gf = gm;
  } else if (type === 'single_mother') {
    const m = addMember(hh, adult(v, 2, 1975, 1993), '户主');
    const fs_ = generalSurname();
    const kids = makeKids(v, wpick([1, 2, 3], [50, 40, 10]), () => (chance(0.75) ? fs_ : m.surname), {
      twins,
    });
    for (const k of kids) {
      k.mother = m;
      addMember(hh, k, REL_CHILD(k));
    }
  } else if (type === 'step') {
    const sf = addMember(hh, adult(v, 1, 1968, 1988), '户主');
    const m = addMember(hh, adult(v, 2, 1974, 1992, generalSurname()), '配偶');
    let bio = generalSurname();
    if (bio === sf.surname) bio = '罗';
    const kids = makeKids(v, wpick([1, 2], [60, 40]), () => bio);
    for (const k of kids) {
      k.mother = m;
      k.stepFather = sf;
      addMember(hh, k, REL_STEP(k));
    }
    if (chance(0.5)) {
      const own = makeKids(v, 1, () => sf.surname)[0];
      own.father = sf;
      own.mother = m;
      addMember(hh, own, REL_CHILD(own));
    }
  } else {
    const h = addMember(hh, adult(v, chance(0.5) ? 1 : 2, 1935, 1958), '户主');
    if (chance(0.4)) addMember(hh, adult(v, 3 - h.sex, 1935, 1958, generalSurname()), '配偶');
  }
  return hh;
}

for (let i = 0; i < cfg.households; i++) buildHousehold(pick(registryVillages));

// Brother households: a second son of the same grandfather, with his own registered household in the village;
// his children's guardian on the roll is often the grandfather (the first household's 户主).
for (const hh of households.slice()) {
  if (hh.type !== 'three' || !chance(cfg.brotherHouseholdRate)) continue;
  const v = hh.village;
  const b = newHousehold(v);
  b.type = 'brother';
  const u = addMember(b, adult(v, 1, 1974, 1992, hh.gf.surname), '户主');
  const m = addMember(b, adult(v, 2, 1976, 1994, generalSurname()), '配偶');
  const kids = makeKids(v, wpick([1, 2], [55, 45]), () => u.surname);
  for (const k of kids) {
    k.father = u;
    k.mother = m;
    k.grand = hh.gf;
    k.grandM = hh.members[1];
    addMember(b, k, REL_CHILD(k));
  }
  u.migrant = chance(0.6);
  b.cousinOf = hh;
  hh.cousinHh = b;
}

// 分户: nuclear family copied into a new household while the stale old record is kept → the same children twice.
const splitDup = new Map(); // person key -> duplicate record (other 人编号)
for (const hh of households.slice()) {
  if (hh.type !== 'three' || !chance(cfg.splitRate / 0.28)) continue;
  const kids = hh.members.filter((p) => p.isChild);
  if (!kids.length) continue;
  const nh = newHousehold(hh.village);
  nh.type = 'split';
  const f = hh.members.find((p) => p.rel === '子');
  const fCopy = addMember(nh, { ...f, key: f.key }, '户主');
  void fCopy;
  const mm = hh.members.find((p) => p.rel === '儿媳');
  if (mm) addMember(nh, { ...mm }, '配偶');
  for (const k of kids) {
    const copy = addMember(nh, { ...k, dupOf: k }, REL_CHILD(k));
    splitDup.set(k.key, copy);
  }
  nh.status = hh.status;
}
// Moved: a child moved to another registered household (mother remarried into it) between registry updates.
// The roll still shows the old guardian and the old 户籍所在地.
const movedKids = new Set();
for (const hh of households.slice()) {
  if (!['three', 'skip'].includes(hh.type) || !chance(cfg.movedRate / 0.37)) continue;
  const k = hh.members.find(
    (p) => p.isChild && ageOn(p.dob) >= 6 && ageOn(p.dob) <= 15 && !p.twin && !splitDup.has(p.key),
  );
  if (!k) continue;
  const targets = households.filter(
    (h) => h.type === 'nuclear' && h.village.town.county === hh.village.town.county && h !== hh,
  );
  if (!targets.length) continue;
  const t = pick(targets);
  hh.members.splice(hh.members.indexOf(k), 1);
  k.oldHh = hh;
  k.oldGuardian = hh.gf ?? hh.members[0];
  addMember(t, k, REL_STEP(k));
  k.stepFather = t.members[0];
  movedKids.add(k.key);
}

// ---------------------------------------------------------------------------------------------
// Schools and the roll
// ---------------------------------------------------------------------------------------------
const schools = new Map();
function school(name, town, stage) {
  const k = `${name}`;
  if (!schools.has(k)) {
    const fmt = wpick(['iso', 'slash', 'compact', 'cn', 'dot', 'dash1'], [55, 12, 10, 9, 8, 6]);
    schools.set(k, {
      name,
      town,
      stage,
      dobFmt: chance(cfg.excelSerialDobSchools) ? 'serial' : fmt,
      rows: [],
    });
  }
  return schools.get(k);
}
function schoolFor(town, stage) {
  const c = town.county;
  const seat = townships.get(COUNTY_SEAT[c.code]);
  if (stage === '高中') return school(`${c.name}第${pick(['一', '一', '二'])}中学`, seat, stage);
  if (stage === '初中') {
    if (town.kind >= 200 && town.kind < 400 && chance(0.5))
      return school(`${c.name}第${pick(['二', '三'])}中学`, seat, stage);
    if (town.kind < 100) return school(`三明市${shortTown(town)}中学`, town, stage);
    return school(`${c.name}${shortTown(town)}中学`, town, stage);
  }
  if (town.kind < 100) return school(`三明市${shortTown(town)}小学`, town, stage);
  return school(`${c.name}${shortTown(town)}${town.kind >= 200 ? '' : '中心'}小学`, town, stage);
}
const GRADES = [
  '一年级',
  '二年级',
  '三年级',
  '四年级',
  '五年级',
  '六年级',
  '七年级',
  '八年级',
  '九年级',
  '高一',
  '高二',
  '高三',
];
function gradeFor(dob) {
  let g = ageOn(dob) - 6; // 0 = 一年级
  const r = rnd();
  if (r < 0.1) g -= 1;
  else if (r < 0.13) g += 1;
  return Math.max(0, Math.min(11, g));
}
const stageOf = (g) => (g <= 5 ? '小学' : g <= 8 ? '初中' : '高中');

function fmtDob(ymd, fmt) {
  const y = ymd.slice(0, 4);
  const m = ymd.slice(4, 6);
  const d = ymd.slice(6, 8);
  switch (fmt) {
    case 'slash':
      return `${y}/${+m}/${+d}`;
    case 'compact':
      return ymd;
    case 'cn':
      return `${y}年${+m}月${+d}日`;
    case 'dot':
      return `${y}.${m}.${d}`;
    case 'dash1':
      return `${y}-${+m}-${+d}`;
    case 'serial':
      return String(daysOf(ymd) - daysOf('18991230'));
    default:
      return `${y}-${m}-${d}`;
  }
}
// ---- damage functions ----
function typo1(id) {
  const pos = ri(6, 16);
  let d;
  do d = String(ri(0, 9));
  while (d === id[pos]);
  return id.slice(0, pos) + d + id.slice(pos + 1);
}
function swap2(id) {
  for (let t = 0; t < 30; t++) {
    const p = ri(6, 15);
    if (id[p] !== id[p + 1]) return id.slice(0, p) + id[p + 1] + id[p] + id.slice(p + 2);
  }
  return typo1(id);
}
function excelSci(id) {
  // Excel "General" format of an 18-digit number: 6 significant digits, trailing zeros dropped
  const digits = id.slice(0, 7);
  const m = Math.round(Number(digits) / 10); // 6 significant digits
  let s = String(m);
  let exp = 17;
  if (s.length > 6) {
    s = s.slice(0, 6);
    exp++;
  }
  s = `${s[0]}.${s.slice(1)}`.replace(/0+$/, '').replace(/\.$/, '');
  return `${s}E+${exp}`;
}
function excel000(id) {
  // Excel keeps 15 significant digits: the last three are rounded away
  const n = BigInt(id);
  const r = ((n + 500n) / 1000n) * 1000n;
  return r.toString();
}
const FW = (s) =>
  s.replace(/[0-9X]/g, (c) => (c === 'X' ? 'Ｘ' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
function spaced(id) {
  return pick([
    `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
    ` ${id}`,
    `${id} `,
    `${id}\t`,
    `${id.slice(0, 6)} ${id.slice(6)}`,
  ]);
}
function mapOneChar(name, map, fromIdx = 0) {
  const idx = [];
  for (let i = fromIdx; i < name.length; i++) if (map[name[i]]) idx.push(i);
  if (!idx.length) return null;
  const i = pick(idx);
  const rep = map[name[i]];
  return name.slice(0, i) + (Array.isArray(rep) ? pick(rep) : rep) + name.slice(i + 1);
}
function tradName(name) {
  let out = '';
  let changed = false;
  for (const ch of name) {
    if (TRAD[ch] && TRAD[ch] !== ch) {
      out += TRAD[ch];
      changed = true;
    } else out += ch;
  }
  return changed ? out : null;
}
function spaceDot(name) {
  const s = name.length >= 3 && ['上官', '欧阳'].includes(name.slice(0, 2)) ? 2 : 1;
  return pick([
    `${name.slice(0, s)} ${name.slice(s)}`,
    `${name}.`,
    `${name} `,
    `${name.slice(0, s)}　${name.slice(s)}`,
    `${name}。`,
    ` ${name}`,
  ]);
}
function lunarShift(dob) {
  return dateFromDays(daysOf(dob) - ri(18, 50));
}
function dobTypo(dob) {
  const y = dob.slice(0, 4);
  const m = dob.slice(4, 6);
  const d = dob.slice(6, 8);
  const opts = [];
  if (+d <= 12 && d !== m) opts.push(`${y}${d}${m}`); // month/day swapped
  opts.push(dateFromDays(daysOf(dob) + pick([-1, 1, -10, 10])));
  opts.push(`${+y + pick([-1, 1])}${m}${d}`);
  return pick(opts);
}
let tempSeq = 0;
const tempXjh = (schoolName) =>
  `L${String(2015 + (hashStr(schoolName) % 6))}${String(hashStr(schoolName) % 1000000).padStart(6, '0')}${String(++tempSeq).padStart(5, '0')}`;

// ---------------------------------------------------------------------------------------------
// Registry children: enrolment
// ---------------------------------------------------------------------------------------------
const regPersons = households.flatMap((h) => h.members);
const realKids = regPersons.filter((p) => p.isChild && !p.dupOf);
const compulsory = (p) => {
  const a = ageOn(p.dob);
  return a >= 6 && a <= 15;
};
for (const k of realKids) {
  const a = ageOn(k.dob);
  if (a >= 6 && a <= 15) {
    k.onRoll = !chance(cfg.outOfSchoolRate);
    if (!k.onRoll)
      k.absentReason = wpick(['辍学', '随父母外出就读(省外)', '延缓入学', '重度残疾未入学'], [45, 35, 12, 8]);
    if (a === 6 && k.dob > '20140501' && chance(0.25)) {
      k.onRoll = false;
      k.absentReason = '仍在幼儿园';
    }
  } else if (a >= 16 && a <= 18) k.onRoll = chance(cfg.highSchoolEnrolRate);
  else k.onRoll = false;
}

const rollRows = []; // {cells..., truth}
const xjhUsed = new Set();
function uniqueXjh(x) {
  let v = x;
  while (xjhUsed.has(v)) v = `${x.slice(0, -2)}${String(ri(10, 99))}`;
  xjhUsed.add(v);
  return v;
}
const registryPidsOf = (p) => [p.pid, ...(splitDup.has(p.key) ? [splitDup.get(p.key).pid] : [])];
function relativesOf(p) {
  const rel = new Set();
  const addHh = (h) => {
    for (const m of h.members)
      if (m.isChild && m.key !== p.key) for (const x of registryPidsOf(m.dupOf ?? m)) rel.add(x);
  };
  addHh(p.hh);
  if (p.hh.cousinHh) addHh(p.hh.cousinHh);
  if (p.hh.cousinOf) addHh(p.hh.cousinOf);
  if (p.oldHh) addHh(p.oldHh);
  for (const x of registryPidsOf(p)) rel.delete(x);
  return [...rel];
}
function hukou(v, level = null) {
  const c = v.town.county;
  const lv = level ?? wpick(['full', 'county', 'town', 'empty', 'new'], [55, 20, 15, 5, 5]);
  const cname = c.name;
  const newName =
    c.code === '350402' || c.code === '350403' ? '三元区' : c.code === '350427' ? '沙县区' : cname;
  switch (lv) {
    case 'full':
      return `福建省三明市${cname}${v.town.name}${shortVillage(v)}`;
    case 'county':
      return `${cname}${v.town.name}${shortVillage(v)}`;
    case 'town':
      return `福建省三明市${cname}${v.town.name}`;
    case 'new':
      return `福建省三明市${newName}${v.town.name}${shortVillage(v)}`;
    default:
      return '';
  }
}
function guardianOf(k) {
  if (k.oldGuardian) return { p: k.oldGuardian, rel: '祖父母' };
  const opts = [];
  if (k.father && !k.father.migrant) opts.push([{ p: k.father, rel: '父亲' }, 5]);
  if (k.mother) opts.push([{ p: k.mother, rel: '母亲' }, 3]);
  if (k.grand) opts.push([{ p: k.grand, rel: '祖父母' }, k.father?.migrant ? 8 : 2]);
  if (k.grandM) opts.push([{ p: k.grandM, rel: '祖父母' }, k.father?.migrant ? 3 : 1]);
  if (k.stepFather) opts.push([{ p: k.stepFather, rel: '继父' }, 2]);
  if (k.father && k.father.migrant) opts.push([{ p: k.father, rel: '父亲' }, 2]);
  if (!opts.length || chance(0.04)) {
    // an uncle who is not in the registry
    const u = person({
      surname: k.father?.surname ?? k.surname,
      given: adultGiven(1),
      sex: 1,
      dob: randDate('19700101', '19901231'),
    });
    u.name = u.surname + u.given;
    u.id = makeId(k.hh.village.town.county.code, u.dob, 1);
    return { p: u, rel: '其他亲属' };
  }
  return wpick(
    opts.map((o) => o[0]),
    opts.map((o) => o[1]),
  );
}
function noisyGuardianId(id) {
  if (!chance(cfg.guardianNoiseRate)) return id;
  const t = pick(['sci', 'blank', 'typo', 'apos', 'fw']);
  if (t === 'sci' && !id.endsWith('X')) return excelSci(id);
  if (t === 'blank') return '';
  if (t === 'typo') return typo1(id);
  if (t === 'fw') return FW(id);
  return `'${id}`;
}
function nameNoise(n) {
  return n;
}

function baseRow(k, sch, opts = {}) {
  const g = opts.grade ?? gradeFor(k.dob);
  const gd = opts.guardian ?? guardianOf(k);
  const v = opts.hukouVillage ?? k.hh?.village ?? k.village;
  return {
    学籍号: `G${k.id}`,
    姓名: k.name,
    性别: k.sex === 1 ? '男' : '女',
    出生日期: fmtDob(k.dob, sch.dobFmt),
    身份证件类型: '居民身份证',
    身份证件号: k.id,
    民族: k.ethnic ?? '汉族',
    学校名称: sch.name,
    学段: stageOf(g),
    年级: GRADES[g],
    班级: `(${ri(1, 4)})班`,
    户籍所在地: hukou(v),
    监护人姓名: gd.p.name,
    监护人关系: gd.rel,
    监护人身份证件号: noisyGuardianId(gd.p.id),
    是否寄宿: chance(0.3) ? '是' : '否',
    是否留守儿童: gd.rel === '祖父母' || gd.rel === '其他亲属' ? '是' : '否',
    是否残疾: chance(0.01) ? '是' : '否',
  };
}

const DAMAGE = Object.entries(cfg.damage).map(([k, v]) => [k, v * cfg.damageScale]);
const damageTotal = DAMAGE.reduce((s, d) => s + d[1], 0);
function drawLabel() {
  const r = rnd();
  if (r >= damageTotal) return 'clean';
  let acc = 0;
  for (const [k, v] of DAMAGE) {
    acc += v;
    if (r < acc) return k;
  }
  return 'clean';
}
const siblingsWithId = (k) =>
  k.hh.members.filter((m) => m.isChild && m.key !== k.key && m.id && m.id !== k.id);
const parentOf = (k) => k.father ?? k.mother ?? k.grand ?? null;

// apply a label to a row; returns false if the label does not apply to this child
function applyDamage(label, row, k, sch, regSide) {
  const id = k.id;
  const xjhG = `G${id}`;
  const isX = id.endsWith('X');
  switch (label) {
    case 'clean':
      return true;
    case 'id_typo1':
      row.身份证件号 = typo1(id);
      return true;
    case 'id_typo1_both':
      row.身份证件号 = typo1(id);
      row.学籍号 = `G${row.身份证件号}`;
      return true;
    case 'id_swap':
      row.身份证件号 = swap2(id);
      return true;
    case 'id_swap_both':
      row.身份证件号 = swap2(id);
      row.学籍号 = `G${row.身份证件号}`;
      return true;
    case 'id_sci':
      if (isX) return false;
      row.身份证件号 = excelSci(id);
      return true;
    case 'id_sci_noxjh':
      if (isX) return false;
      row.身份证件号 = excelSci(id);
      row.学籍号 = tempXjh(sch.name);
      return true;
    case 'id_000':
      if (isX) return false;
      row.身份证件号 = excel000(id);
      return true;
    case 'id_000_noxjh':
      if (isX) return false;
      row.身份证件号 = excel000(id);
      row.学籍号 = tempXjh(sch.name);
      return true;
    case 'id_lowerx':
      if (!isX) return false;
      row.身份证件号 = id.replace('X', 'x');
      if (chance(0.5)) row.学籍号 = xjhG.replace('X', 'x');
      return true;
    case 'id_fullwidth':
      row.身份证件号 = FW(id);
      return true;
    case 'id_apostrophe':
      row.身份证件号 = `'${id}`;
      return true;
    case 'id_spaces':
      row.身份证件号 = spaced(id);
      return true;
    case 'id_parent': {
      const p = parentOf(k);
      if (!p) return false;
      row.身份证件号 = p.id;
      if (chance(0.5)) {
        row.监护人姓名 = p.name;
        row.监护人身份证件号 = p.id;
      }
      return true;
    }
    case 'id_parent_both': {
      const p = parentOf(k);
      if (!p) return false;
      row.身份证件号 = p.id;
      row.学籍号 = `G${p.id}`;
      return true;
    }
    case 'id_sibling':
    case 'id_sibling_noxjh': {
      const sibs = siblingsWithId(k);
      if (!sibs.length) return false;
      const s = k.twin && sibs.includes(k.twin) ? k.twin : pick(sibs);
      row.身份证件号 = s.id;
      if (label === 'id_sibling_noxjh') row.学籍号 = tempXjh(sch.name);
      return true;
    }
    case 'id_missing':
      row.身份证件号 = '';
      row.身份证件类型 = '';
      return true;
    case 'id_missing_noxjh':
      row.身份证件号 = '';
      row.身份证件类型 = '';
      row.学籍号 = tempXjh(sch.name);
      return true;
    case 'xjh_damaged':
      row.学籍号 = chance(0.5) ? tempXjh(sch.name) : `G${typo1(id)}`;
      return true;
    case 'dob_typo': {
      const d = dobTypo(k.dob);
      if (!/^\d{8}$/.test(d) || Number.isNaN(daysOf(d))) return false;
      row.出生日期 = fmtDob(d, sch.dobFmt);
      return true;
    }
    case 'dob_lunar':
      row.出生日期 = fmtDob(lunarShift(k.dob), sch.dobFmt);
      return true;
    case 'sex_wrong':
      row.性别 = k.sex === 1 ? '女' : '男';
      return true;
    case 'name_ocr': {
      const n = mapOneChar(k.name, OCR);
      if (!n) return false;
      row.姓名 = n;
      return true;
    }
    case 'name_homophone': {
      const n = mapOneChar(k.name, HOMO, k.surname.length);
      if (!n) return false;
      row.姓名 = n;
      return true;
    }
    case 'name_trad': {
      const n = tradName(k.name);
      if (!n) return false;
      row.姓名 = n;
      return true;
    }
    case 'name_space_dot':
      row.姓名 = spaceDot(k.name);
      return true;
    case 'name_renamed': {
      let g;
      do g = childGiven(k.sex);
      while (g === k.given);
      row.姓名 = k.surname + g;
      return true;
    }
    case 'name_surname_changed': {
      let s = k.stepFather?.surname ?? (k.mother && k.mother.surname !== k.surname ? k.mother.surname : null);
      if (!s) s = generalSurname();
      if (s === k.surname) return false;
      row.姓名 = s + k.given;
      return true;
    }
    case 'reg_id_typo':
      regSide.id = typo1(id);
      return true;
    case 'reg_id_missing':
      regSide.id = '';
      return true;
    case 'reg_name_homophone': {
      const n = mapOneChar(k.name, HOMO, k.surname.length);
      if (!n) return false;
      regSide.name = n;
      return true;
    }
    default:
      return false;
  }
}
const COMBO_NAME = ['name_homophone', 'name_ocr', 'name_trad', 'name_space_dot'];
const COMBO_ID = [
  'id_sci',
  'id_000',
  'id_typo1_both',
  'id_sci_noxjh',
  'id_missing_noxjh',
  'id_parent',
  'dob_lunar',
  'id_sibling',
];

const truthRoll = {};
const regOverride = new Map(); // person key -> {id?, name?}
function pushRoll(row, sch, truth) {
  row.学籍号 = uniqueXjh(row.学籍号);
  sch.rows.push(row);
  truthRoll[row.学籍号] = truth;
}

// twin situations: one twin out of school while the other's row carries the absent twin's ID;
// or the registry shows twin B's ID on twin A's row as well.
const twinSpecial = new Map();
for (const k of realKids) {
  const b = k.twin;
  if (!b || k.key > b.key || b.dupOf || k.dupOf) continue;
  if (!compulsory(k) || !compulsory(b) || movedKids.has(k.key) || splitDup.has(k.key)) continue;
  if (chance(cfg.twinAbsentRate)) {
    const [present, absent] = chance(0.5) ? [k, b] : [b, k];
    present.onRoll = true;
    absent.onRoll = false;
    absent.absentReason = wpick(['重度残疾未入学', '辍学', '随父母外出就读(省外)'], [50, 25, 25]);
    twinSpecial.set(present.key, 'id_twin_absent');
  } else if (k.onRoll && b.onRoll && chance(cfg.regTwinSameIdRate)) {
    twinSpecial.set(k.key, 'reg_twin_same_id');
    twinSpecial.set(b.key, 'reg_twin_same_id_other');
    regOverride.set(k.key, { id: b.id });
  }
}
for (const k of realKids) {
  if (!k.onRoll) continue;
  const g = gradeFor(k.dob);
  const town = chance(0.85)
    ? k.hh.village.town
    : chance(0.7)
      ? townships.get(COUNTY_SEAT[k.hh.village.town.county.code])
      : pick([...townships.values()]);
  const sch = schoolFor(town, stageOf(g));
  const row = baseRow(k, sch, { grade: g, hukouVillage: k.oldHh?.village });
  const regSide = {};
  let label = movedKids.has(k.key)
    ? 'reg_moved'
    : splitDup.has(k.key)
      ? 'reg_dup_split'
      : (twinSpecial.get(k.key) ?? null);
  if (label === 'id_twin_absent') {
    row.身份证件号 = k.twin.id;
    if (chance(0.5)) row.学籍号 = `G${k.twin.id}`;
  }
  if (!label && k.id.endsWith('X') && chance(0.15 * cfg.damageScale)) {
    const r2 = { ...row };
    applyDamage('id_lowerx', r2, k, sch, regSide);
    Object.assign(row, r2);
    label = 'id_lowerx';
  }
  if (!label) {
    for (let t = 0; t < 6; t++) {
      const l = drawLabel();
      if (l === 'combo') {
        const a = pick(COMBO_NAME);
        const b = pick(COMBO_ID);
        const r2 = { ...row };
        if (applyDamage(a, r2, k, sch, regSide) && applyDamage(b, r2, k, sch, regSide)) {
          Object.assign(row, r2);
          label = `combo:${a}+${b}`;
          break;
        }
        continue;
      }
      if (l === 'roll_dup') {
        label = 'roll_dup';
        break;
      }
      const r2 = { ...row };
      const rs = {};
      if (applyDamage(l, r2, k, sch, rs)) {
        Object.assign(row, r2);
        Object.assign(regSide, rs);
        label = l;
        break;
      }
    }
    label ??= 'clean';
  }
  if (Object.keys(regSide).length) regOverride.set(k.key, regSide);
  const truth = {
    truth: k.pid,
    accept: registryPidsOf(k),
    label,
    kind: 'registry',
    relatives: relativesOf(k),
  };
  pushRoll(row, sch, truth);
  k.xjh = [row.学籍号];
  if (label === 'roll_dup') {
    // 一人多籍: the pupil transferred and the old school still lists them (temporary 学籍号 there)
    const sch2 = schoolFor(
      pick([...townships.values()].filter((t) => t.county === k.hh.village.town.county)),
      stageOf(g),
    );
    const row2 = baseRow(k, sch2, { grade: g });
    row2.学籍号 = tempXjh(sch2.name);
    pushRoll(row2, sch2, { ...truth, label: 'roll_dup_second' });
    k.xjh.push(row2.学籍号);
  }
}

// ---------------------------------------------------------------------------------------------
// Non-poor pupils, including hard negatives
// ---------------------------------------------------------------------------------------------
const allTowns = [...townships.values()].filter((t) => t.villages.length && t.kind < 400);
const regTowns = [...new Set(registryVillages.map((v) => v.town))];
function nonpoorKid(v, overrides = {}) {
  const sex = overrides.sex ?? (chance(0.52) ? 1 : 2);
  const dob = overrides.dob ?? randDate('20030901', '20140831');
  const surname = overrides.surname ?? (v.clan ? villageSurname(v) : generalSurname());
  const given = overrides.given ?? childGiven(sex);
  const area = overrides.area ?? birthArea(v.town.county.code);
  const k = person({
    surname,
    given,
    sex,
    dob,
    name: surname + given,
    village: v,
    ethnic: v.isShe && ['蓝', '雷', '钟'].includes(surname) ? '畲族' : '汉族',
  });
  k.id = overrides.seq != null ? makeId(area, dob, sex, overrides.seq) : makeId(area, dob, sex);
  if (!k.id) return null;
  const f = person({ surname, given: adultGiven(1), sex: 1, dob: randDate('19700101', '19921231') });
  f.name = f.surname + f.given;
  f.id = makeId(v.town.county.code, f.dob, 1);
  k.father = f;
  return k;
}
function nonpoorRow(k, truthExtra, opts = {}) {
  const g = gradeFor(k.dob);
  const town = opts.town ?? k.village.town;
  const sch = schoolFor(town, stageOf(g));
  const gd = opts.guardian ?? { p: k.father, rel: '父亲' };
  const row = baseRow(k, sch, { grade: g, guardian: gd, hukouVillage: k.village });
  let label = truthExtra.kind;
  if (truthExtra.kind === 'nonpoor' && chance(cfg.nonpoorDamageRate)) {
    const l = pick([
      'id_sci',
      'id_000',
      'id_typo1',
      'id_typo1_both',
      'id_missing',
      'id_fullwidth',
      'name_homophone',
      'name_space_dot',
      'id_missing_noxjh',
    ]);
    const r2 = { ...row };
    if (applyDamage(l, r2, k, sch, {})) {
      Object.assign(row, r2);
      label = `nonpoor_dmg:${l}`;
    }
  }
  if (truthExtra.kind.startsWith('hn_') && truthExtra.kind !== 'hn_owns_reg_id' && chance(cfg.hnDamageRate)) {
    const l = pick(['id_sci_noxjh', 'id_000_noxjh', 'id_missing_noxjh', 'id_sci', 'id_typo1_both']);
    const r2 = { ...row };
    if (applyDamage(l, r2, k, sch, {})) {
      Object.assign(row, r2);
      label = `${truthExtra.kind}+${l}`;
    }
  }
  pushRoll(row, sch, {
    truth: null,
    accept: [],
    label,
    kind: truthExtra.kind,
    relatives: truthExtra.relatives ?? [],
    note: truthExtra.note,
  });
  return row;
}
const villageOfTown = (t) => pick(t.villages);
function otherTown(t) {
  let o;
  do o = pick(allTowns);
  while (o === t);
  return o;
}

// hard negatives
const onRollKids = realKids.filter((k) => k.onRoll);
for (const k of onRollKids) {
  if (chance(cfg.hardNeg.namesake)) {
    const t = otherTown(k.hh.village.town);
    const n = nonpoorKid(villageOfTown(t), {
      sex: k.sex,
      dob: k.dob,
      surname: k.surname,
      given: k.given,
      area: chance(0.5) ? k.id.slice(0, 6) : t.county.code,
    });
    nonpoorRow(n, {
      kind: 'hn_namesake',
      relatives: registryPidsOf(k),
      note: `同名同生日: ${k.name} ${k.pid}`,
    });
  }
  if (chance(cfg.hardNeg.nearId)) {
    const seqN = Number(k.id.slice(14, 17));
    const seq = seqN + (seqN >= 990 ? -2 : 2);
    const homoName = mapOneChar(k.given, HOMO);
    const n = nonpoorKid(villageOfTown(k.hh.village.town), {
      sex: k.sex,
      dob: k.dob,
      surname: k.surname,
      given: chance(0.5) && homoName ? homoName : undefined,
      area: k.id.slice(0, 6),
      seq,
    });
    if (n)
      nonpoorRow(n, {
        kind: 'hn_near_id',
        relatives: registryPidsOf(k),
        note: `同县同日出生、顺序码相邻: ${k.name} ${k.id}`,
      });
  }
  if (chance(cfg.hardNeg.villageNamesake)) {
    let dob;
    do dob = randDate('20040901', '20140831');
    while (dob === k.dob);
    const n = nonpoorKid(k.hh.village, { sex: k.sex, dob, surname: k.surname, given: k.given });
    nonpoorRow(n, {
      kind: 'hn_village_namesake',
      relatives: registryPidsOf(k),
      note: `同村同名: ${k.name} ${k.pid}`,
    });
  }
}
for (const k of realKids.filter((x) => !x.onRoll && compulsory(x))) {
  if (chance(cfg.hardNeg.namesakeOfAbsent)) {
    const t = otherTown(k.hh.village.town);
    const n = nonpoorKid(villageOfTown(t), {
      sex: k.sex,
      dob: k.dob,
      surname: k.surname,
      given: k.given,
      area: chance(0.5) ? k.id.slice(0, 6) : t.county.code,
    });
    nonpoorRow(n, {
      kind: 'hn_namesake_absent',
      relatives: registryPidsOf(k),
      note: `与失学儿童同名同生日: ${k.name} ${k.pid}`,
    });
  }
}
for (const hh of households) {
  if (!['three', 'skip'].includes(hh.type) || !chance(cfg.hardNeg.cousin)) continue;
  const regKid = hh.members.find((m) => m.isChild);
  if (!regKid) continue;
  // an uncle's child: not registered; lives with the same grandparent, same surname, close in age
  const dob = dateFromDays(daysOf(regKid.dob) + ri(-500, 500));
  if (ageOn(dob) < 6 || ageOn(dob) > 17) continue;
  let given = childGiven(regKid.sex);
  if (regKid.given.length === 2 && chance(0.6)) given = regKid.given[0] + childGiven(regKid.sex).slice(-1);
  if (given === regKid.given) given = regKid.given[0] + (regKid.sex === 1 ? '阳' : '琳');
  const n = nonpoorKid(hh.village, { sex: regKid.sex, dob, surname: regKid.surname, given });
  const gp = hh.gf ?? hh.members[0];
  nonpoorRow(
    n,
    {
      kind: 'hn_cousin',
      relatives: hh.members.filter((m) => m.isChild).map((m) => m.pid),
      note: `堂兄弟姐妹，监护人为同一祖父母 ${gp.name}`,
    },
    { guardian: { p: gp, rel: '祖父母' }, town: chance(0.8) ? hh.village.town : undefined },
  );
}
// registry child whose registry ID is valid but wrong: it is the ID of a non-poor pupil on the roll
// (a digit of the sequence number mistyped and the check character "corrected" until the system accepted it)
for (const k of realKids) {
  if (!compulsory(k) || movedKids.has(k.key) || splitDup.has(k.key) || regOverride.has(k.key) || k.twin)
    continue;
  const lbl = k.xjh ? truthRoll[k.xjh[0]]?.label : 'absent';
  if (lbl !== 'clean' && lbl !== 'absent') continue;
  if (!chance(cfg.regValidWrongIdRate * (lbl === 'absent' ? 6 : 1))) continue;
  const seqN = Number(k.id.slice(14, 17));
  let n = null;
  for (const d of [10, -10, 20, -20, 100, -100]) {
    const s2 = seqN + d;
    if (s2 < 0 || s2 > 999) continue;
    n = nonpoorKid(villageOfTown(otherTown(k.hh.village.town)), {
      sex: k.sex,
      dob: k.dob,
      area: k.id.slice(0, 6),
      seq: s2,
    });
    if (n) break;
  }
  if (!n) continue;
  regOverride.set(k.key, { id: n.id });
  if (k.xjh) truthRoll[k.xjh[0]].label = 'reg_id_valid_wrong';
  else k.regValidWrong = true;
  nonpoorRow(n, {
    kind: 'hn_owns_reg_id',
    relatives: registryPidsOf(k),
    note: `其身份证号被误录为建档立卡 ${k.name}(${k.pid}) 的证件号码`,
  });
}
// ordinary non-poor pupils fill the roll
{
  const target =
    cfg.rollSize - rollRows.length - [...schools.values()].reduce((s, x) => s + x.rows.length, 0);
  const urbanTowns = allTowns.filter((t) => t.kind < 100);
  for (let i = 0; i < target; i++) {
    let t;
    const r = rnd();
    if (r < cfg.nonpoorFromRegistryTownships) t = pick(regTowns);
    else if (r < cfg.nonpoorFromRegistryTownships + 0.2) t = pick(urbanTowns);
    else t = pick(allTowns);
    const regV = registryVillages.filter((v) => v.town === t);
    const v = regV.length && chance(0.6) ? pick(regV) : villageOfTown(t);
    const n = nonpoorKid(v);
    const a = ageOn(n.dob);
    if (a < 6) {
      i--;
      continue;
    }
    nonpoorRow(n, { kind: 'nonpoor' });
  }
}

// ---------------------------------------------------------------------------------------------
// Write files
// ---------------------------------------------------------------------------------------------
fs.mkdirSync(outDir, { recursive: true });
const csvCell = (v) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (cells) => cells.map(csvCell).join(',');

// registry
const REG_HEAD = [
  '户编号',
  '人编号',
  '姓名',
  '证件号码',
  '性别',
  '民族',
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
const regLines = [csvLine(REG_HEAD)];
const shownId = (p) => (p.id15 ? to15(p.id) : p.id);
function schoolStatus(p) {
  if (!p.isChild) return '';
  const a = ageOn(p.dob);
  const base = p.dupOf ?? p;
  if (a < 6) return a >= 3 ? '学前教育' : '学龄前儿童';
  if (a > 18) return '';
  if (base.onRoll) {
    if (chance(0.1)) return '';
    return a <= 11 ? '小学' : a <= 14 ? '初中' : a <= 15 ? '初中' : '普通高中';
  }
  // the registry's own status is often stale
  return chance(0.5)
    ? a <= 11
      ? '小学'
      : '初中'
    : wpick(['失学或辍学', '非在校生', '送教上门', ''], [40, 40, 5, 15]);
}
for (const hh of households) {
  const head = hh.members[0];
  const v = hh.village;
  const blank = chance(cfg.fillDownBlankRate);
  hh.members.forEach((p, i) => {
    const base = p.dupOf ?? p;
    const ov = regOverride.get(base.key) ?? {};
    const idShown = ov.id !== undefined ? ov.id : shownId(p);
    const nm = ov.name ?? p.name;
    const countyName = v.town.county.name;
    const first = i === 0 || !blank;
    regLines.push(
      csvLine([
        first ? hh.hid : '',
        p.pid,
        nm,
        idShown,
        p.sex === 1 ? '男' : '女',
        p.ethnic ?? '汉族',
        p.rel,
        first ? head.name : '',
        first ? shownId(head) : '',
        first ? countyName : '',
        first ? v.town.name : '',
        first ? shortVillage(v) : '',
        first ? hh.attr : '',
        hh.status,
        schoolStatus(p),
      ]),
    );
  });
}
fs.writeFileSync(path.join(outDir, 'registry.csv'), `\ufeff${regLines.join('\r\n')}\r\n`);

// roll: school by school, pupils shuffled within a school
const ROLL_HEAD = [
  '学籍号',
  '姓名',
  '性别',
  '出生日期',
  '身份证件类型',
  '身份证件号',
  '民族',
  '学校名称',
  '学段',
  '年级',
  '班级',
  '户籍所在地',
  '监护人姓名',
  '监护人关系',
  '监护人身份证件号',
  '是否寄宿',
  '是否留守儿童',
  '是否残疾',
];
const rollLines = [csvLine(ROLL_HEAD)];
let nRoll = 0;
for (const sch of shuffle([...schools.values()])) {
  for (const r of shuffle(sch.rows)) {
    rollLines.push(csvLine(ROLL_HEAD.map((h) => r[h])));
    nRoll++;
  }
}
fs.writeFileSync(path.join(outDir, 'students.csv'), `\ufeff${rollLines.join('\r\n')}\r\n`);

// truth
const truthReg = {};
for (const k of realKids) {
  if (!compulsory(k)) continue;
  const rec = {
    name: k.name,
    id: k.id,
    dob: k.dob,
    age: ageOn(k.dob),
    onRoll: !!k.onRoll,
    xjh: k.xjh ?? [],
    pids: registryPidsOf(k),
    absentReason: k.absentReason ?? null,
    hh: k.hh.hid,
    regIdShown: regOverride.get(k.key)?.id ?? k.id,
    situation: k.regValidWrong
      ? 'reg_id_valid_wrong(absent)'
      : k.twin && !k.onRoll && k.twin.onRoll
        ? 'twin_absent'
        : null,
  };
  truthReg[k.pid] = rec;
}
const stats = {
  households: households.length,
  registryRows: regLines.length - 1,
  rollRows: nRoll,
  registryChildrenOnRoll: Object.values(truthRoll).filter((t) => t.truth).length,
  compulsoryRegistryChildren: Object.keys(truthReg).length,
  outOfSchool: Object.values(truthReg).filter((t) => !t.onRoll).length,
};
fs.writeFileSync(
  path.join(outDir, 'truth.json'),
  JSON.stringify(
    {
      meta: { seed, variant, asOf: '2020-09-01', config: cfg, stats },
      roll: truthRoll,
      registryChildren: truthReg,
    },
    null,
    1,
  ),
);
console.log(`blind3 ${variant} seed=${seed} -> ${outDir}`, JSON.stringify(stats));
