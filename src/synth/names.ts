/**
 * Realistic Chinese names for synthetic Sanming data: a surname table weighted for western Fujian
 * (林 陈 黄 are far more common there than nationally; Hakka and 畲 surnames such as 赖 邱 巫 蓝 雷 钟
 * are common in 宁化/清流/明溪), given names by sex and generation, a share of very common names so
 * that hard negatives (same name, different person) arise naturally, and the substitution tables used
 * to damage names (homophones 同音字, traditional characters 繁体字).
 */
import { type Rng, WeightedTable } from './random.ts';

/** Sex as used in IDs and rolls: odd sequence number = male. */
export type Sex = 'M' | 'F';

// Approximate national shares in ‰, multiplied for Sanming where Fujian/Hakka surnames are denser.
const SURNAME_WEIGHTS =
  '陈:140 林:95 李:55 黄:60 张:55 王:40 刘:45 吴:35 杨:30 罗:30 邱:22 郑:30 曾:22 赖:20 廖:20 ' +
  '邓:18 朱:15 徐:14 周:16 魏:10 钟:16 江:14 谢:16 余:14 肖:12 叶:18 范:6 蔡:10 温:8 巫:6 ' +
  '雷:8 蓝:6 官:4 伍:3 赵:12 孙:8 马:7 胡:10 郭:12 何:12 高:9 梁:7 宋:6 唐:7 许:10 韩:4 ' +
  '冯:5 曹:5 彭:8 田:5 董:4 袁:5 潘:6 于:3 蒋:6 杜:5 程:6 苏:8 吕:4 丁:5 任:3 沈:5 ' +
  '姚:5 卢:7 姜:3 崔:2 谭:3 陆:4 汪:5 金:3 石:5 贾:2 夏:4 韦:2 付:4 方:6 白:2 邹:6 孟:2 ' +
  '熊:5 秦:2 尹:2 薛:3 闫:1 段:2 侯:2 龙:2 史:2 陶:3 黎:3 贺:2 顾:2 毛:3 郝:1 龚:3 邵:3 ' +
  '万:3 钱:2 严:3 覃:1 武:2 戴:4 莫:2 孔:2 向:1 汤:3 翁:4 池:3 饶:3 揭:2 童:2 危:2 连:3';

const COMPOUND_SURNAMES: readonly (readonly [string, number])[] = [
  ['欧阳', 0.6],
  ['上官', 0.4],
  ['司马', 0.1],
  ['诸葛', 0.05],
  ['司徒', 0.1],
];

const surnamePairs: [string, number][] = SURNAME_WEIGHTS.split(' ')
  .map((entry) => entry.split(':') as [string, string])
  .map(([s, w]): [string, number] => [s, Number(w)])
  .filter(([, w]) => w > 0);
for (const [s, w] of COMPOUND_SURNAMES) surnamePairs.push([s, w]);
const SURNAMES = new WeightedTable(
  surnamePairs.map(([s]) => s),
  surnamePairs.map(([, w]) => w),
);

/** Every surname the generator can produce (single and compound). */
export const ALL_SURNAMES: readonly string[] = SURNAMES.items;

/** A surname drawn from the Sanming-weighted frequency table (compound surnames ≈ 0.1 %). */
export function pickSurname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

// Given-name characters by sex and generation (born before 1996 vs after 2000).
const CHARS = {
  oldM: '建国华明军伟强平志勇文海林生金荣春德福忠清光新永东成水根发财贵长祥兴进宝峰辉斌仁义华庆云龙',
  oldF: '秀英兰芳珍梅玉凤桂华丽霞萍红燕娟琴香莲花美金春娥妹娇敏玲琼莉珠月冬雪',
  newM: '浩宇轩子涵俊杰博文睿泽晨思一明嘉鑫磊鹏凯豪航辰逸铭煜毅锦恒昊天志伟诚宏鸿阳瑞翔斌彬奕哲晟',
  newF: '欣怡佳雨梓涵诗婷琪萱悦雪思颖静晶丽娜芳敏雅馨妍慧玲琳倩蕾璐彤菲艺可心晓月嘉紫丹若语依',
} as const;

