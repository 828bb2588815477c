/**
 * The English of the texts the server writes about rows and records: an import's per-row problems
 * (src/domain/roll/roll-row.ts, registry-row.ts, cell-rules.ts), the comparison's 证件号问题
 * (src/domain/matching/explain.ts confirmedIdProblem and the guardian's-ID problem) and the
 * registry's 贫困户属性 / 脱贫状态 values. Like serverMessages.ts: every pattern is anchored, a
 * text made of several parts (joined by ；) is English only when every part is, and any other text
 * stays as the server wrote it — never a guess. Column names, pupils' names, relations and the
 * file's own values stay in Chinese: they are what the user sees in the file; relations are read
 * in English (match-reasons.ts relation).
 */
import { englishPhrase, relation } from './pages/comparison/match-reasons.ts';

/** What describeIdDamage says of an ID, after "The ID number …". */
const ID_DAMAGE: Record<string, string> = {
  '被 Excel 转为科学计数法，后几位已丢失':
    'was turned into scientific notation by Excel; its last digits are lost',
  '末三位被 Excel 改为 000': 'had its last three digits changed to 000 by Excel',
  '末三位为 000，应是 Excel 保存时改的': 'ends in 000, most likely changed by Excel on saving',
  '其中的出生日期无效，校验位也不正确': 'holds an invalid birth date, and its check character is wrong',
  其中的出生日期无效: 'holds an invalid birth date',
  校验位不正确: 'has a wrong check character',
  位数不正确: 'has the wrong number of digits',
  含有非法字符: 'holds characters that are not digits',
  无法识别: 'cannot be read',
};
const DAMAGE = `(${Object.keys(ID_DAMAGE)
  .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  .join('|')})`;

/** The registry's values (POLICY.md; registry-row.ts EXIT_STATUSES, POVERTY_ATTRIBUTES). */
export const REGISTRY_VALUES: Record<string, string> = {
  未脱贫: 'not yet out of poverty',
  '已脱贫(享受政策)': 'out of poverty (still covered by the policy)',
  '已脱贫(不享受政策)': 'out of poverty (no longer covered)',
  一般贫困户: 'ordinary poor household',
  低保贫困户: 'poor household on minimum living allowance',
  特困供养贫困户: 'poor household on extreme-poverty support',
};

const STAGES = '学前/小学/初中/普通高中/中职';

/** The fields a transfer in agreed on (roll-identity.ts agreeingFields), in English. */
const TRANSFER_FIELDS: Record<string, string> = {
  姓名: 'name',
  出生日期: 'birth date',
  身份证件号: 'ID number',
  性别: 'sex',
};

type Rule = [RegExp, (m: RegExpMatchArray) => string];

