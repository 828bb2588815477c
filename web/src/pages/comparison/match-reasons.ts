/**
 * 匹配依据 in the English UI. The matcher explains each decision in fixed Chinese phrases joined by ；
 * (src/domain/matching/explain.ts; the review's prefixes in src/modules/comparison); the API sends that
 * sentence only. Here each phrase is read in English by a table of the matcher's own phrases, names,
 * digits and dates kept as they are. A sentence with any phrase the table does not know is shown in
 * Chinese, whole (test/web-match-reasons.test.ts fails when explain.ts gains a phrase missing here).
 */
import type { Lang } from '../../i18n.ts';

const CONFIRM = 'confirm by hand';
/** A date the pupil's row took from its ID (no 出生日期 of its own). */
/** The phrase of a name with a '?' its file's encoding wrote (explain.ts nameText). */
const LOST_CHAR_PHRASE = '姓名中有文件编码丢失的字符“?”，其余相符：';
const BIRTH_FROM_ID = " (the roll gives none, or an invalid one: the date in the pupil's ID)";

/** The 建档立卡 system's 与户主关系 (and the matcher's stand-ins), in English; another stays as written. */
const RELATIONS: Record<string, string> = {
  户主: 'head of household',
  本人: 'head of household',
  配偶: 'spouse',
  之子: 'son',
  之女: 'daughter',
  之父: 'father',
  之母: 'mother',
  之孙子: 'grandson',
  之孙女: 'granddaughter',
  之外孙子: 'grandson',
  之外孙女: 'granddaughter',
  之儿媳: 'daughter-in-law',
  之女婿: 'son-in-law',
  之兄弟姐妹: 'sibling',
  兄弟姐妹: 'sibling',
  之祖父: 'grandfather',
  之祖母: 'grandmother',
  之外祖父: 'grandfather',
  之外祖母: 'grandmother',
  其他: 'other',
  成员: 'member',
  成人: 'adult',
  家庭成员: 'household member',
};
export const relation = (r: string): string => RELATIONS[r] ?? r;
/** A relation written before a name (户主刘德华): the relation in English, then the name. */
function relationAndName(s: string): string {
  const known = Object.keys(RELATIONS)
    .filter((r) => s.startsWith(r) && s.length > r.length)
    .sort((a, b) => b.length - a.length)[0];
  return known === undefined ? s : `${RELATIONS[known]} ${s.slice(known.length)}`;
}