// Very common full given names: the source of natural same-name pairs (张伟, 王芳, 李娜 …).
const POPULAR = {
  oldM: ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '平', '刚', '斌', '建华', '国华', '志强'],
  oldF: ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀英', '桂英', '玉兰', '丽娟', '秀珍', '燕'],
  newM: ['子涵', '浩然', '宇轩', '梓轩', '俊杰', '浩宇', '子豪', '一鸣', '宇航', '博文', '梓豪', '睿'],
  newF: ['欣怡', '梓涵', '诗涵', '子涵', '雨涵', '佳怡', '梓萱', '思琪', '欣妍', '可馨', '雨欣', '婷'],
} as const;

function generation(sex: Sex, birthYear: number): keyof typeof CHARS {
  const young = birthYear >= 1998;
  if (sex === 'M') return young ? 'newM' : 'oldM';
  return young ? 'newF' : 'oldF';
}

function charFrom(rng: Rng, pool: string): string {
  return pool[Math.floor(rng.next() * pool.length)]!;
}

/**
 * A given name for a person of this sex born in `birthYear`: about 70 % two characters, and
 * `popularShare` (default 6 %) drawn from a short list of very common names.
 */
export function pickGivenName(rng: Rng, sex: Sex, birthYear: number, popularShare = 0.06): string {
  const gen = generation(sex, birthYear);
  if (rng.chance(popularShare)) return rng.pick(POPULAR[gen]);
  const pool = CHARS[gen];
  const a = charFrom(rng, pool);
  if (rng.chance(0.3)) return a;
  let b = charFrom(rng, pool);
  if (b === a && rng.chance(0.8)) b = charFrom(rng, pool);
  return a + b;
}

/**
 * A twin's given name: often similar to the sibling's (shared first or last character, e.g. 佳怡/佳琪),
 * never identical.
 */
export function pickTwinGivenName(rng: Rng, sex: Sex, birthYear: number, sibling: string): string {
  const pool = CHARS[generation(sex, birthYear)];
  for (let attempt = 0; attempt < 10; attempt++) {
    const r = rng.next();
    let name: string;
    if (sibling.length === 2 && r < 0.55) name = sibling[0]! + charFrom(rng, pool);
    else if (sibling.length === 2 && r < 0.75) name = charFrom(rng, pool) + sibling[1]!;
    else name = pickGivenName(rng, sex, birthYear, 0);
    if (name !== sibling) return name;
  }
  return `${sibling}${charFrom(rng, pool)}`;
}

const MINORITY = {
  M: ['买买提·吐尔逊', '艾力·阿不都', '阿卜杜拉·艾合买提', '努尔兰·哈力克', '扎西·多吉', '吐尔洪·买买提'],
  F: [
    '阿依古丽·买买提',
    '古丽娜尔·艾则孜',
    '热依拉·阿不都',
    '迪丽努尔·艾合买提',
    '卓玛·次仁',
    '帕提古丽·吾斯曼',
  ],
} as const;

/** A full name with a middle dot (维吾尔族, 藏族 …), used rarely. */
export function pickMinorityName(rng: Rng, sex: Sex): string {
  return rng.pick(MINORITY[sex]);
}

// Groups of characters read the same (ignoring tone for a few); one character belongs to one group.
const HOMOPHONE_GROUPS = [
  '娜纳',
  '伟维玮炜',
  '静晶婧靖',
  '丽莉俐立',
  '军君钧',
  '明鸣铭',
  '华桦骅',
  '婷亭庭',
  '琪琦淇祺',
  '涵含晗',
  '轩萱宣瑄',
  '怡仪宜颐',
  '欣鑫馨新昕心',
  '宇雨语羽',
  '杰洁捷',
  '浩皓昊灏',
  '佳嘉家',
  '思斯丝',
  '子梓紫',
  '诗师施',
  '文雯闻',
  '晨辰宸',
  '涛韬',
  '磊蕾',
  '霞侠',
  '燕艳雁彦',
  '颖莹影',
  '玲铃凌灵龄',
  '琳林霖麟',
  '红宏鸿洪',
  '平萍苹',
  '英瑛樱',
  '兰岚蓝澜',
  '梅玫',
  '峰锋丰枫',
  '勇永咏',
  '辉晖',
  '慧惠蕙',
  '秀绣',
  '俊峻骏',
  '凯恺楷',
  '鹏朋彭',
  '航杭',
  '睿瑞锐',
  '泽则',
  '彤桐童',
  '悦月玥越',
  '倩茜',
  '艺亿毅逸奕',
  '晓筱',
  '雅亚娅',
  '妍研',
  '志智治',
  '建剑健',
  '生升胜',
  '荣蓉容',
  '东冬',
  '成诚承程',
  '祥翔',
  '宝保葆',
  '斌彬滨',
  '璐露鹭',
  '菲霏飞',
  '阳洋扬',
  '刚钢纲',
  '博波',
  '敏闵',
  '芳方',
  '珍真',
  '金津',
  '春椿',
  '可珂',
  '鑫',
];