const RULES: Rule[] = [
  // A roll's ID correction and transfer in (roll-identity.ts idCorrectedWarning, transferInWarning:
  // verifier t28d N4, left in Chinese).
  [
    /^身份证件号 (\S+) 与该学籍号原有的身份证件号 (\S+) 不同：已按更正身份证号导入，该学籍从原身份证号的人员档案转到(一份按学籍号新建的人员档案（新身份证号属于另一人员，未关联到其一生一档）|新身份证号的人员档案)，按原身份证号得出的比对结果和人工核实结果（如有）作废，请重新比对；如是误填，请改回后重新导入$/,
    (m) =>
      `The ID number ${m[1]} differs from the one this 学籍号 had (${m[2]}): imported as a correction; the record moves from the former ID's person file to ${
        m[3]!.startsWith('一份')
          ? "a file of its own (the new ID is another person's, not linked to that person's lifelong file)"
          : "the new ID's person file"
      }, and the comparison and review results of the former ID are void: run the comparison again. If it was mistyped, change it back and import again`,
  ],
  [
    /^该学生原在(.+?)（您管辖范围以外(，已记为离校)?），本行的(.+)与其相符：按转学转入本校，原学校的记录和变动历史保留在其一生一档中$/,
    (m) => {
      // (The fields in English too — verifier t28e.)
      const fields = m[3]!.split('、').map((f) => TRANSFER_FIELDS[f] ?? f);
      return `The pupil was at ${m[1]} (outside your area${m[2] ? ', recorded as left' : ''}); this row's ${fields.join(', ')} ${fields.length === 1 ? 'agrees' : 'agree'}: transferred in to your school; the former school's records and history stay in the lifelong file`;
    },
  ],
  // Another name and another sex or birth date under one 学籍号 (roll-identity.ts identityChangeWarning).
  [
    /^(姓名和性别和出生日期|姓名和性别|姓名和出生日期)都与该学籍号原有的学生不同（(.+) → (.+)）：已按本行导入，多半是另一名学生的学籍号填错了，请核对；如确是同一学生（更名并更正(性别|出生日期)），可不理会$/,
    (m) => {
      const what = {
        姓名和性别和出生日期: 'name, sex and birth date',
        姓名和性别: 'name and sex',
        姓名和出生日期: 'name and birth date',
      }[m[1]!];
      const side = (s: string) =>
        s.replaceAll('，男', ', male').replaceAll('，女', ', female').replaceAll('，', ', ');
      return `The ${what} differ from the pupil stored under this 学籍号 (${side(m[2]!)} → ${side(m[3]!)}): imported as given; most likely another pupil's 学籍号 was mistyped, please check; if it is the same pupil (renamed, ${m[4] === '性别' ? 'sex' : 'birth date'} corrected), ignore this`;
    },
  ],
  // A registry re-import's 人编号 given to another person (registry.import.ts).
  [
    /^人编号 (\S+) 在原名单中是 (.+?)，本名单中为 (.+?)：同一人编号换了人，请核实（(?:原人员已不在名单中|原人员现为人编号 (\S+))）$/,
    (m) =>
      `人编号 ${m[1]} was ${m[2]} in the previous list and is ${m[3]} in this one: the same 人编号 is another person, please check (${m[4] ? `the former holder is now 人编号 ${m[4]}` : 'the former holder is no longer on the list'})`,
  ],
  // ID numbers (身份证件号 column).
  [/^身份证件号为空$/, () => 'The ID number is empty'],
  [/^身份证件号缺失$/, () => 'The ID number is missing'],
  [
    /^身份证件号为空：沿用该学籍号原有的身份证号$/,
    () => 'The ID number is empty: the ID this 学籍号 already has is kept',
  ],
  [
    new RegExp(`^身份证件号“(.*)”${DAMAGE}：不影响导入，标记为证件号问题，待比对核实$`),
    (m) =>
      `The ID number “${m[1]}” ${ID_DAMAGE[m[2]!]}: imported, and marked as an ID problem for the comparison to check`,
  ],
  [
    new RegExp(`^身份证件号“(.*)”${DAMAGE}，以学籍号中的身份证号为准$`),
    (m) => `The ID number “${m[1]}” ${ID_DAMAGE[m[2]!]}: the ID in the 学籍号 is taken instead`,
  ],
  [
    new RegExp(`^身份证件号“(.*)”${DAMAGE}，与该学籍号原有的身份证号相符：沿用原有号码$`),
    (m) =>
      `The ID number “${m[1]}” ${ID_DAMAGE[m[2]!]}, and agrees with the ID this 学籍号 already has: that ID is kept`,
  ],
  [
    new RegExp(
      `^身份证件号“(.*)”${DAMAGE}，与该学籍号原有的身份证号只差一位（或两位颠倒），应为录入错误：沿用原有号码，请在学籍系统中改正$`,
    ),
    (m) =>
      `The ID number “${m[1]}” ${ID_DAMAGE[m[2]!]}, and differs from the ID this 学籍号 already has in one digit (or two swapped): a typing error, so that ID is kept; please correct it in the 学籍 system`,
  ],
  [new RegExp(`^${DAMAGE}$`), (m) => `The ID number ${ID_DAMAGE[m[1]!]}`],
  // A registry's or a list's ID (registry-row.ts checkId), named by its column.
  [
    new RegExp(`^(证件号码|身份证号|户主证件号码)“(.*)”${DAMAGE}：不影响导入，标记为证件号问题$`),
    (m) => `The ${m[1]} “${m[2]}” ${ID_DAMAGE[m[3]!]}: imported, and marked as an ID problem`,
  ],
  [/^(证件号码|身份证号|户主证件号码)为空$/, (m) => `The ${m[1]} is empty`],
  [
    /^身份证件号与学籍号（G\+身份证号）中的身份证号不一致：如该生的身份证号已更正（学籍号不随之改变），无需处理；否则请核对哪一个有误$/,
    () =>
      'The ID number is not the one in the 学籍号 (G + ID number): nothing to do if the ID was corrected (the 学籍号 stays as it was); otherwise check which is wrong',
  ],
  [
    /^身份证件号“(.*)”末三位为 000，与学籍号中的身份证号前 15 位相同，应是 Excel 保存时改的：以学籍号中的身份证号为准$/,
    (m) =>
      `The ID number “${m[1]}” ends in 000 and begins with the 15 digits of the ID in the 学籍号: Excel changed it on saving, so the 学籍号's ID is taken`,
  ],
  [
    /^身份证号中的出生日期与出生日期列不一致$/,
    () => 'The birth date in the ID differs from the 出生日期 column',
  ],
  [/^身份证号中的性别与性别列不一致$/, () => 'The sex in the ID differs from the 性别 column'],
  [
    /^身份证件号与第 (\d+) 行（学籍号 (.+)，(.+)）相同：可能是同一学生重复建立学籍（一人多籍），也可能误填了家长的身份证号，请核实$/,
    (m) =>
      `The same ID number as row ${m[1]} (学籍号 ${m[2]}, ${m[3]}): one pupil enrolled twice (一人多籍), or a parent's ID typed in; please check`,
  ],
  [
    /^该身份证件号已有在读学籍（(.+)）：同一学生在两所学校在读，请核实是否重复建立学籍（一人多籍）$/,
    (m) =>
      `This ID number is already enrolled (${m[1] === '您管辖范围以外的学校' ? 'at a school outside your area' : m[1]}): one pupil enrolled at two schools; please check for a double enrolment (一人多籍)`,
  ],
  // Required and malformed cells.
  [/^(.+)为必填项$/, (m) => `${m[1]} is required`],
  [/^学校名称或学校标识码至少填写一项$/, () => 'Give the 学校名称 or the 学校标识码 (at least one)'],
  [/^姓名过长$/, () => 'The name is too long'],
  [/^学校标识码“(.*)”应为 10 位数字$/, (m) => `The 学校标识码 “${m[1]}” must be 10 digits`],
  [/^学校标识码 (\S+) 不在您的管辖范围内$/, (m) => `The school ${m[1]} is outside your area`],
  [
    /^学校标识码 (\S+) 不存在（请先导入学校名单）$/,
    (m) => `There is no school ${m[1]} (import the school list first)`,
  ],
  [/^学校“(.*)”不在您的管辖范围内$/, (m) => `The school “${m[1]}” is outside your area`],
  [/^(.+)不在您的管辖范围内$/, (m) => `${m[1]} is outside your area`],
  [
    /^学段“(.*)”无法识别（应为 学前\/小学\/初中\/普通高中\/中职）$/,
    (m) => `The 学段 “${m[1]}” is not recognised (it should be one of ${STAGES})`,
  ],
  [
    /^性别“(.*)”无法识别（应为 男\/女）$/,
    (m) => `The 性别 “${m[1]}” is not recognised (it should be 男 or 女)`,
  ],
  [
    /^出生日期“(.*)”不是有效日期（如 2010-09-01）$/,
    (m) => `The 出生日期 “${m[1]}” is no valid date (e.g. 2010-09-01)`,
  ],
  [
    /^学籍号“(.*)”格式不正确（应为 G\+18 位身份证号，或 L\/J 加 6 至 30 位数字或大写字母的临时编号(：该学籍号字母后不足 6 位)?）$/,
    (m) =>
      `The 学籍号 “${m[1]}” has the wrong form (G + the 18-character ID number, or L/J + a temporary number of 6 to 30 digits or capital letters${m[2] ? ': this one has fewer than 6 after the letter' : ''})`,
  ],
  [
    /^学籍号“(.*)”以 G 开头，但不是 G 加 18 位身份证号，请核对$/,
    (m) => `The 学籍号 “${m[1]}” begins with G but is not G + an 18-digit ID number; please check`,
  ],
  [
    /^学籍号“(.*)”被 Excel 转成了数字，原学籍号已丢失：请从学籍系统重新导出，或将该列设为“文本”格式后重新填写$/,
    (m) =>
      `The 学籍号 “${m[1]}” was turned into a number by Excel and is lost: export it again from the 学籍 system, or set the column to Text and fill it in again`,
  ],
  [
    /^学籍号“(.*)”被 Excel 转成了数字（“G”和末几位已丢失），与身份证件号相符，已恢复为 G\+身份证号：请在学籍系统中核对$/,
    (m) =>
      `The 学籍号 “${m[1]}” was turned into a number by Excel (the G and its last digits lost); it agrees with the ID number and is restored as G + the ID; please check it in the 学籍 system`,
  ],
  [
    /^内容以 (.+) 开头，疑似公式，已拒绝（请去掉开头的符号；若是 Excel 公式，请复制该列后“选择性粘贴—数值”再导入）$/,
    (m) =>
      `The text begins with ${m[1]}, like a formula: refused (remove the leading sign; for an Excel formula, copy the column and paste it back as values before importing)`,
  ],
  [
    /^内容过长（(\d+) 字，超过 (\d+) 字）$/,
    (m) => `The text is too long (${m[1]} characters, more than ${m[2]})`,
  ],
  [
    /^含有不可见的控制字符（如 NUL），请删除后重试$/,
    () => 'Holds invisible control characters (such as NUL): remove them and try again',
  ],
  [
    /^含有换行符：一项内容只能填一行，请删除换行后重试$/,
    () => 'Holds a line break: a cell holds one line; remove the line break and try again',
  ],
  [
    // (Tester t28b F5: left in Chinese.)
    /^含有不可见的文字方向控制字符（如 U\+202E），会使显示的内容与实际不符，请删除后重试$/,
    () =>
      'Holds an invisible text-direction control (such as U+202E), which makes the text shown differ from what it is: remove it and try again',
  ],
  [
    /^含有网页标记（如 <img …>、<script>），不是有效内容，请删除后重试$/,
    () =>
      'Holds web markup (such as <img …> or <script>), which is no valid content: remove it and try again',
  ],
  [
    /^(姓名|监护人姓名|户主姓名|学生姓名)“(.*)”含有不应出现在姓名中的字符(.*)$/,
    (m) =>
      `The ${m[1]} “${m[2]}” holds characters no name has${m[3]!.startsWith('（') ? ' (digits, <, >, ? and the like)' : `: ${m[3]}`}`,
  ],
  [
    /^(姓名|监护人姓名|户主姓名|学生姓名)“(.*)”超过(\d+)个字$/,
    (m) => `The ${m[1]} “${m[2]}” is longer than ${m[3]} characters`,
  ],
  [
    /^性别“(.*)”与证件号码中的性别（(男|女)）不一致：按证件号码导入，请核对$/,
    (m) =>
      `The 性别 “${m[1]}” differs from the sex in the ID number (${m[2]}): imported as the ID says; please check`,
  ],
  [
    /^性别“(.*)”不是“男”或“女”：按性别不详导入$/,
    (m) => `The 性别 “${m[1]}” is neither 男 nor 女: imported as unknown`,
  ],
  [
    /^性别“(.*)”不是“男”或“女”：按证件号码中的性别导入$/,
    (m) => `The 性别 “${m[1]}” is neither 男 nor 女: imported with the sex in the ID number`,
  ],
  [
    /^出生日期 (\S+)：按此该生(?: (\d+) 岁|(尚未出生))，不像(.+)学生（(\d+)–(\d+) 岁）：已导入，请核对出生日期和身份证件号$/,
    (m) =>
      `By the 出生日期 ${m[1]} the pupil ${m[3] ? 'is not yet born' : `is ${m[2]}`}, unlike a ${m[4]} pupil (${m[5]}–${m[6]} years): imported; please check the birth date and the ID number`,
  ],
  // The registry's values.
  [
    /^脱贫状态“已脱贫”没有注明是否享受政策：/,
    () =>
      'The 脱贫状态 “已脱贫” does not say whether the household is still covered: write 已脱贫(享受政策) or 已脱贫(不享受政策) as the registry system exports it (it decides whether a pupil gets 建档立卡 aid)',
  ],
  [
    /^脱贫状态“(.*)”不是建档立卡系统的取值（.+）：它决定学生能否享受建档立卡资助，请改正后重新导入$/,
    (m) =>
      `The 脱贫状态 “${m[1]}” is none of the registry system's values (未脱贫, 已脱贫(享受政策), 已脱贫(不享受政策)): it decides whether a pupil gets 建档立卡 aid; correct it and import again`,
  ],
  [
    /^贫困户属性“(.*)”不是建档立卡系统的取值（.+）：已按原样导入，请核对$/,
    (m) =>
      `The 贫困户属性 “${m[1]}” is none of the registry system's values (一般贫困户, 低保贫困户, 特困供养贫困户): imported as written; please check`,
  ],
  // The comparison's 证件号问题 of an adult's ID (comparison.service.ts); the others are the
  // matcher's own sentences, read by its table (match-reasons.ts englishPhrase).
  [
    /^学生身份证号为建档立卡人员(.+)（(.+)）的证件号$/,
    (m) =>
      `The pupil's ID number is registry person ${m[1]}'s (${relation(m[2]!)}): most likely a parent's ID typed in`,
  ],
];

function partOf(text: string): string | null {
  if (Object.hasOwn(REGISTRY_VALUES, text)) return REGISTRY_VALUES[text]!;
  for (const [re, english] of RULES) {
    const m = text.match(re);
    if (m) return english(m);
  }
  return englishPhrase(text);
}

/** The English of a row's problem, an ID problem or a registry value, or null (then shown as it is). */
export function englishOfRowText(text: string): string | null {
  if (text === '') return null;
  const whole = partOf(text);
  if (whole !== null) return whole;
  const parts = text.split('；');
  if (parts.length < 2) return null;
  const out: string[] = [];
  for (const p of parts) {
    const e = partOf(p);
    if (e === null) return null;
    out.push(e);
  }
  return out.join('; ');
}

/** `text` in the UI's language: its English when `lang` is English and the text is known, else as written. */
export function rowText(lang: 'zh' | 'en', text: string): string {
  return lang === 'en' ? (englishOfRowText(text) ?? text) : text;
}
