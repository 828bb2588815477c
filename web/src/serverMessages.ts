/**
 * The server speaks Chinese (its messages are the bureau's: row, column and reason of every refusal).
 * In the English UI, the messages a user meets most — sign-in, passwords, records out of reach, request
 * fields, the shapes of wrong files — are shown in English; any other message stays as the server wrote
 * it (Chinese), never a guess. Each pattern is anchored, so a message that only begins alike keeps its
 * own words.
 */

import { aidEn } from './locales/aid.en.ts';
import { aidZh } from './locales/aid.zh.ts';
import { REGISTRY_RULES, type Rule } from './registryNotices.ts';

/**
 * The steps a running job reports (its `message`: imports, the comparison, the entitlement run), in
 * English. The entitlement run also names the programme it computes, by the policy's name for it.
 */
const JOB_STEPS: Record<string, string> = {
  读取文件: 'Reading the file',
  检查数据: 'Checking the rows',
  写入数据库: 'Writing to the database',
  写入人员档案: 'Writing the person files',
  写入学籍: 'Writing the enrolments',
  记录变动和审计日志: 'Recording the changes and the audit log',
  读取学籍: 'Reading the rolls',
  读取建档立卡名单: 'Reading the 建档立卡 registry',
  比对中: 'Comparing',
  写入结果: 'Writing the results',
  比对学生名册: 'Comparing the roll',
  写出比对结果: 'Writing the results',
  汇总学生资助条件: 'Gathering each student’s aid conditions',
  计算应享资助: 'Computing the entitlements',
  汇总: 'Summing up',
  完成: 'Done',
  ...Object.fromEntries(
    Object.entries(aidZh)
      .filter(([k]) => k.startsWith('aidProgramme.'))
      .map(([k, zh]) => [zh, aidEn[k as keyof typeof aidZh]]),
  ),
};

/** The things `notFound(what)` names, in English. */
export const THINGS: Record<string, string> = {
  记录: 'The record',
  学校: 'The school',
  人员档案: 'The person file',
  学生: 'The student',
  该校学生: 'The student of this school',
  结对记录: 'The pairing',
  控辍保学台账: 'The dropout case',
  名单人员: 'The list entry',
  责任书: 'The responsibility letter',
  责任书扫描件: 'The signed scan',
  用户: 'The user',
  应急救助申请: 'The emergency relief application',
  资助政策版本: 'The aid policy version',
  该人员的学籍: 'The enrolment of this person',
  证明材料: 'The evidence',
  认定记录: 'The recognition',
  行政区划: 'The division',
  比对结果: 'The comparison result',
  异议: 'The objection',
  建档立卡人员: 'The registry person',
  导入报告: 'The import report',
  发放名单: 'The payment list',
  公示: 'The public notice',
  任务: 'The job',
  书面报告: 'The written report',
};

/** Request fields as the server names them (server/app.ts FIELD_LABELS). */
const FIELDS: Record<string, string> = {
  文件名: 'File name',
  编号: 'Number',
  任务编号: 'Job number',
  页码: 'Page',
  每页条数: 'Page size',
  搜索内容: 'Search',
  日期: 'Date',
  代码: 'Code',
};

/** What the server says of a request field (server/app.ts translateZod), in English. */
function fieldProblem(p: string): string | null {
  if (p === '必填') return 'required';
  if (p === '应为文本') return 'must be text';
  if (p === '应为数字') return 'must be a number';
  if (p === '应为是/否') return 'must be yes or no';
  if (p === '取值无效') return 'not one of the allowed values';
  if (p === '格式无效' || p === '格式不正确') return 'invalid format';
  const long = p.match(/^太长或太大(?:（最多 (\d+)）)?$/);
  if (long) return long[1] ? `too long or too large (at most ${long[1]})` : 'too long or too large';
  const short = p.match(/^太短或太小(?:（至少 (\d+)）)?$/);
  if (short) return short[1] ? `too short or too small (at least ${short[1]})` : 'too short or too small';
  return null;
}

const LISTS: Record<string, string> = {
  学生名册: 'student roll',
  建档立卡名单: '建档立卡 registry',
  救助名单: 'assistance list',
  学校名单: 'school list',
};