const HOMOPHONES = new Map<string, string[]>();
for (const group of HOMOPHONE_GROUPS) {
  const chars = [...group];
  if (chars.length < 2) continue;
  for (const c of chars) {
    if (HOMOPHONES.has(c)) throw new Error(`homophone table: ${c} in two groups`);
    HOMOPHONES.set(
      c,
      chars.filter((o) => o !== c),
    );
  }
}

/** Characters sharing a reading with `ch` (empty when none is listed). */
export function homophonesOf(ch: string): readonly string[] {
  return HOMOPHONES.get(ch) ?? [];
}

/**
 * The given name with one character replaced by a homophone (娜→纳, 伟→玮 …), or null when no
 * character of the given name has one.
 */
export function homophoneGivenName(rng: Rng, given: string): string | null {
  const chars = [...given];
  const candidates = chars.map((c, i) => (HOMOPHONES.has(c) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return null;
  const i = rng.pick(candidates);
  chars[i] = rng.pick(HOMOPHONES.get(chars[i]!)!);
  return chars.join('');
}

// Simplified → traditional, for characters the generator actually produces. 林 梅 玲 … stay the same.
const TRADITIONAL_PAIRS =
  '陈陳 刘劉 华華 国國 张張 杨楊 黄黃 东東 丽麗 伟偉 军軍 赵趙 吴吳 孙孫 马馬 郑鄭 罗羅 许許 韩韓 ' +
  '冯馮 邓鄧 叶葉 苏蘇 吕呂 卢盧 钟鍾 陆陸 谭譚 龚龔 邹鄒 贺賀 顾顧 钱錢 严嚴 汤湯 龙龍 万萬 贾賈 ' +
  '韦韋 闫閆 赖賴 温溫 蓝藍 谢謝 饶饒 连連 红紅 兰蘭 凤鳳 长長 发發 贵貴 宝寶 兴興 荣榮 进進 ' +
  '财財 强強 涛濤 鹏鵬 鸿鴻 杰傑 颖穎 轩軒 诗詩 晓曉 艳艷 凯凱 辉輝 鸣鳴 铭銘 锋鋒 枫楓 丰豐 庆慶 ' +
  '梦夢 飞飛 静靜 莲蓮 义義 云雲 铃鈴 灵靈 龄齡 钢鋼 纲綱 刚剛 阳陽 扬揚 诚誠 宁寧 乐樂 泽澤 ' +
  '琼瓊 珠珠 语語 阳陽 锦錦 晖暉 惠惠 馨馨 娴嫻 彦彥 钧鈞 骏駿 燕燕 韬韜 宽寬 书書 艺藝 亿億 ' +
  '忆憶 宽寬 绣繡 玮瑋 婴嬰 樱櫻 莹瑩 岚嵐 澜瀾 铮錚 硕碩 颐頤 亚亞 娅婭 胜勝 剑劍 健健 严嚴 ' +
  '欧歐 阳陽 马馬 诸諸 葛葛 闻聞 师師 丝絲 纳納 时時 鹭鷺 萧蕭 邱邱 湾灣 盖蓋 孙孫 卫衛 齐齊';

const TRADITIONAL = new Map<string, string>();
for (const pair of TRADITIONAL_PAIRS.split(' ')) {
  const [s, t] = [...pair];
  if (s && t && s !== t) TRADITIONAL.set(s, t);
}

/** The name with every character that has a traditional form converted (陈丽华→陳麗華), or null if unchanged. */
export function toTraditional(name: string): string | null {
  let changed = false;
  let out = '';
  for (const c of name) {
    const t = TRADITIONAL.get(c);
    if (t) changed = true;
    out += t ?? c;
  }
  return changed ? out : null;
}
