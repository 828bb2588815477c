// Blind test-data generator for `jiaofu match`, written from POLICY.md only.
// Usage: npx tsx bench/independent/gen.mjs --out DIR [--seed N] [--variant base|heavy] [--households 8000] [--nonpoor 30000]
//        [--xlsx] [--no-guardian] [--names2023]
// Writes DIR/registry.csv, DIR/roll.csv, DIR/truth_roll.csv, DIR/truth_registry.csv, DIR/expected_unenrolled.csv
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (k, d) => {
  const i = argv.indexOf(`--${k}`);
  if (i < 0) return d;
  const v = argv[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
};
const OUT = opt('out', 'out');
const SEED = Number(opt('seed', 20200901));
const VARIANT = opt('variant', 'base');
const N_HH = Number(opt('households', 8000));
const N_NONPOOR = Number(opt('nonpoor', 30000));
const AS_OF = '2020-09-01';
fs.mkdirSync(OUT, { recursive: true });

// ---------------- PRNG ----------------
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
const rnd = sfc32(0x9e3779b9, SEED, SEED ^ 0xdeadbeef, 0x12345678);
for (let i = 0; i < 50; i++) rnd();
const ri = (a, b) => a + Math.floor(rnd() * (b - a + 1)); // inclusive
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const chance = (p) => rnd() < p;
function wpick(items) {
  // [[value, weight], ...]
  let tot = 0;
  for (const [, w] of items) tot += w;
  let x = rnd() * tot;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1][0];
}
const shuffle = (a) => {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

// ---------------- damage rates ----------------
const H = VARIANT === 'heavy' ? 3 : 1;
const R = {
  // roll, per student row
  sci: 0.03 * H,
  zero3: 0.02 * H,
  fullwidth: 0.02 * H,
  spaces: 0.03 * H,
  apostrophe: 0.03 * H,
  lowerx: 0.4,
  wrong_digit: 0.015 * H,
  swap_digits: 0.01 * H,
  guardian_id: 0.007 * H,
  missing_id: 0.02 * H,
  temp_xjh: 0.006 * H,
  sibling_id: 0.15 * H /* of registry kids that have an enrolled-age sibling, scaled below */,
  xjh_in_id: 0.003 * H,
  id15_child: VARIANT === 'heavy' ? 0.004 : 0,
  homophone: 0.02 * H,
  traditional: 0.015 * H,
  name_spaces: 0.02 * H,
  renamed: 0.01 * H,
  surname_changed: 0.002 * H,
  dialect: 0.003 * H,
  dob_typo: 0.005 * H,
  dob_daymonth: 0.002 * H,
  sex_wrong: 0.003 * H,
  sex_code: 0.02,
  mirror_typo_in_xjh: 0.5,
  g_missing: 0.05 * H,
  g_id15: 0.12,
  g_fmt: 0.05 * H,
  g_name_homophone: 0.01 * H,
  hukou_blank: 0.03,
};
const G = {
  // registry, per person row
  sci: 0.01 * H,
  zero3: 0.007 * H,
  fullwidth: 0.005 * H,
  spaces: 0.01 * H,
  apostrophe: 0.01 * H,
  lowerx: 0.3,
  wrong_digit: 0.005 * H,
  swap_digits: 0.003 * H,
  missing_id: 0.007 * H,
  id15_adult: 0.15,
  homophone: 0.01 * H,
  traditional: 0.005 * H,
  name_spaces: 0.01 * H,
  guardian_id: 0.002 * H,
};

// ---------------- reference data ----------------
const DIV_FILE = '/work/shared/data/sanming-divisions-2020.csv';
const divs = fs
  .readFileSync(DIV_FILE, 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => {
    const [code, name, level, parent] = l.split(',');
    return { code, name, level, parent };
  });
const counties = divs.filter((d) => d.level === 'county');
const townsOf = {};
const villagesOf = {};
for (const d of divs) {
  if (d.level === 'township') {
    townsOf[d.parent] ??= [];
    townsOf[d.parent].push(d);
  }
  if (d.level === 'village') {
    villagesOf[d.parent] ??= [];
    villagesOf[d.parent].push(d);
  }
}
const NAMES_2023 = { 350402: '三元区', 350403: '三元区', 350427: '沙县区' };
const countyName = (c) =>
  (opt('names2023', false) && NAMES_2023[c]) || counties.find((x) => x.code === c).name;
const shortVillage = (n) =>
  n
    .replace(/村民委员会$|村委会$/, '村')
    .replace(/社区居民委员会$|社区居委会$/, '社区')
    .replace(/居民委员会$|居委会$/, '社区');
// poverty weight per county (rural counties heavier); population weight for non-poor
const POOR_W = {
  350402: 1,
  350403: 1.5,
  350421: 6,
  350423: 7,
  350424: 14,
  350425: 11,
  350426: 13,
  350427: 4,
  350428: 6,
  350429: 5,
  350430: 7,
  350481: 5,
};
const POP_W = {
  350402: 9,
  350403: 9,
  350421: 4,
  350423: 5,
  350424: 12,
  350425: 11,
  350426: 13,
  350427: 9,
  350428: 5,
  350429: 4,
  350430: 5,
  350481: 12,
};
const OUTSIDE_AREAS = [
  '350102',
  '350203',
  '350503',
  '350583',
  '350821',
  '360730',
  '360731',
  '362132',
  '440306',
  '330102',
  '350627',
];

// Fujian-heavy surname distribution (my own rough weights)
const SURNAMES = [
  ['陈', 110],
  ['林', 90],
  ['黄', 60],
  ['张', 45],
  ['李', 40],
  ['王', 30],
  ['吴', 30],
  ['刘', 28],
  ['蔡', 18],
  ['杨', 20],
  ['郑', 20],
  ['罗', 18],
  ['赖', 15],
  ['邱', 15],
  ['曾', 14],
  ['廖', 13],
  ['邓', 12],
  ['余', 12],
  ['徐', 11],
  ['叶', 13],
  ['魏', 10],
  ['肖', 10],
  ['朱', 10],
  ['谢', 10],
  ['何', 9],
  ['江', 9],
  ['游', 8],
  ['池', 5],
  ['温', 6],
  ['姜', 5],
  ['卢', 6],
  ['范', 5],
  ['孙', 6],
  ['胡', 7],
  ['周', 8],
  ['许', 9],
  ['苏', 7],
  ['庄', 6],
  ['洪', 6],
  ['郭', 8],
  ['詹', 5],
  ['饶', 4],
  ['连', 4],
  ['严', 4],
  ['钟', 6],
  ['伍', 3],
  ['涂', 4],
  ['巫', 3],
  ['官', 3],
  ['童', 3],
  ['章', 3],
  ['傅', 4],
  ['付', 2],
  ['萧', 1],
  ['丘', 1],
  ['欧阳', 1.2],
  ['上官', 0.4],
  ['司马', 0.2],
  ['邹', 4],
  ['马', 3],
  ['冯', 3],
  ['彭', 4],
  ['雷', 4],
  ['蓝', 3],
  ['熊', 3],
  ['汤', 3],
  ['翁', 3],
  ['吕', 2],
  ['丁', 2],
  ['俞', 2],
  ['石', 2],
  ['沈', 2],
  ['兰', 1],
  ['阮', 1],
];
const KID_M =
  '浩宇轩子梓俊杰博文涛辉明鑫宏鸿晨磊鹏凯泽睿航锦源彬斌伟志成永坤峰翔健强军勇天一嘉家佳思宸铭诚昊皓然锐逸阳扬旭毅宁安瑞林霖海帆远辰星煜烨骏琦奕晟恒豪伦哲楷昆柏'.split(
    '',
  );
const KID_F =
  '欣怡雨涵婷琪思佳诗雅梦萱悦颖娜丽玲静慧芳敏燕霞红琳婉妍瑶蕊晓洁婧菲月彤晶雪璐丹倩茜薇莹馨嘉紫梓可一依心语宇宁晴露岚琴艺珊蓉桐妤曦玥菡'.split(
    '',
  );
const ADULT_M =
  '建国华明文金水生福荣清德永春发平忠根林木兴财祥龙长土贵旺宝顺光海荣新义开仁良有元才伟军强勇斌志辉'.split(
    '',
  );
const ADULT_F = '秀英兰珍凤玉美花梅琴娥莲芳金春桂香娇妹细玲丽霞燕萍红云娟华琼冬梅'.split('');
const _MILK_NAMES = ['狗仔', '细妹', '阿宝', '小宝', '丫头', '细仔', '妹仔', '宝宝', '仔仔', '囡囡'];

// homophones (same pinyin incl. tone) — my own list
const HOMO_GROUPS = [
  '伟玮炜纬',
  '婷庭亭廷',
  '静靖婧净',
  '杰洁婕',
  '丽莉俐利立',
  '玲铃伶龄苓',
  '华桦骅',
  '涛滔韬',
  '辉晖徽',
  '慧惠蕙',
  '明铭鸣',
  '宇语雨羽禹',
  '轩萱宣暄',
  '涵含晗寒',
  '欣馨心新鑫昕',
  '怡宜仪贻',
  '琪琦祺淇棋奇',
  '思丝斯',
  '晨辰臣',
  '浩昊皓灏颢',
  '俊骏峻郡竣',
  '博柏泊',
  '文雯闻纹',
  '佳家嘉加珈',
  '梓子紫',
  '彬斌滨宾',
  '凯楷铠恺',
  '磊蕾垒',
  '鹏朋彭蓬',
  '飞菲非霏',
  '芳方舫',
  '婉琬宛菀',
  '燕艳彦雁晏',
  '霞侠瑕',
  '红宏鸿弘洪',
  '军君钧均',
  '峰锋丰枫风',
  '林琳霖淋麟',
  '阳扬洋旸',
  '睿瑞锐芮蕊',
  '悦越月玥粤',
  '妍研岩言炎',
  '诗师施',
  '凡帆繁',
  '然燃',
  '航杭',
  '锦瑾谨槿',
  '瑶遥尧姚',
  '亚娅',
  '晓小筱',
  '泽择',
  '志智致治至',
  '成诚承城程丞',
  '永勇咏泳涌',
  '一依伊衣漪',
  '梦孟',
  '芸云耘昀',
  '晶京精菁经',
  '清青卿轻',
  '彤桐童同',
  '坤昆琨锟',
  '源元园媛原袁',
  '翔祥详',
  '宁凝柠',
  '安鞍',
  '毅逸艺亦奕忆',
  '哲喆',
  '煜昱钰玉育',
  '琴勤芹',
  '珊姗',
  '露璐路鹿',
  '岚兰蓝澜',
  '倩茜',
  '薇微威',
  '莹盈营滢',
  '馨欣',
  '晴情',
  '曦希溪熙',
  '健建剑键',
  '强蔷',
  '天添',
  '海',
  '星兴',
  '豪毫',
  '伦仑轮',
  '帆',
  '远',
  '秀绣',
  '英莺鹰樱',
  '珍真桢',
  '凤奉',
  '梅玫媒眉',
  '春椿',
  '桂贵',
  '香湘祥',
  '娇姣',
  '萍平苹评',
  '娟涓鹃',
  '琼穷',
  '福富付',
  '荣蓉容融',
  '德得',
  '根跟',
  '贵桂',
  '宝保堡',
  '顺舜',
  '光广',
  '新心欣',
  '义艺易益毅',
  '良梁粱',
  '才财材',
  '兴星',
];
const HOMO = {};
for (const g of HOMO_GROUPS) for (const c of g) if (g.length > 1) HOMO[c] = g.replace(c, '');
const SURNAME_HOMO = {
  张: '章',
  章: '张',
  杨: '阳',
  江: '姜',
  姜: '江',
  肖: '萧',
  萧: '肖',
  邱: '丘',
  丘: '邱',
  付: '傅',
  傅: '付',
  余: '俞',
  俞: '余',
  曾: '增',
  兰: '蓝',
  蓝: '兰',
};
// Fujian dialect confusions (not strict homophones): h/f, h/w, n/l, in/ing
const DIALECT = {
  黄: '王',
  王: '黄',
  方: '黄',
  林: '凌',
  玲: '林',
  宁: '林',
  辉: '飞',
  芳: '荒',
  华: '发',
  兰: '南',
  琳: '铃',
  婷: '亭',
  静: '敬',
  敏: '明',
  洪: '冯',
  凤: '红',
  福: '胡',
  鸿: '峰',
};
// simplified -> traditional (my own table of name characters)
const TRAD = {
  陈: '陳',
  黄: '黃',
  张: '張',
  刘: '劉',
  杨: '楊',
  郑: '鄭',
  罗: '羅',
  吴: '吳',
  赖: '賴',
  邓: '鄧',
  叶: '葉',
  肖: '蕭',
  谢: '謝',
  许: '許',
  苏: '蘇',
  庄: '莊',
  郭: '郭',
  饶: '饒',
  连: '連',
  严: '嚴',
  钟: '鍾',
  涂: '塗',
  傅: '傅',
  邹: '鄒',
  马: '馬',
  冯: '馮',
  汤: '湯',
  翁: '翁',
  吕: '呂',
  阮: '阮',
  兰: '蘭',
  蓝: '藍',
  华: '華',
  伟: '偉',
  丽: '麗',
  红: '紅',
  军: '軍',
  强: '強',
  国: '國',
  东: '東',
  杰: '傑',
  涛: '濤',
  龙: '龍',
  凤: '鳳',
  辉: '輝',
  轩: '軒',
  锦: '錦',
  鸿: '鴻',
  颖: '穎',
  诗: '詩',
  语: '語',
  晓: '曉',
  艳: '艷',
  静: '靜',
  梦: '夢',
  悦: '悅',
  琳: '琳',
  瑶: '瑤',
  婧: '婧',
  洁: '潔',
  晶: '晶',
  璐: '璐',
  莹: '瑩',
  馨: '馨',
  宁: '寧',
  岚: '嵐',
  艺: '藝',
  晨: '晨',
  鹏: '鵬',
  凯: '凱',
  泽: '澤',
  睿: '睿',
  航: '航',
  彬: '彬',
  志: '志',
  成: '成',
  坤: '坤',
  峰: '峰',
  翔: '翔',
  健: '健',
  铭: '銘',
  诚: '誠',
  昊: '昊',
  皓: '皓',
  锐: '銳',
  阳: '陽',
  扬: '揚',
  毅: '毅',
  瑞: '瑞',
  帆: '帆',
  远: '遠',
  烨: '燁',
  骏: '駿',
  晟: '晟',
  伦: '倫',
  哲: '哲',
  楷: '楷',
  昆: '昆',
  书: '書',
  贵: '貴',
  宝: '寶',
  顺: '順',
  兴: '興',
  财: '財',
  发: '發',
  长: '長',
  荣: '榮',
  义: '義',
  开: '開',
  仁: '仁',
  凤梅: '',
  娇: '嬌',
  莲: '蓮',
  兰花: '',
  玲: '玲',
  娟: '娟',
  琼: '瓊',
  云: '雲',
  萍: '萍',
  丰: '豐',
  汉: '漢',
  庆: '慶',
  宸: '宸',
  钰: '鈺',
  炜: '煒',
  玮: '瑋',
  纬: '緯',
  铃: '鈴',
  龄: '齡',
  桦: '樺',
  骅: '驊',
  韬: '韜',
  晖: '暉',
  恺: '愷',
  铠: '鎧',
  蕾: '蕾',
  鸣: '鳴',
  骝: '騮',
  钧: '鈞',
  锋: '鋒',
  枫: '楓',
  风: '風',
  钟灵: '',
  赵: '趙',
  孙: '孫',
  胡: '胡',
  卢: '盧',
  邓小: '',
  魏: '魏',
  温: '溫',
  詹: '詹',
  伍: '伍',
  巫: '巫',
  官: '官',
  童: '童',
  丘: '丘',
  欧: '歐',
  门: '門',
  马驰: '',
  费: '費',
  贺: '賀',
  韩: '韓',
  冯小: '',
  萧: '蕭',
  亚: '亞',
  娅: '婭',
  贤: '賢',
  杰伦: '',
  硕: '碩',
  泺: '濼',
  浩: '浩',
  梓: '梓',
  涵: '涵',
  欣: '欣',
  怡: '怡',
};
for (const k of Object.keys(TRAD)) if (k.length !== 1 || TRAD[k] === k || !TRAD[k]) delete TRAD[k];
const toTrad = (s) => [...s].map((c) => TRAD[c] || c).join('');

// ---------------- IDs ----------------
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CK = '10X98765432';
const checkChar = (s17) => {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(s17[i]) * W[i];
  return CK[s % 11];
};
const usedIds = new Set();
const usedSeq = new Map(); // area+dob -> Set(seq)
function newId(area, dob, male, nearSeq) {
  const key = area + dob.replaceAll('-', '');
  let set = usedSeq.get(key);
  if (!set) {
    set = new Set();
    usedSeq.set(key, set);
  }
  let seq;
  for (let tries = 0; ; tries++) {
    if (nearSeq !== undefined && tries < 30) seq = nearSeq + pick([-4, -3, -2, -1, 1, 2, 3, 4]);
    else seq = ri(0, 499) * 2 + (male ? 1 : 0);
    if (seq % 2 !== (male ? 1 : 0)) seq += 1;
    if (seq < 0 || seq > 999) continue;
    if (!set.has(seq)) break;
  }
  set.add(seq);
  const s17 = key + String(seq).padStart(3, '0');
  const id = s17 + checkChar(s17);
  usedIds.add(id);
  return id;
}
const to15 = (id) => id.slice(0, 6) + id.slice(8, 17);

// ---------------- dates ----------------
const pad = (n, w = 2) => String(n).padStart(w, '0');
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
function randDate(y0, y1) {
  const y = ri(y0, y1);
  const m = ri(1, 12);
  const d = ri(1, daysIn(y, m));
  return `${y}-${pad(m)}-${pad(d)}`;
}
function addDays(iso, n) {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
function ageAt(dob, asof = AS_OF) {
  const [y, m, d] = dob.split('-').map(Number);
  const [Y, M, D] = asof.split('-').map(Number);
  let a = Y - y;
  if (M < m || (M === m && D < d)) a--;
  return a;
}
const clampDob = (iso) => (iso > '2020-08-31' ? `2020-08-${pad(ri(1, 28))}` : iso);

// ---------------- names ----------------
const surnamePick = () => wpick(SURNAMES);
function givenKid(male, len) {
  const pool = male ? KID_M : KID_F;
  if (!len) len = chance(0.14) ? 1 : 2;
  if (len === 1) return pick(pool);
  if (!male && chance(0.06)) {
    const c = pick(pool);
    return c + c;
  }
  let a = pick(pool),
    b = pick(pool);
  while (b === a) b = pick(pool);
  return a + b;
}
function givenAdult(male) {
  const pool = male ? ADULT_M : ADULT_F;
  if (chance(0.25)) return pick(pool);
  let a = pick(pool),
    b = pick(pool);
  while (b === a) b = pick(pool);
  return a + b;
}
function siblingNames(n, sexes, sur) {
  // generation-char style for ~45% of families
  const names = [];
  const gen = chance(0.45) ? pick([...KID_M.slice(0, 30), ...KID_F.slice(0, 20)]) : null;
  for (let i = 0; i < n; i++) {
    let g;
    for (let t = 0; t < 20; t++) {
      g = gen ? gen + pick(sexes[i] ? KID_M : KID_F) : givenKid(sexes[i]);
      if (gen && g[1] === gen) continue;
      if (!names.includes(g)) break;
    }
    names.push(g);
  }
  return names.map((g) => sur + g);
}
const surnameOf = (name) =>
  ['欧阳', '上官', '司马'].includes(name.slice(0, 2)) ? name.slice(0, 2) : name[0];

// ---------------- registry generation ----------------
const countyList = counties.map((c) => c.code);
function pickTown(county, rural) {
  const ts = townsOf[county];
  return wpick(
    ts.map((t) => [
      t,
      t.code.slice(6) < '100'
        ? rural
          ? 0.15
          : 3
        : t.code.slice(6) >= '500'
          ? 0.02
          : t.code.slice(6) < '200'
            ? 1.2
            : 1,
    ]),
  );
}
function pickVillage(town, rural) {
  const vs = villagesOf[town.code];
  return wpick(vs.map((v) => [v, /社区|居委/.test(v.name) ? (rural ? 0.1 : 2) : 1]));
}
const villageSurnames = new Map();
function clanSurname(vcode) {
  let s = villageSurnames.get(vcode);
  if (!s) {
    s = [surnamePick(), surnamePick(), surnamePick()];
    villageSurnames.set(vcode, s);
  }
  return chance(0.55) ? (chance(0.65) ? s[0] : chance(0.6) ? s[1] : s[2]) : surnamePick();
}
function areaFor(county, _bornYear) {
  // birth-registration area of the ID
  if (chance(0.06)) return pick(OUTSIDE_AREAS);
  return county;
}
const persons = []; // registry persons (truth)
const households = [];
const hhSeqPerVillage = new Map();
function mkPerson(h, o) {
  const p = { hh: h, ...o };
  p.id = newId(o.area || areaFor(h.county, +o.dob.slice(0, 4)), o.dob, o.male, o.nearSeq);
  return p;
}
for (let hi = 0; hi < N_HH; hi++) {
  const county = wpick(countyList.map((c) => [c, POOR_W[c]]));
  const town = pickTown(county, true);
  const village = pickVillage(town, true);
  const vs = (hhSeqPerVillage.get(village.code) || 0) + 1;
  hhSeqPerVillage.set(village.code, vs);
  const h = { hid: village.code + pad(vs, 4), county, town, village, members: [] };
  households.push(h);
  const sur = clanSurname(village.code);
  const add = (p, rel) => {
    p.rel = rel;
    p.pid = h.hid + pad(h.members.length + 1, 3);
    h.members.push(p);
    persons.push(p);
    return p;
  };
  const elderly = chance(0.13);
  if (elderly) {
    const gm = chance(0.75);
    const head = mkPerson(h, { name: sur + givenAdult(true), male: true, dob: randDate(1935, 1960) });
    if (gm || chance(0.2)) add(head, '户主');
    else {
      head.male = false;
    }
    if (!h.members.length)
      add(mkPerson(h, { name: sur + givenAdult(false), male: false, dob: randDate(1935, 1960) }), '户主');
    else if (chance(0.6))
      add(
        mkPerson(h, { name: surnamePick() + givenAdult(false), male: false, dob: randDate(1935, 1962) }),
        '配偶',
      );
    // an elderly household sometimes carries a grandchild (left with grandparents)
    h.kids = [];
    if (chance(0.25)) {
      const male = chance(0.52);
      const kp = mkPerson(h, { name: sur + givenKid(male), male, dob: randDate(2003, 2016) });
      kp.isKid = true;
      h.kids.push(add(kp, male ? '之孙子' : '之孙女'));
    }
    continue;
  }
  const fatherBy = ri(1970, 1990);
  const motherBy = Math.min(1996, fatherBy + ri(-2, 5));
  const father = { name: sur + givenAdult(true), male: true, dob: randDate(fatherBy, fatherBy) };
  const mother = {
    name: surnamePick() + givenAdult(false),
    male: false,
    dob: randDate(motherBy, motherBy),
    area: chance(0.1) ? pick(OUTSIDE_AREAS) : undefined,
  };
  const headType = wpick([
    ['father', 68],
    ['grandfather', 18],
    ['mother', 14],
  ]);
  const singleParent = chance(0.1);
  // children
  const nk = wpick([
    [1, 22],
    [2, 42],
    [3, 24],
    [4, 9],
    [5, 3],
  ]);
  let y = Math.max(2000, Math.min(2014, motherBy + ri(20, 28)));
  const kids = [];
  for (let k = 0; k < nk && y <= 2019; k++) {
    const dob = clampDob(randDate(y, y));
    const twin = chance(0.028);
    const male = chance(0.53);
    kids.push({ male, dob });
    if (twin) kids.push({ male: chance(0.5) ? male : !male, dob, twinOf: kids.length - 1 });
    y += ri(1, 4);
  }
  const kidNames = siblingNames(
    kids.length,
    kids.map((k) => k.male),
    sur,
  );
  // twins: often share a character
  kids.forEach((k, i) => {
    if (k.twinOf !== undefined && chance(0.6)) {
      const a = kidNames[k.twinOf];
      const s = surnameOf(a);
      const g = a.slice(s.length);
      if (g.length === 2) {
        let c;
        do c = pick(k.male ? KID_M : KID_F);
        while (c === g[1] || c === g[0]);
        kidNames[i] = s + (chance(0.5) ? g[0] + c : c + g[1]);
      }
    }
  });
  const gpa =
    headType === 'grandfather' || chance(0.3)
      ? { name: sur + givenAdult(true), male: true, dob: randDate(fatherBy - 32, fatherBy - 22) }
      : null;
  const gma =
    (gpa && chance(0.75)) || chance(0.1)
      ? { name: surnamePick() + givenAdult(false), male: false, dob: randDate(fatherBy - 30, fatherBy - 20) }
      : null;
  let fP, mP, gpP, gmP;
  if (headType === 'grandfather' && gpa) {
    gpP = add(mkPerson(h, gpa), '户主');
    if (gma) gmP = add(mkPerson(h, gma), '配偶');
    if (!singleParent || chance(0.5)) fP = add(mkPerson(h, father), '之子');
    if (!singleParent || !fP) mP = add(mkPerson(h, mother), '之儿媳');
  } else if (headType === 'mother' || (singleParent && chance(0.4))) {
    mP = add(mkPerson(h, mother), '户主');
    if (!singleParent) fP = add(mkPerson(h, father), '配偶');
    if (gpa) gpP = add(mkPerson(h, { ...gpa, name: surnameOf(mother.name) + givenAdult(true) }), '之父');
  } else {
    fP = add(mkPerson(h, father), '户主');
    if (!singleParent) mP = add(mkPerson(h, mother), '配偶');
    if (gpa) gpP = add(mkPerson(h, gpa), '之父');
    if (gma) gmP = add(mkPerson(h, gma), '之母');
  }
  const kidRel = (male) => (h.members[0] === gpP ? (male ? '之孙子' : '之孙女') : male ? '之子' : '之女');
  const kidPs = [];
  kids.forEach((k, i) => {
    const prev = k.twinOf !== undefined ? kidPs[k.twinOf] : undefined;
    const nearSeq = prev && prev.id.slice(0, 6) === (prev.area || '') ? undefined : undefined;
    const kp = mkPerson(h, {
      name: kidNames[i],
      male: k.male,
      dob: k.dob,
      area: prev ? prev.id.slice(0, 6) : undefined,
      nearSeq: prev ? Number(prev.id.slice(14, 17)) : nearSeq,
    });
    kp.isKid = true;
    if (prev) {
      kp.twin = prev;
      prev.twin = kp;
    }
    kidPs.push(add(kp, kidRel(k.male)));
  });
  h.father = fP;
  h.mother = mP;
  h.gpa = gpP;
  h.gma = gmP;
  h.kids = kidPs;
}
for (const p of persons) {
  p.age = ageAt(p.dob);
  p.sibs = p.isKid ? p.hh.kids.filter((k) => k !== p) : [];
}

// ---------------- damage helpers ----------------
const FW = (s) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
function sciText(id) {
  const n = Number(id.replace(/\D/g, '').slice(0, 18));
  return n.toExponential(5).replace('e+', 'E+').toUpperCase();
}
const zero3 = (id) => `${id.slice(0, 15)}000`;
function wrongDigit(id) {
  const i = ri(6, 16);
  let d;
  do d = String(ri(0, 9));
  while (d === id[i]);
  return id.slice(0, i) + d + id.slice(i + 1);
}
function swapDigits(id) {
  for (let t = 0; t < 50; t++) {
    const i = ri(6, 16);
    const j = chance(0.8) ? i + 1 : ri(6, 17);
    if (j > 17 || i === j || id[i] === id[j] || id[j] === 'X') continue;
    const a = [...id];
    [a[i], a[j]] = [a[j], a[i]];
    return a.join('');
  }
  return id;
}
function spaced(id) {
  return pick([
    () => ` ${id} `,
    () => `${id} `,
    () => `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
    () => `${id.slice(0, 6)} ${id.slice(6)}`,
    () => `${id.slice(0, 10)} ${id.slice(10)}`,
    () => `\u3000${id}`,
    () => `${id}\t`,
  ])();
}
function nameSpaces(n) {
  const s = surnameOf(n);
  return pick([
    () => `${s} ${n.slice(s.length)}`,
    () => ` ${n}`,
    () => `${n} `,
    () => `${s}\u3000${n.slice(s.length)}`,
    () => n.split('').join(' '),
    () => `${n}  `,
  ])();
}
function homophone(n) {
  const s = surnameOf(n);
  const g = n.slice(s.length);
  if (SURNAME_HOMO[s] && chance(0.15)) return SURNAME_HOMO[s] + g;
  const idx = [...g].map((c, i) => (HOMO[c] ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) return null;
  const i = pick(idx);
  return s + g.slice(0, i) + pick([...HOMO[g[i]]]) + g.slice(i + 1);
}
function dialect(n) {
  const idx = [...n].map((c, i) => (DIALECT[c] ? i : -1)).filter((i) => i >= 0);
  if (!idx.length) return null;
  const i = pick(idx);
  return n.slice(0, i) + DIALECT[n[i]] + n.slice(i + 1);
}
function trad(n) {
  const t = toTrad(n);
  return t === n ? null : t;
}
function fmtDob(iso, dmg) {
  const [y, m, d] = iso.split('-');
  const f = wpick([
    ['iso', 68],
    ['slash', 10],
    ['compact', 8],
    ['cn', 4],
    ['dot', 4],
    ['slash0', 3],
    ['serial', 1.5],
    ['iso_time', 1.5],
  ]);
  if (f !== 'iso') dmg.push(`dob_fmt_${f}`);
  switch (f) {
    case 'iso':
      return iso;
    case 'slash':
      return `${+y}/${+m}/${+d}`;
    case 'compact':
      return y + m + d;
    case 'cn':
      return `${y}年${+m}月${+d}日`;
    case 'dot':
      return `${y}.${m}.${d}`;
    case 'slash0':
      return `${y}/${m}/${d}`;
    case 'serial':
      return String(Math.round((Date.UTC(+y, +m - 1, +d) - Date.UTC(1899, 11, 30)) / 86400000));
    case 'iso_time':
      return `${iso} 00:00:00`;
  }
}
// format-only damage applied to an ID string (may stack)
function idFormatDamage(id, rates, dmg, allowSci = true) {
  if (!id) return id;
  const numeric = /^\d+$/.test(id); // Excel only turns all-digit IDs into numbers (an X keeps it text)
  if (numeric && allowSci && chance(rates.sci)) {
    dmg.push('sci');
    return sciText(id);
  }
  if (numeric && chance(rates.zero3) && id.length === 18) {
    dmg.push('zero3');
    id = zero3(id);
  }
  if (id.endsWith('X') && chance(rates.lowerx)) {
    dmg.push('lowerx');
    id = `${id.slice(0, -1)}x`;
  }
  if (chance(rates.fullwidth)) {
    dmg.push('fullwidth');
    id = FW(id);
  }
  if (chance(rates.spaces)) {
    dmg.push('spaces');
    id = spaced(id);
  }
  if (chance(rates.apostrophe)) {
    dmg.push('apostrophe');
    id = `'${id}`;
  }
  return id;
}

// ---------------- registry output rows ----------------
const POOR_ATTR = [
  ['一般贫困户', 68],
  ['低保贫困户', 27],
  ['特困供养贫困户', 5],
];
const TUOPIN = [
  ['已脱贫(享受政策)', 82],
  ['已脱贫(不享受政策)', 6],
  ['未脱贫', 12],
];
function schoolStatus(p) {
  if (!p.isKid && p.age > 25) return '非在校生';
  if (p.age < 3) return '非在校生';
  if (p.age < 6) return chance(0.7) ? '学前教育' : '非在校生';
  if (p.age <= 11) return chance(0.9) ? '小学' : '在校生';
  if (p.age <= 14) return chance(0.9) ? '初中' : '在校生';
  if (p.age <= 17) return pick(['高中', '中职', '高中', '非在校生']);
  if (p.age <= 22) return pick(['高职', '本科', '非在校生', '非在校生']);
  return '非在校生';
}
const regRows = [];
for (const h of households) {
  h.attr = wpick(POOR_ATTR);
  h.tp = wpick(TUOPIN);
  for (const p of h.members) {
    const dmg = [];
    let idv = p.id;
    if (!p.isKid && +p.dob.slice(0, 4) < 1985 && chance(G.id15_adult)) {
      dmg.push('id15');
      idv = to15(p.id);
    }
    if (p.isKid && chance(G.missing_id)) {
      dmg.push('missing_id');
      idv = '';
    } else if (p.isKid && chance(G.guardian_id) && h.members[0] !== p) {
      dmg.push('guardian_id');
      idv = h.members[0].id;
    } else {
      if (chance(G.wrong_digit)) {
        dmg.push('wrong_digit');
        idv = wrongDigit(idv);
      } else if (chance(G.swap_digits)) {
        dmg.push('swap_digits');
        idv = swapDigits(idv);
      }
      idv = idFormatDamage(idv, G, dmg);
    }
    let nm = p.name;
    if (chance(G.homophone)) {
      const x = homophone(nm);
      if (x) {
        nm = x;
        dmg.push('name_homophone');
      }
    }
    if (chance(G.traditional)) {
      const x = trad(nm);
      if (x) {
        nm = x;
        dmg.push('name_traditional');
      }
    }
    if (chance(G.name_spaces)) {
      nm = nameSpaces(nm);
      dmg.push('name_spaces');
    }
    p.regName = nm;
    p.regId = idv;
    p.regDmg = dmg;
  }
  const head = h.members[0];
  let headId = head.regId;
  if (head.regDmg.includes('missing_id')) headId = '';
  for (const p of h.members) {
    regRows.push({
      户编号: h.hid,
      人编号: p.pid,
      姓名: p.regName,
      证件号码: p.regId,
      性别: p.male ? '男' : '女',
      与户主关系: p.rel,
      户主姓名: head.name,
      户主证件号码: headId,
      '县(市、区)': countyName(h.county),
      '乡(镇)': h.town.name,
      行政村: shortVillage(h.village.name),
      贫困户属性: h.attr,
      脱贫状态: h.tp,
      在校生状况: schoolStatus(p),
    });
  }
}

// ---------------- schools ----------------
const _schoolCache = new Map();
function schoolFor(county, town, village, grade) {
  const cn = counties.find((c) => c.code === county).name;
  const tn = town.name;
  const rural = town.code.slice(6) >= '100';
  if (grade <= 0) return rural ? `${cn}${tn}中心幼儿园` : `${cn}实验幼儿园`;
  if (grade <= 6) {
    if (rural && chance(0.35)) return `${cn}${tn}${shortVillage(village.name).replace(/村$|社区$/, '')}小学`;
    return rural
      ? `${cn}${tn}中心小学`
      : pick([`${cn}实验小学`, `${cn}第二实验小学`, `${cn}${tn.replace(/街道$/, '')}小学`]);
  }
  if (grade <= 9)
    return rural && chance(0.7)
      ? `${cn}${tn.replace(/[镇乡]$/, '')}中学`
      : pick([`${cn}第一中学`, `${cn}第二中学`, `${cn}城关中学`]);
  return null;
}
const _SCHOOL_OVERRIDE_CITY = [
  '三明市第一中学',
  '三明市第二中学',
  '三明市第八中学',
  '三明市实验小学',
  '三明市列东中学',
];
function gradeFromDob(dob) {
  const [y, m] = dob.split('-').map(Number);
  const adj = m >= 9 ? y + 1 : y;
  let g = 2020 - adj - 5;
  const r = rnd();
  if (r < 0.06) g -= 1;
  else if (r < 0.08) g += 1;
  return g;
}
const GRADE_NAMES = [
  '大班',
  '一年级',
  '二年级',
  '三年级',
  '四年级',
  '五年级',
  '六年级',
  '七年级',
  '八年级',
  '九年级',
];
function placement(county, town, village, dob, otherCounty) {
  let g = gradeFromDob(dob);
  if (g > 12) g = 12;
  if (g < 0) g = 0;
  let stage, grade, school;
  const cn = counties.find((c) => c.code === county).name;
  if (g === 0) {
    stage = '学前';
    grade = '大班';
  } else if (g <= 6) {
    stage = '小学';
    grade = GRADE_NAMES[g];
  } else if (g <= 9) {
    stage = '初中';
    grade = GRADE_NAMES[g];
  } else if (chance(0.62)) {
    stage = '高中';
    grade = ['高一', '高二', '高三'][g - 10];
    school = pick([`${cn}第一中学`, `${cn}第二中学`, `${cn}第一中学`]);
  } else {
    stage = '中职';
    grade = ['一年级', '二年级', '三年级'][g - 10];
    school = pick([`${cn}职业中专学校`, '三明市农业学校', '三明工贸学校', `${cn}职业中专学校`]);
  }
  if (!school)
    school = otherCounty
      ? g === 0
        ? `${cn}实验幼儿园`
        : g <= 6
          ? `${cn}实验小学`
          : `${cn}第一中学`
      : schoolFor(county, town, village, g);
  if (chance(0.04) && g >= 1)
    school =
      g <= 6
        ? pick(['三明市实验小学', '三明市列东小学', '三明市东安小学'])
        : g <= 9
          ? pick(['三明市第八中学', '三明市列东中学', '三明市第三中学'])
          : stage === '高中'
            ? pick(['三明市第一中学', '三明市第二中学'])
            : school;
  return {
    stage,
    grade,
    school,
    cls: chance(0.5) ? `${ri(1, 8)}班` : `(${ri(1, 8)})班`,
    boarding: g >= 7 && chance(0.45) ? '是' : g >= 1 && chance(0.05) ? '是' : '否',
  };
}
const hukou = (county, town, village) =>
  pick([
    () => `福建省三明市${countyName(county)}${town.name}${shortVillage(village.name)}`,
    () => `福建省三明市${countyName(county)}${town.name}${village.name}`,
    () => `${countyName(county)}${town.name}${shortVillage(village.name)}`,
    () => `福建省三明市${countyName(county)}`,
  ])();

// ---------------- roll ----------------
const roll = [];
const truth = [];
const usedXjh = new Set();
let tempSeq = 1;
function tempXjh() {
  let x;
  do x = `${pick(['L', 'J'])}2020${pad(ri(1, 12))}${pad(tempSeq++, 8)}`;
  while (usedXjh.has(x));
  usedXjh.add(x);
  return x;
}
// person-like child for roll: { name, male, dob, id, county, town, village, guardian:{name,id,dob,rel}, truthPid, kind, sibIds[] }
function addRollRow(c) {
  const dmg = [];
  const tags = c.tags ? [...c.tags] : [];
  let regId = c.id; // ID recorded at registration
  let xjh;
  let idCol;
  const temp = chance(R.temp_xjh);
  // column-level ID damage (mutually exclusive "content" damage), then format damage
  const content = (() => {
    if (c.forceIdDamage) return c.forceIdDamage;
    if (temp) return 'temp_xjh';
    const r = rnd();
    let acc = 0;
    for (const [k, p] of [
      ['missing_id', R.missing_id],
      ['guardian_id', R.guardian_id],
      ['wrong_digit', R.wrong_digit],
      ['swap_digits', R.swap_digits],
      ['xjh_in_id', R.xjh_in_id],
      ['id15_child', R.id15_child],
    ]) {
      acc += p;
      if (r < acc) return k;
    }
    if (c.sibId && chance(R.sibling_id * 0.02)) return 'sibling_id';
    return null;
  })();
  switch (content) {
    case 'temp_xjh':
      xjh = tempXjh();
      idCol = '';
      dmg.push('temp_xjh');
      break;
    case 'missing_id':
      idCol = '';
      dmg.push('missing_id');
      if (chance(0.5)) {
        xjh = tempXjh();
        dmg.push('temp_xjh');
      }
      break;
    case 'guardian_id':
      idCol = c.guardian.id;
      dmg.push('guardian_id');
      if (chance(0.3)) regId = c.guardian.id;
      break;
    case 'sibling_id':
      idCol = c.sibId;
      dmg.push('sibling_id');
      if (chance(0.3)) regId = c.sibId;
      break;
    case 'wrong_digit':
      idCol = wrongDigit(c.id);
      dmg.push('wrong_digit');
      if (chance(R.mirror_typo_in_xjh)) {
        regId = idCol;
        dmg.push('typo_in_xjh');
      }
      break;
    case 'swap_digits':
      idCol = swapDigits(c.id);
      dmg.push('swap_digits');
      if (chance(R.mirror_typo_in_xjh)) {
        regId = idCol;
        dmg.push('typo_in_xjh');
      }
      break;
    case 'xjh_in_id':
      idCol = `G${c.id}`;
      dmg.push('xjh_in_id');
      break;
    case 'id15_child':
      idCol = to15(c.id);
      dmg.push('id15_child');
      break;
    case 'twin_swap':
      idCol = c.twinId;
      dmg.push('twin_id_swap');
      regId = c.twinId;
      break;
    default:
      idCol = c.id;
  }
  if (!xjh) {
    xjh = `G${regId}`;
    if (usedXjh.has(xjh)) {
      xjh = tempXjh();
      dmg.push('temp_xjh_dup');
    }
    usedXjh.add(xjh);
  }
  if (idCol && content !== 'xjh_in_id') idCol = idFormatDamage(idCol, R, dmg);
  // name
  let nm = c.rollName || c.name;
  if (c.rollName && c.rollName !== c.name) dmg.push(c.renameKind || 'renamed');
  else if (c.renamable && chance(R.renamed)) {
    const s = surnameOf(c.name);
    nm = chance(0.6) ? s + givenKid(c.male, 2) : s + c.name.slice(s.length)[0] + pick(c.male ? KID_M : KID_F);
    if (nm !== c.name) dmg.push('renamed');
    else nm = c.name;
  } else if (c.renamable && chance(R.surname_changed)) {
    let s2;
    do s2 = surnamePick();
    while (s2 === surnameOf(c.name));
    nm = s2 + c.name.slice(surnameOf(c.name).length);
    dmg.push('surname_changed');
  }
  if (chance(R.homophone)) {
    const x = homophone(nm);
    if (x) {
      nm = x;
      dmg.push('name_homophone');
    }
  }
  if (chance(R.dialect)) {
    const x = dialect(nm);
    if (x) {
      nm = x;
      dmg.push('name_dialect');
    }
  }
  if (chance(R.traditional)) {
    const x = trad(nm);
    if (x) {
      nm = x;
      dmg.push('name_traditional');
    }
  }
  if (chance(R.name_spaces)) {
    nm = nameSpaces(nm);
    dmg.push('name_spaces');
  }
  // dob
  let dob = c.dob;
  if (chance(R.dob_typo)) {
    dob = addDays(dob, pick([-1, 1, 10, -10, 31, -31, 365, -365]));
    dmg.push('dob_typo');
  } else if (chance(R.dob_daymonth)) {
    const [y, m, d] = dob.split('-');
    if (+d <= 12 && d !== m) {
      dob = `${y}-${d}-${m}`;
      dmg.push('dob_daymonth');
    }
  }
  const dobTxt = fmtDob(dob, dmg);
  let sex = c.male ? '男' : '女';
  if (chance(R.sex_wrong)) {
    sex = c.male ? '女' : '男';
    dmg.push('sex_wrong');
  }
  if (chance(R.sex_code)) {
    sex = sex === '男' ? '1' : '2';
    dmg.push('sex_code');
  }
  // guardian
  let gName = c.guardian.name,
    gId = c.guardian.id;
  const gd = [];
  if (chance(R.g_missing)) {
    gId = '';
    gd.push('g_missing_id');
  } else {
    if (c.guardian.dob < '1985' && chance(R.g_id15)) {
      gId = to15(gId);
      gd.push('g_id15');
    }
    gId = idFormatDamage(
      gId,
      {
        sci: R.g_fmt * 0.3,
        zero3: R.g_fmt * 0.2,
        lowerx: 0.3,
        fullwidth: R.g_fmt * 0.2,
        spaces: R.g_fmt * 0.3,
        apostrophe: R.g_fmt * 0.3,
      },
      gd,
    );
  }
  if (chance(R.g_name_homophone)) {
    const x = homophone(gName);
    if (x) {
      gName = x;
      gd.push('g_name_homophone');
    }
  }
  if (chance(0.01)) {
    gName = '';
    gd.push('g_name_missing');
  }
  for (const x of gd) dmg.push(x.startsWith('g_') ? x : `g_${x}`);
  const pl = placement(
    c.schoolCounty || c.county,
    c.town,
    c.village,
    c.dob,
    c.schoolCounty && c.schoolCounty !== c.county,
  );
  let hk = hukou(c.county, c.town, c.village);
  if (chance(R.hukou_blank)) {
    hk = '';
    dmg.push('hukou_blank');
  }
  const row = {
    学籍号: xjh,
    姓名: nm,
    性别: sex,
    出生日期: dobTxt,
    身份证件号: idCol,
    学校名称: pl.school,
    学段: pl.stage,
    年级: pl.grade,
    班级: pl.cls,
    户籍所在地: hk,
    监护人姓名: gName,
    监护人身份证件号: gId,
    是否寄宿: pl.boarding,
    是否留守儿童: c.leftBehind ? '是' : '否',
    是否残疾: chance(0.008) ? '是' : '否',
  };
  roll.push(row);
  truth.push({
    xjh,
    pid: c.truthPid || '',
    hid: c.truthPid ? c.hh.hid : '',
    kind: c.kind,
    tags: tags.join('|'),
    damages: dmg.join('|'),
    true_id: c.id,
    true_name: c.name,
    true_dob: c.dob,
    guardian_pid: c.guardian.pid || '',
  });
  return row;
}
function guardianOfRegistryKid(p) {
  const h = p.hh;
  const r = rnd();
  let g,
    leftBehind = false;
  if (r < 0.5 && h.father) g = h.father;
  else if (r < 0.75 && h.mother) g = h.mother;
  else if (r < 0.95 && (h.gpa || h.gma)) {
    g = h.gpa || h.gma;
    leftBehind = true;
  }
  g ||= h.father || h.mother || h.gpa || h.gma || h.members[0];
  if (g === p || g.isKid) g = h.members.find((m) => !m.isKid) || g;
  if (!g || g === p) {
    // no adult: external aunt
    return {
      guardian: {
        name: surnameOf(p.name) + givenAdult(false),
        id: newId(p.hh.county, randDate(1970, 1990), false),
        dob: '1980-01-01',
      },
      leftBehind: true,
    };
  }
  return { guardian: { name: g.name, id: g.id, dob: g.dob, pid: g.pid }, leftBehind };
}
// --- registry children into the roll
const enrolled = new Set();
const twinPairs = [];
for (const p of persons) if (p.twin && p.pid < p.twin.pid) twinPairs.push([p, p.twin]);
const forceOneTwin = new Set(
  shuffle(twinPairs.slice())
    .slice(0, Math.round(twinPairs.length * 0.2))
    .map((x) => x[1].pid),
);
const twinStressMissing = new Set(
  shuffle(twinPairs.slice())
    .slice(0, Math.round(twinPairs.length * 0.15))
    .map((x) => x[0].pid),
);
const twinSwap = new Set(
  shuffle(twinPairs.slice())
    .slice(0, Math.min(30, Math.round(twinPairs.length * 0.08)))
    .map((x) => x[0].pid),
);
const kidsSchoolAge = persons.filter((p) => p.age >= 6 && p.age <= 18);
for (const p of kidsSchoolAge) {
  let pEnr = p.age === 6 ? 0.9 : p.age <= 15 ? 0.965 : p.age === 16 ? 0.85 : p.age === 17 ? 0.75 : 0.45;
  if (!p.isKid) pEnr = 0.5;
  if (forceOneTwin.has(p.pid)) pEnr = 0;
  if (!chance(pEnr)) continue;
  if (p.age >= 18 && gradeFromDob(p.dob) > 12) continue;
  enrolled.add(p.pid);
}
const regStudentRows = [];
for (const p of kidsSchoolAge) {
  if (!enrolled.has(p.pid)) continue;
  const { guardian, leftBehind } = guardianOfRegistryKid(p);
  const tags = ['registry'];
  if (p.twin) tags.push(enrolled.has(p.twin.pid) ? 'twin_both_enrolled' : 'twin_only_one_enrolled');
  else if (p.sibs.length) tags.push('has_sibling');
  for (const d of p.regDmg) tags.push(`reg_${d}`);
  if (p.regDmg.length === 0) tags.push('reg_clean');
  const enrolledSib = p.sibs.find((s) => s.age >= 3 && s.age <= 22 && !s.twin);
  const c = {
    ...p,
    county: p.hh.county,
    town: p.hh.town,
    village: p.hh.village,
    guardian,
    leftBehind,
    truthPid: p.pid,
    kind: 'registry',
    tags,
    renamable: true,
    sibId: enrolledSib?.id,
  };
  if (twinStressMissing.has(p.pid)) {
    c.forceIdDamage = 'missing_id';
    tags.push('twin_stress');
  }
  if (twinSwap.has(p.pid) && enrolled.has(p.twin.pid)) {
    c.forceIdDamage = 'twin_swap';
    c.twinId = p.twin.id;
    tags.push('twin_stress');
  }
  if (chance(0.1)) c.schoolCounty = pick(countyList);
  regStudentRows.push(c);
}
// ---------------- non-poor children ----------------
const nonpoor = [];
function mkNonPoorFamily(county, town, village, surOpt) {
  const sur = surOpt || clanSurname(village.code);
  const fby = ri(1970, 1994);
  const father = { name: sur + givenAdult(true), male: true, dob: randDate(fby, fby) };
  father.id = newId(chance(0.08) ? pick(OUTSIDE_AREAS) : county, father.dob, true);
  const mother = {
    name: surnamePick() + givenAdult(false),
    male: false,
    dob: randDate(fby + ri(-2, 4), fby + ri(-2, 4)),
  };
  mother.id = newId(chance(0.12) ? pick(OUTSIDE_AREAS) : county, mother.dob, false);
  return { sur, father, mother, county, town, village };
}
function nonPoorKid(fam, o = {}) {
  const male = o.male ?? chance(0.52);
  const dob = o.dob || clampDob(randDate(2002, 2014));
  const name = o.name || fam.sur + givenKid(male);
  const area = o.area || (chance(0.07) ? pick(OUTSIDE_AREAS) : fam.county);
  const id = newId(area, dob, male, o.nearSeq);
  const gsrc = o.guardian || (chance(0.62) ? fam.father : chance(0.7) ? fam.mother : null);
  const guardian = gsrc
    ? { name: gsrc.name, id: gsrc.id, dob: gsrc.dob, pid: gsrc.pid }
    : (() => {
        const gd = randDate(1945, 1965);
        return { name: fam.sur + givenAdult(true), id: newId(fam.county, gd, true), dob: gd };
      })();
  return {
    name,
    male,
    dob,
    id,
    county: fam.county,
    town: fam.town,
    village: fam.village,
    guardian,
    leftBehind: !gsrc && chance(0.6),
    kind: 'nonpoor',
    tags: ['nonpoor', ...(o.tags || [])],
    truthPid: '',
    renamable: false,
    schoolCounty: chance(0.08) ? pick(countyList) : undefined,
  };
}
const regKidsAll = persons.filter((p) => p.isKid && p.age >= 6 && p.age <= 18);
const notEnrolledKids = regKidsAll.filter((p) => !enrolled.has(p.pid));
const hnPlan = VARIANT === 'heavy' ? 1.5 : 1;
// HN1: same name + same DOB + same sex as a registry child, different person (some same county, some same village)
for (let i = 0; i < 300 * hnPlan; i++) {
  const src = i % 3 === 0 && notEnrolledKids.length ? pick(notEnrolledKids) : pick(regKidsAll);
  const sameVillage = i % 5 === 0;
  const county = sameVillage || chance(0.5) ? src.hh.county : pick(countyList);
  const town = sameVillage ? src.hh.town : pickTown(county, false);
  const village = sameVillage ? src.hh.village : pickVillage(town, false);
  const fam = mkNonPoorFamily(county, town, village, surnameOf(src.name));
  const k = nonPoorKid(fam, {
    name: src.name,
    dob: src.dob,
    male: src.male,
    area: chance(0.5) ? src.id.slice(0, 6) : undefined,
    tags: [
      'hn_name_dob',
      sameVillage ? 'hn_same_village' : 'hn_other_place',
      enrolled.has(src.pid) ? 'hn_twin_enrolled' : 'hn_twin_not_enrolled',
    ],
  });
  if (chance(0.3)) k.forceIdDamage = pick(['missing_id', 'missing_id', 'temp_xjh']);
  k.hnOf = src.pid;
  nonpoor.push(k);
}
// HN2: same village + same surname, similar age, different given name
for (let i = 0; i < 400 * hnPlan; i++) {
  const src = pick(regKidsAll);
  const fam = mkNonPoorFamily(src.hh.county, src.hh.town, src.hh.village, surnameOf(src.name));
  const k = nonPoorKid(fam, {
    dob: clampDob(addDays(src.dob, ri(-700, 700))),
    male: chance(0.5) ? src.male : undefined,
    tags: ['hn_same_village_surname'],
  });
  if (chance(0.1)) k.forceIdDamage = 'missing_id';
  k.hnOf = src.pid;
  nonpoor.push(k);
}
// HN3: near-identical ID: same area + same DOB as a registry child, sequence differs
for (let i = 0; i < 200 * hnPlan; i++) {
  const src = pick(regKidsAll);
  const sameSur = chance(0.4);
  const t3 = pickTown(src.hh.county, false);
  const fam = mkNonPoorFamily(
    src.hh.county,
    t3,
    pickVillage(t3, false),
    sameSur ? surnameOf(src.name) : undefined,
  );
  const k = nonPoorKid(fam, {
    dob: src.dob,
    area: src.id.slice(0, 6),
    male: chance(0.6) ? src.male : !src.male,
    nearSeq: Number(src.id.slice(14, 17)),
    tags: ['hn_near_id', sameSur ? 'hn_same_surname' : 'hn_diff_surname'],
  });
  if (sameSur && chance(0.3)) {
    const hx = homophone(src.name);
    if (hx) k.name = hx;
    k.tags.push('hn_homophone_name');
  }
  k.hnOf = src.pid;
  nonpoor.push(k);
}
// HN4: guardian is a registry adult, but the child is not in the registry
for (let i = 0; i < 200 * hnPlan; i++) {
  const h = pick(households);
  const adults = h.members.filter((m) => !m.isKid);
  const g = pick(adults);
  const fam = mkNonPoorFamily(h.county, h.town, h.village, surnameOf(g.name));
  const k = nonPoorKid(fam, { guardian: g, tags: ['hn_guardian_in_registry'] });
  k.leftBehind = true;
  if (chance(0.15)) k.forceIdDamage = 'missing_id';
  nonpoor.push(k);
}
// HN5: same name as a registry child, same county, DOB differs (1 day .. 2 years)
for (let i = 0; i < 200 * hnPlan; i++) {
  const src = pick(regKidsAll);
  const t5 = pickTown(src.hh.county, false);
  const fam = mkNonPoorFamily(src.hh.county, t5, pickVillage(t5, false), surnameOf(src.name));
  const k = nonPoorKid(fam, {
    name: src.name,
    male: src.male,
    dob: clampDob(addDays(src.dob, pick([1, -1, 2, 30, -30, 365, -365, ri(-700, 700)]))),
    tags: ['hn_name_other_dob'],
  });
  if (chance(0.2)) k.forceIdDamage = 'missing_id';
  k.hnOf = src.pid;
  nonpoor.push(k);
}
// ordinary non-poor families (1..3 school-age kids), city-wide by population
while (nonpoor.length + 0 < N_NONPOOR) {
  const county = wpick(countyList.map((c) => [c, POP_W[c]]));
  const town = pickTown(county, false);
  const village = pickVillage(town, false);
  const fam = mkNonPoorFamily(county, town, village);
  const n = wpick([
    [1, 55],
    [2, 35],
    [3, 10],
  ]);
  for (let j = 0; j < n && nonpoor.length < N_NONPOOR; j++) nonpoor.push(nonPoorKid(fam));
}
// duplicates: a few registry students appear twice (transfer not closed), second row with a temp 学籍号
const dupRows = shuffle(regStudentRows.filter((c) => !c.forceIdDamage).slice())
  .slice(0, 15)
  .map((c) => ({ ...c, tags: [...c.tags, 'duplicate_row'] }));
for (const c of dupRows) c.tags = c.tags.filter(Boolean);
// interleave: roll sorted by school-ish random order
const allKids = shuffle([...regStudentRows, ...nonpoor, ...dupRows]);
for (const c of allKids) addRollRow(c);
// boundary babies? (already natural). Write files.
function csvCell(v) {
  v = v == null ? '' : String(v);
  return /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}
function writeCsv(file, rows, cols, bom = true) {
  const lines = [cols.map(csvCell).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  fs.writeFileSync(file, `${(bom ? '\ufeff' : '') + lines.join('\r\n')}\r\n`);
}
const REG_COLS = [
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
let ROLL_COLS = [
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
if (opt('no-guardian', false)) ROLL_COLS = ROLL_COLS.filter((c) => !c.startsWith('监护人'));
writeCsv(path.join(OUT, 'registry.csv'), regRows, REG_COLS, true);
writeCsv(path.join(OUT, 'roll.csv'), roll, ROLL_COLS, false);
writeCsv(path.join(OUT, 'truth_roll.csv'), truth, [
  'xjh',
  'pid',
  'hid',
  'kind',
  'tags',
  'damages',
  'true_id',
  'true_name',
  'true_dob',
  'guardian_pid',
]);
const enrolledTruth = new Set(truth.map((t) => t.pid).filter(Boolean));
writeCsv(
  path.join(OUT, 'truth_registry.csv'),
  persons.map((p) => ({
    pid: p.pid,
    hid: p.hh.hid,
    name: p.name,
    id: p.id,
    dob: p.dob,
    age: p.age,
    rel: p.rel,
    is_kid: p.isKid ? 1 : 0,
    twin_pid: p.twin?.pid || '',
    sib_pids: p.sibs.map((s) => s.pid).join('|'),
    enrolled: enrolledTruth.has(p.pid) ? 1 : 0,
    reg_damages: p.regDmg.join('|'),
  })),
  [
    'pid',
    'hid',
    'name',
    'id',
    'dob',
    'age',
    'rel',
    'is_kid',
    'twin_pid',
    'sib_pids',
    'enrolled',
    'reg_damages',
  ],
);
const expUn = persons.filter((p) => p.age >= 6 && p.age <= 15 && !enrolledTruth.has(p.pid));
writeCsv(
  path.join(OUT, 'expected_unenrolled.csv'),
  expUn.map((p) => ({ pid: p.pid, name: p.name, dob: p.dob, age: p.age, reg_damages: p.regDmg.join('|') })),
  ['pid', 'name', 'dob', 'age', 'reg_damages'],
);

if (opt('xlsx', false)) {
  // (Run with tsx: exceljs is loaded the project's one way, src/modules/xlsx/exceljs.ts.)
  const ExcelJS = (await import('../../src/modules/xlsx/exceljs.ts')).loadExcel();
  async function writeXlsx(file, rows, cols, numericIdCols) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(cols).commit();
    for (const r of rows) {
      const vals = cols.map((c) => {
        const v = r[c];
        // Excel-damaged IDs are real numeric cells (15 significant digits), as Excel stores them
        if (numericIdCols.includes(c) && typeof v === 'string' && /^\d\.\d+E\+17$/.test(v)) return Number(v);
        if (numericIdCols.includes(c) && typeof v === 'string' && /^\d{15}000$/.test(v)) return Number(v);
        if (c === '出生日期' && /^\d{4}-\d\d-\d\d$/.test(v) && chance(0.5)) return new Date(`${v}T00:00:00Z`);
        return v;
      });
      ws.addRow(vals).commit();
    }
    await wb.commit();
  }
  await writeXlsx(path.join(OUT, 'registry.xlsx'), regRows, REG_COLS, ['证件号码', '户主证件号码']);
  await writeXlsx(path.join(OUT, 'roll.xlsx'), roll, ROLL_COLS, ['身份证件号', '监护人身份证件号']);
}
const stat = {
  households: households.length,
  registry_rows: regRows.length,
  roll_rows: roll.length,
  roll_registry_rows: truth.filter((t) => t.pid).length,
  twin_pairs: twinPairs.length,
  expected_unenrolled: expUn.length,
};
fs.writeFileSync(path.join(OUT, 'stats.json'), JSON.stringify(stat, null, 1));
console.log(JSON.stringify(stat));