/** Whole phrases. */
const PHRASES: Record<string, string> = {
  身份证号一致: 'IDs agree',
  '身份证号被Excel损坏(末三位变为000)，前15位一致':
    'ID damaged by Excel (last three digits turned to 000), the first 15 digits agree',
  '身份证号被Excel损坏，保留的前几位一致': 'ID damaged by Excel, the digits left agree',
  '身份证号被Excel损坏(科学计数法)，仅地区码可比且一致':
    'ID damaged by Excel (scientific notation), only the area code can be compared and it agrees',
  '名单证件号被Excel损坏，仅前几位可比且一致':
    "The list's ID damaged by Excel, only its first digits can be compared and they agree",
  '身份证号不同（学生身份证号中的出生日期与出生日期列不一致，疑似填写了他人的证件号）':
    "IDs differ (the birth date in the pupil's ID contradicts the birth date column: probably someone else's ID)",
  身份证号不同: 'IDs differ',
  '身份证号不同（两个号码均有效，应为不同的人）': 'IDs differ (both valid: two different people)',
  '学生身份证号为该户成人的证件号，需更正': "The pupil's ID is an adult's of the household, to be corrected",
  '学生持非居民身份证件，无身份证号可比':
    'The pupil has a document other than a resident ID, no ID to compare',
  学生身份证号缺失或无法识别: "The pupil's ID is missing or unreadable",
  学生身份证号无效: "The pupil's ID is invalid",
  名单中证件号缺失或无效: "The list's ID is missing or invalid",
  '姓名一致（繁体字已转简体）': 'Names agree (traditional characters simplified)',
  姓名一致: 'Names agree',
  学生姓名缺失或无效: "Student's name missing or invalid",
  名单中姓名缺失或无效: 'Name on the list missing or invalid',
  学生姓名和名单中姓名均缺失或无效: 'Both names missing or invalid',
  出生日期一致: 'Birth dates agree',
  '出生日期一致（名册未填出生日期或日期无效，按身份证号中的日期）':
    "Birth dates agree (the roll gives none, or an invalid one: the date in the pupil's ID)",
  出生日期无法比对: 'Birth dates cannot be compared',
  性别不一致: 'Sexes differ',
  监护人身份证号为该户成员: "The guardian's ID is a household member's",
  监护人姓名与该户成员一致: "The guardian's name is a household member's",
  户籍地同村: 'Registered in the same village',
  户籍地同乡镇: 'Registered in the same township',
  户籍地同县: 'Registered in the same county',
  '户籍地/监护人与该户不符': 'Registration or guardian does not fit the household',
  '同户双胞胎，需人工确认': `Twins of one household, ${CONFIRM}`,
  '同户兄弟姐妹，需人工确认': `Siblings of one household, ${CONFIRM}`,
  '有多个相近的候选人员，需人工确认': `Several close candidates, ${CONFIRM}`,
  '身份证号缺失、无效或与该人员不符，也无监护人佐证，仅凭姓名、出生日期（或户籍地）相同或相近，需人工确认': `The ID is missing, invalid or not the person's, and no guardian supports it: only the name and birth date (or registration) agree or are close, ${CONFIRM}`,
  '两个身份证号均有效且不同，虽监护人与该户相符，仍可能是该户其他子女，需人工确认': `Both IDs are valid and differ: though the guardian fits the household, this may be another child of it, ${CONFIRM}`,
  '仅监护人与该户相符，身份证号、姓名、出生日期均不能证明是同一人，需人工确认': `Only the guardian fits the household; neither ID, name nor birth date shows it is the same person, ${CONFIRM}`,
  '姓名完全不同，仅出生日期和监护人与该户成员相符，可能是亲属家的另一名儿童，需人工确认': `The names differ entirely; only the birth date and the guardian fit a member of the household: this may be another child of the family's relatives, ${CONFIRM}`,
  '仅身份证号相同，姓名不一致，户籍地或监护人也指向其他家庭，可能是名单中的身份证号登记有误，需人工确认': `Only the IDs agree; the names differ and the registration or guardian points to another family: the list's ID may be wrong, ${CONFIRM}`,
  '仅身份证号相同，姓名完全不同（姓氏也不同），也没有户籍地或监护人证明是该户的孩子，可能是名单中的身份证号登记有误，需人工确认': `Only the IDs agree; the names are wholly different (the surname too) and no registration or guardian shows the child is of that family: the list's ID may be wrong, ${CONFIRM}`,
  '同户双胞胎，证据不足以区分，需人工确认': `Twins of one household, the evidence cannot tell them apart, ${CONFIRM}`,
  '证据不足以确认，需人工确认': `Not enough evidence to confirm, ${CONFIRM}`,
  建档立卡名单中未找到该生: 'Not found in the 建档立卡 registry',
  人工已确认: 'Confirmed by hand',
  '身份证号不同（两个号码均有效，人工核实为同一人，请更正有误的证件号）':
    'IDs differ (both valid; confirmed by hand as one person: correct the wrong one)',
  '本次比对未将该人员列为候选，按人编号或证件号码人工关联':
    'Not a candidate of this comparison; linked by hand by person number or ID',
  人工已否决候选匹配: 'Candidates rejected by hand',
  建档立卡名单中没有其他候选人员: 'No other candidate in the 建档立卡 registry',
  '该生身份证号与被否决的人员相同，两人之一的证件号有误，请核实更正':
    "The pupil's ID is the rejected person's: one of the two IDs is wrong, check and correct it",
  人工已否决部分候选: 'Some candidates rejected by hand',
  '本次比对未将该人员列为候选，以人工核实结果为准':
    'This comparison did not list this person as a candidate; the check by hand decides',
};