const RULES: Rule[] = [
  [/^用户名或密码错误$/, () => 'Wrong username or password'],
  [/^该账号已停用，请联系管理员$/, () => 'This account is disabled; ask your administrator'],
  [/^请先登录$/, () => 'Please sign in'],
  [/^当前密码不正确$/, () => 'The current password is wrong'],
  [/^密码至少 (\d+) 位$/, (m) => `The password must have at least ${m[1]} characters`],
  [/^用户名 (.+) 已存在$/, (m) => `The username ${m[1]} is already taken`],
  [
    /^(.+)不存在或不在您的管辖范围内$/,
    (m) => (m[1]! in THINGS ? `${THINGS[m[1]!]} does not exist or is outside your area` : null),
  ],
  [
    /^(.+): (.+)$/,
    (m) => {
      const field = FIELDS[m[1]!];
      const problem = fieldProblem(m[2]!);
      return field && problem ? `${field}: ${problem}` : null;
    },
  ],
  [/^请求体过大$/, () => 'The request is too large'],
  [/^请求体不是合法的 JSON$/, () => 'The request body is not valid JSON'],
  [/^无法连接服务器，请检查网络后重试$/, () => 'Cannot reach the server; check the network and try again'],
  [/^请求失败（HTTP (\d+)）$/, (m) => `Request failed (HTTP ${m[1]})`],
  [/^上传失败（HTTP (\d+)）$/, (m) => `Upload failed (HTTP ${m[1]})`],
  [
    /^文件超过 (\d+) MB 的上传上限：请按县\(市、区\)或学校拆分后分批导入$/,
    (m) => `The file is over the ${m[1]} MB upload limit: split it by county or school and import the parts`,
  ],
  [
    /^否决已确认的匹配须填写核实说明/,
    () =>
      'Rejecting a confirmed match needs a review note (who checked that they are not the same person, and how; at least 4 characters): it goes into the audit log',
  ],
  [
    /^否决须填写核实说明/,
    () =>
      'A rejection needs a review note (who checked that they are not the same person, and how; at least 4 characters): the decision holds in every later comparison, and the note goes into the audit log',
  ],
  [
    /^该生的比对结果在您打开核实后已有变化/,
    () =>
      "This pupil's comparison result changed after you opened the review (another reviewer, or another window): close it and open the review again",
  ],
  [
    /^该人员已与您管辖范围以外学校的一名学生确认匹配，不能在此关联/,
    () =>
      'This person is confirmed as a pupil of a school outside your area and cannot be linked here: if the pupil is yours, ask the county bureau to check it',
  ],
  [
    /^该人员与该生(.+)，很可能不是同一人（人编号或证件号码是否输错？）：(学校不能关联)?/,
    (m) => {
      const what = [...m[1]!.matchAll(/(姓名|性别|出生日期|身份证号)不同（([^）]+)）/g)]
        .map((x) =>
          x[1] === '身份证号'
            ? 'ID number (both valid)'
            : `${{ 姓名: 'name', 性别: 'sex', 出生日期: 'birth date' }[x[1]!]} (${x[2]})`,
        )
        .join(', ');
      return `This person and the pupil differ in ${what}: most likely not the same child (a mistyped 人编号 or ID number?). ${
        m[2]
          ? 'A school cannot make this link: if they are the same child, ask the county bureau to check and link them'
          : 'If they are the same child, check it and tick “Checked: they are the same child” before linking'
      }`;
    },
  ],
  [
    /^建档立卡名单中没有人编号或证件号码为“(.*)”的人员：请输入完整的人编号或 18 位证件号码$/,
    (m) =>
      `No registry person has the 人编号 or ID number “${m[1]}”: enter the whole 人编号 or the 18-digit ID number`,
  ],
  [/^证明材料须为 PDF、JPG 或 PNG 文件$/, () => 'Evidence must be a PDF, JPG or PNG file'],
  [/^责任书扫描件须为 PDF、JPG 或 PNG 文件$/, () => 'The signed scan must be a PDF, JPG or PNG file'],
  [
    /^文件中有学生目前在您管辖范围以外的学校在读，原学校尚未将其记为离校：(.+)。导入会把这些学生转入本校/,
    (m) => {
      // (Each pupil in English too — tester t28b F5.)
      const each = m[1]!
        .replace(/第 (\d+) 行（学籍号 ([^）]+)）目前在(.+?)在读/g, 'row $1 (学籍号 $2) is enrolled at $3')
        .replace(/等 (\d+) 名学生$/, ' and others, $1 pupils in all')
        .replace(/；/g, '; ');
      return `Pupils in the file are still enrolled at a school outside your area, which has not marked them as left (${each}). Importing moves them to your school and off that school's roll. If they did move here, confirm below; if the file is an old roll or they did not move, delete those rows and import again`;
    },
  ],
  [
    /^本文件可能是旧名册：(\S+) 导入的“(.+)”已把 (\d+) 名学生记为离校，本文件又把他们列为在读（(.*?)，将记为复学）；那次导入新增或转入的 (\d+) 名学生不在本文件中（(.*?)，将记为离校）/,
    (m) => {
      // (Tester v26d F5: the rows, 学籍号 and counts were dropped, and "1 pupils" said.)
      const rows = (x: string) =>
        x
          .replace(/第 (\d+) 行（([^）]*)）/g, 'row $1 ($2)')
          .replace(/等 (\d+) 名/g, ' and others, $1 in all')
          .replace(/、/g, ', ');
      const pupils = (n: string) => (n === '1' ? '1 pupil' : `${n} pupils`);
      return `This may be an old roll: "${m[2]}", imported on ${m[1]}, marked ${pupils(m[3]!)} as left whom this file lists as enrolled (${rows(m[4]!)}; they would return), and ${pupils(m[5]!)} that import brought in are missing here (${rows(m[6]!)}; they would be marked as left). If this is the school's newest roll, confirm below; otherwise export the newest roll and import it`;
    },
  ],
  [
    /^本文件可能是旧名册：(\d+) 名学生在系统中已有全国学籍号（G \+ 身份证号），本文件却用临时学籍号（(.+)）。全国学籍号终身不变/,
    (m) =>
      `This may be an old roll: ${m[1]} pupil(s) with a national 学籍号 (G + ID number) are given a temporary number here (${m[2]!.replace(/第 (\d+) 行 ?/g, 'row $1 ').replace(/（系统中为 ([^）]+)）/g, ' (stored as $1)')}). A national 学籍号 is for life and never goes back to a temporary one. If this is the school's newest roll, confirm below (the national number is marked as left, the temporary one as new); otherwise export the newest roll and import it`,
  ],
  [
    /^本次未写入任何数据：另有 (\d+) 行导入时将作的处理（如按转学转入本校、更正身份证号、修改学校信息）未列出，也未执行；(确认后导入时将逐行说明|修正问题后重新导入时将逐行说明)$/,
    (m) =>
      `Nothing was written: what importing would do with ${m[1]} more row(s) (a transfer in, a corrected ID, school details changed) is not listed and was not done; ${
        m[2]!.startsWith('确认')
          ? 'it is reported row by row once you confirm'
          : 'it is reported row by row when the mended file is imported'
      }`,
  ],
  [
    /^注意：(学生名册|建档立卡名单|救助名单)中 (\d+) 行（(\d+)%）的(身份证件号|证件号码|身份证号)不是有效的身份证号/,
    (m) =>
      `Note: ${m[2]} rows (${m[3]}%) of the ${LISTS[m[1]!]} have no valid ID number in the ${m[4]} column (wrong check character, length, characters or birth date). Typing errors are never this many: check that the right column was chosen (not the 学籍号, a guardian's or the household head's ID, another document's number), or export the file again`,
  ],
  [
    /^注意：(学生名册|建档立卡名单|救助名单)中 (\d+) 行（(\d+)%）的(身份证件号|证件号码|身份证号|户编号)被 Excel 转成了数字/,
    (m) =>
      `Note: ${m[2]} rows (${m[3]}%) of the ${LISTS[m[1]!]} had their ${m[4]} turned into numbers by Excel (scientific notation or trailing zeros): the numbers are incomplete. The file was most likely opened and saved in Excel: export it again, or format that column as text in Excel before saving`,
  ],
  [
    /^学生名册按学校的完整名册导入，不在文件中的在读学生记为离校。(.*?)(?:等 (\d+) 所学校)?。(?:另有 (\d+) 名新学生将记入(.+?)。)?如果/,
    (m) => {
      // (Tester v26b F5: the schools and their numbers were dropped in English.)
      const schools = [
        ...m[1]!.matchAll(
          /([^；]+?)：文件中 (\d+) 名，现有在读 (\d+) 名，其中 (\d+) 名不在文件中，将记为离校/g,
        ),
      ]
        .map((x) => `${x[1]}: ${x[2]} in the file, ${x[3]} enrolled, ${x[4]} of them missing from the file`)
        .join('; ');
      const more = m[2] ? ` (${m[2]} schools in all)` : '';
      const added = m[3]
        ? ` Besides, ${m[3]} new pupils would be added at ${m[4]!
            .replace(/（(\d+) 名）/g, ' ($1)')
            .replace(/、/g, ', ')
            .replace(/等 (\d+) 所学校/, ' and others, $1 schools')}.`
        : '';
      return `A roll is imported as the school's whole roll: enrolled pupils missing from the file are marked as left, and here most of a school would be — ${schools}${more}.${added} If this is the whole new roll (graduation, a merger), confirm below; if it holds only new pupils or some classes, export the school's whole roll and import that`;
    },
  ],
  [
    /^(学生名册|建档立卡名单|救助名单|学校名单)中未找到表头：/,
    (m) =>
      `No header found in the ${LISTS[m[1]!]}: none of the first 10 rows has the column names it needs (the download template shows them; names stay in Chinese)`,
  ],
  [
    /^(学生名册|建档立卡名单|救助名单|学校名单)缺少必需的列：([^。]+)(?:。.*)?$/,
    (m) => {
      const cols = [...m[2]!.matchAll(/“([^”]+)”（可用列名：([^）]+)）/g)].map(
        (c) => `“${c[1]}” (accepted names: ${c[2]})`,
      );
      return cols.length > 0 ? `The ${LISTS[m[1]!]} lacks a required column: ${cols.join('; ')}` : null;
    },
  ],
  [
    /^(学生名册|建档立卡名单|救助名单|学校名单)无法读取：(Excel|xlsx) 文件已损坏或不完整（(?:读到第(\d+)行时中断，)?请重新导出后再试）$/,
    (m) =>
      `The ${LISTS[m[1]!]} cannot be read: the ${m[2]} file is damaged or incomplete (${m[3] ? `it broke off at row ${m[3]}; ` : ''}export it again and retry)`,
  ],
  [
    /^文件“(.*)”是空的（0 字节），请检查后重新选择$/,
    (m) => `The file “${m[1]}” is empty (0 bytes): check it and choose it again`,
  ],
  [
    /^(学生名册|建档立卡名单|救助名单|学校名单)不是有效的 xlsx 文件（文件已损坏或不是 Excel 文件）：(.+)$/,
    (m) => `The ${LISTS[m[1]!]} is no valid xlsx file (damaged, or not an Excel file): ${m[2]}`,
  ],
  [
    /^(\d+) 名学生（第 ([\d、]+) 行(等)?）的身份证号与系统中原有的不同（更正、新填或无法识别）：其原比对结果已作废/,
    (m) =>
      `${m[1] === '1' ? '1 pupil' : `${m[1]} pupils`} (${m[2]!.includes('、') ? 'rows' : 'row'} ${m[2]!.split('、').join(', ')}${m[3] ? ', …' : ''}) now ${m[1] === '1' ? 'has' : 'have'} another ID number than the one stored (corrected, newly given or unreadable): their earlier comparison results are void, and the entitlements do not count them as 建档立卡 pupils until the comparison runs again. Run the comparison again`,
  ],
  [
    /^(学生名册|建档立卡名单|救助名单|学校名单)“(.*)”不是文本表格（内容是无法识别的二进制数据/,
    (m) =>
      `The ${LISTS[m[1]!]} “${m[2]}” is no text table (its content is binary data: the file may be damaged or not a table): choose an .xlsx, .xls or .csv file`,
  ],
  [
    /^(\d+) 名学生的监护人姓名或身份证件号在文件中为空（或只填了“-”“\/”“无”等）：保留系统中原有的，不会被清空。$/,
    // (Verifier t28d N4: left in Chinese.)
    (m) =>
      `${m[1] === '1' ? '1 pupil has' : `${m[1]} pupils have`} an empty guardian name or ID number in the file (or only “-”, “/”, “无” and the like): the stored ones are kept, not cleared`,
  ],
  ...REGISTRY_RULES,
];

/** The English of a server message the UI knows, or null (then the message is shown as it is). */
export function englishOf(message: string): string | null {
  if (Object.hasOwn(JOB_STEPS, message)) return JOB_STEPS[message]!;
  for (const [re, english] of RULES) {
    const m = message.match(re);
    if (m) {
      const out = english(m);
      if (out !== null) return out;
    }
  }
  return null;
}