/** Why the ID column could not be used, inside 学籍号中的身份证号一致（…）. */
const ID_COLUMN: Record<string, string> = {
  '身份证件号列被Excel损坏(科学计数法)': 'the ID column damaged by Excel, scientific notation',
  '身份证件号列被Excel损坏(末三位变为000)': 'the ID column damaged by Excel, last three digits turned to 000',
  身份证件号列为空或无法识别: 'the ID column empty or unreadable',
  身份证件号列为其他证件的号码: "the ID column holding another document's number",
  身份证件号列有误: 'the ID column wrong',
  '身份证件号列与之差一位或两位颠倒，疑似录入错误': 'the ID column one digit (or two swapped) off it: a typo',
  身份证件号列无效: 'the ID column invalid',
  身份证件号列为另一个号码: 'the ID column holding another number',
};

/** What agreed in 按…匹配. */
const BASIS: Record<string, string> = {
  姓名: 'name',
  出生日期: 'birth date',
  监护人: 'guardian',
  户籍地: 'registration',
};

const ID_SOURCE: Record<string, string> = {
  学籍号中的身份证号: 'The ID in the student number',
  身份证号: 'ID',
};

/** Another roll row as explain.ts names it: by file row (第12行学生) or, in the app, by pupil and 学籍号. */
const rowOf = (s: string) => {
  const m = s.match(/^第(\d+)行学生$/);
  if (m) return `the pupil of row ${m[1]}`;
  const app = s.match(/^学生(.+)（学籍号 (.+)）$/);
  if (app) return `the pupil ${app[1]} (student number ${app[2]})`;
  return s === '其他学生' ? 'another pupil' : null;
};
const twins = (s: string | undefined) => (s ? ', whose twin in the household is also a candidate' : '');

type Rule = [RegExp, (m: RegExpMatchArray) => string | null];

/** Phrases with names, digits or dates in them. */
const RULES: Rule[] = [
  [
    /^学籍号中的身份证号一致（(.+)）$/,
    (m) => (ID_COLUMN[m[1]!] ? `The ID in the student number agrees (${ID_COLUMN[m[1]!]})` : null),
  ],
  [
    /^(学籍号中的身份证号|身份证号)第(\d+)、(\d+)位颠倒，疑似录入错误$/,
    (m) => `${ID_SOURCE[m[1]!]}: digits ${m[2]} and ${m[3]} swapped, probably a typing error`,
  ],
  [
    /^(学籍号中的身份证号|身份证号)第(\d+)位不同，疑似录入错误$/,
    (m) => `${ID_SOURCE[m[1]!]}: digit ${m[2]} differs, probably a typing error`,
  ],
  [
    /^学生身份证号为该户(.+)的证件号，需更正$/,
    (m) => `The pupil's ID is the household's ${relationAndName(m[1]!)}'s, to be corrected`,
  ],
  [/^姓名同音：(.+)$/, (m) => `Names sound alike: ${m[1]}`],
  [
    /^姓名一致（仅间隔号“·”有无不同）：(.+)$/,
    (m) => `Names agree (only the middle dot “·” differs): ${m[1]}`,
  ],
  [
    /^同一人另见(.+?)（一人多籍：同一身份证号有两个学籍，请核实）$/,
    (m) => {
      const who = rowOf(m[1]!);
      return who && `The same person is also ${who} (two enrolments under one ID: please check)`;
    },
  ],
  [
    /^同一人另见(.+?)（两行信息相同：重复列出或一人多籍，请核实）$/,
    (m) => {
      const who = rowOf(m[1]!);
      return (
        who &&
        `The same person is also ${who} (the two rows agree: listed twice or enrolled twice, please check)`
      );
    },
  ],
  [/^姓名字序不同：(.+)$/, (m) => `Name characters in another order: ${m[1]}`],
  [/^姓名一字之差：(.+)$/, (m) => `Names one character apart: ${m[1]}`],
  [
    new RegExp(`^${LOST_CHAR_PHRASE.replace('?', '\\?')}(.+)$`),
    (m) => `A name holds “?” for a character its file's encoding lost; the rest agrees: ${m[1]}`,
  ],
  [/^仅姓氏相同（可能改名）：(.+)$/, (m) => `Only the surnames agree (perhaps a new name): ${m[1]}`],
  [/^姓名不同：(.+)$/, (m) => `Names differ: ${m[1]}`],
  [
    /^出生日期同年同月不同日(（名册未填出生日期或日期无效，按身份证号中的日期）)?：(.+)$/,
    (m) => `Birth dates in the same month, another day${m[1] ? BIRTH_FROM_ID : ''}: ${m[2]}`,
  ],
  [
    /^出生年份相同、月日不同(（名册未填出生日期或日期无效，按身份证号中的日期）)?：(.+)$/,
    (m) => `Same birth year, another month and day${m[1] ? BIRTH_FROM_ID : ''}: ${m[2]}`,
  ],
  [
    /^出生日期不同(（名册未填出生日期或日期无效，按身份证号中的日期）)?：(.+)$/,
    (m) => `Birth dates differ${m[1] ? BIRTH_FROM_ID : ''}: ${m[2]}`,
  ],
  [
    /^按(.+)匹配$/,
    (m) => {
      const parts = m[1]!.split('+').map((p) => BASIS[p]);
      return parts.every(Boolean) ? `Matched on ${parts.join(' + ')}` : null;
    },
  ],
  [
    /^(身份证号与该户一名子女相同|身份证号与该户一名子女的只差一位|最相符的是该户另一名子女)，但同户另一名子女与该生(同名|姓名同音)(且出生日期相同)?，(可能误填了兄弟姐妹（双胞胎）的身份证号|可能误填了兄弟姐妹的身份证号|可能填的是兄弟姐妹的信息)，需人工确认$/,
    (m) => {
      const held = {
        身份证号与该户一名子女相同: "The ID is a child's of the household",
        身份证号与该户一名子女的只差一位: "The ID is one digit off a child's of the household",
        最相符的是该户另一名子女: 'The closest person is another child of the household',
      }[m[1]!];
      const named = m[2] === '同名' ? "the pupil's name" : "a name that sounds like the pupil's";
      const carried = m[4]!.startsWith('可能填的是')
        ? "perhaps a sibling's details were entered"
        : `perhaps a sibling's${m[4]!.includes('双胞胎') ? ' (twin’s)' : ''} ID was entered`;
      return `${held}, but another child of it has ${named}${m[3] ? ' and birth date' : ''}: ${carried}, ${CONFIRM}`;
    },
  ],
  [
    /^身份证件号末三位为 000，前 15 位与已确认的建档立卡人员(.+)的证件号相同：应是 Excel 保存时改的，请更正$/,
    (m) =>
      `The ID ends in 000 and its first 15 digits are those of ${m[1]}, the confirmed registry person's: Excel changed it on saving, please correct it`,
  ],
  [
    /^身份证件号为建档立卡人员(.+)（(.+?)）的证件号，不是该生本人的：请更正为学生本人的证件号$/,
    (m) =>
      `The ID is registry person ${m[1]}'s (${relation(m[2]!)}), not the pupil's own: please enter the pupil's ID`,
  ],
  [
    /^该人员已与(.+?)确认匹配$/,
    (m) => {
      const who = rowOf(m[1]!);
      return who && `This person is already matched with ${who}`;
    },
  ],
  [
    /^同户双胞胎姓名同音（(.+)），没有身份证号可以区分，可能把一人的姓名误写成另一人的，需人工确认$/,
    (m) =>
      `Twins of one household whose names sound alike (${m[1]}), no ID to tell them apart: one's name may have been written for the other's, ${CONFIRM}`,
  ],
  [
    /^最相符的人员已与(.+?)确认匹配(，其同户双胞胎也在候选人员中)?，需人工确认$/,
    (m) => {
      const who = rowOf(m[1]!);
      return who && `The closest person is already matched with ${who}${twins(m[2])}, ${CONFIRM}`;
    },
  ],
  [
    /^最相符的人员同时与(.+?)相符(，其同户双胞胎也在候选人员中)?，需人工确认$/,
    (m) => {
      const who = rowOf(m[1]!);
      return who && `The closest person also fits ${who}${twins(m[2])}, ${CONFIRM}`;
    },
  ],
  [
    /^学生身份证号为建档立卡人员(.+)（(.+?)）的证件号，不是该生本人$/,
    (m) => `The pupil's ID is that of the registry person ${m[1]} (${relation(m[2]!)}), not the pupil's own`,
  ],
  [
    /^建档立卡名单中未找到该生（名单中有同名且出生日期相同的人员，但两人身份证号均有效且不同，应为不同的人）$/,
    () =>
      'Not found in the 建档立卡 registry (someone there has the same name and birth date, but both IDs are valid and differ: two different people)',
  ],
  [
    /^建档立卡名单中未找到该生（名单中有同名且出生日期相同的人员，但学籍号中的身份证号与其身份证号均有效且不同，应为不同的人）$/,
    () =>
      'Not found in the 建档立卡 registry (someone there has the same name and birth date, but the ID in the 学籍号 and theirs are both valid and differ: two different people)',
  ],
  [
    /^建档立卡名单中未找到该生（最相近：(.+?)，(.+)）$/,
    (m) => {
      const inner = englishParts(m[2]!);
      return inner && `Not found in the 建档立卡 registry (nearest: ${m[1]}, ${inner})`;
    },
  ],
  [
    /^身份证号不同（该生的身份证号是同户(.+)的）$/,
    (m) => `IDs differ (the pupil's ID is that of ${m[1]}, of the same household)`,
  ],
  [
    /^学生身份证号为建档立卡人员(.+)（(.+?)）的证件号，不是已确认的本人(.+)的，请更正$/,
    (m) =>
      `The pupil's ID is that of the registry person ${m[1]} (${relation(m[2]!)}), not of ${m[3]}, whom the pupil was confirmed as: correct it`,
  ],
  [
    /^学生身份证号为建档立卡人员(.+)（(.+?)，生于(\S+?)）的证件号，与该生的出生日期不符，请核实后更正$/,
    (m) =>
      `The pupil's ID is that of the registry person ${m[1]} (${relation(m[2]!)}, born ${m[3]}), which does not fit the pupil's birth date: check and correct it`,
  ],
  [
    /^学生身份证号与已确认的建档立卡人员(.+)的证件号不同，请核实哪一个有误并更正$/,
    (m) =>
      `The pupil's ID differs from that of the registry person ${m[1]} the pupil was confirmed as: check which one is wrong and correct it`,
  ],
  [
    /^该人员已由人工确认为学籍号(\S+)的学生，需人工核实$/,
    (m) => `This person was confirmed by hand as the pupil with student number ${m[1]}, check by hand`,
  ],
];

/** Splits on the ； that join phrases, not those inside （…）. */
function phrases(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '（') depth++;
    else if (c === '）') depth = Math.max(0, depth - 1);
    else if (c === '；' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** The English of one phrase of the matcher's (and of the comparison's 证件号问题, which are its phrases), or null. */
export function englishPhrase(p: string): string | null {
  const whole = PHRASES[p];
  if (whole) return whole;
  for (const [re, english] of RULES) {
    const m = p.match(re);
    if (m) return english(m);
  }
  return null;
}

function englishParts(text: string): string | null {
  const out: string[] = [];
  for (const p of phrases(text)) {
    const e = englishPhrase(p);
    if (e === null) return null;
    out.push(e);
  }
  return out.join('; ');
}

/** 匹配依据 in `lang`: in English when every phrase is known, else the Chinese as the server wrote it. */
export function matchReason(text: string, lang: Lang): string {
  if (lang !== 'en' || text === '') return text;
  return englishParts(text) ?? text;
}
