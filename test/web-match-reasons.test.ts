import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRejectedExplanation } from '../src/domain/matching/review-marks.ts';
import { matchReason } from '../web/src/pages/comparison/match-reasons.ts';

/**
 * 匹配依据 in the English UI (tester A10: 身份证号第9位不同，疑似录入错误；姓名同音：娜/纳 on an English
 * screen). The API sends the matcher's Chinese sentence only, so the web reads its fixed phrases in
 * English, names, digits and dates as they are, and shows a sentence with any unknown phrase in Chinese.
 */
describe('match reasons by the chosen language', () => {
  it('says in English that a date differing was the ID’s (verifier v26e F6)', () => {
    expect(
      matchReason(
        '出生日期不同（名册未填出生日期或日期无效，按身份证号中的日期）：2019-10-17/2010-11-06',
        'en',
      ),
    ).toBe(
      "Birth dates differ (the roll gives none, or an invalid one: the date in the pupil's ID): 2019-10-17/2010-11-06",
    );
  });

  it('reads the matcher’s phrases in English, names and digits kept', () => {
    expect(matchReason('身份证号一致；姓名一致；出生日期一致；监护人身份证号为该户成员', 'en')).toBe(
      "IDs agree; Names agree; Birth dates agree; The guardian's ID is a household member's",
    );
    expect(matchReason('身份证号第9位不同，疑似录入错误；姓名同音：纳/娜；出生日期一致', 'en')).toBe(
      'ID: digit 9 differs, probably a typing error; Names sound alike: 纳/娜; Birth dates agree',
    );
    expect(
      matchReason(
        '身份证号被Excel损坏(科学计数法)，仅地区码可比且一致；姓名一致；出生日期一致；按姓名+出生日期+监护人匹配',
        'en',
      ),
    ).toBe(
      'ID damaged by Excel (scientific notation), only the area code can be compared and it agrees; Names agree; Birth dates agree; Matched on name + birth date + guardian',
    );
    expect(
      matchReason(
        '学籍号中的身份证号第3、4位颠倒，疑似录入错误；姓名一字之差：浩/皓；出生日期不同：2010-05-05/2010-05-06',
        'en',
      ),
    ).toBe(
      'The ID in the student number: digits 3 and 4 swapped, probably a typing error; Names one character apart: 浩/皓; Birth dates differ: 2010-05-05/2010-05-06',
    );
    expect(
      matchReason('学籍号中的身份证号一致（身份证件号列为空或无法识别）；姓名一致（繁体字已转简体）', 'en'),
    ).toBe(
      'The ID in the student number agrees (the ID column empty or unreadable); Names agree (traditional characters simplified)',
    );
  });

  it('reads review reasons, unmatched rows and the review’s own prefixes', () => {
    expect(
      matchReason(
        '最相符的人员已与第12行学生确认匹配，其同户双胞胎也在候选人员中，需人工确认；身份证号不同；姓名一致',
        'en',
      ),
    ).toBe(
      'The closest person is already matched with the pupil of row 12, whose twin in the household is also a candidate, confirm by hand; IDs differ; Names agree',
    );
    expect(
      matchReason(
        '身份证号一致；姓名一致（仅间隔号“·”有无不同）：阿依古丽努尔兰/阿依古丽·努尔兰；出生日期一致；同一人另见学生林小梅（学籍号 G350421***********3）（一人多籍：同一身份证号有两个学籍，请核实）',
        'en',
      ),
    ).toBe(
      'IDs agree; Names agree (only the middle dot “·” differs): 阿依古丽努尔兰/阿依古丽·努尔兰; Birth dates agree; The same person is also the pupil 林小梅 (student number G350421***********3) (two enrolments under one ID: please check)',
    );
    expect(
      matchReason(
        '姓名一致；出生日期一致；同一人另见学生林小梅（学籍号 L2020000123）（两行信息相同：重复列出或一人多籍，请核实）',
        'en',
      ),
    ).toBe(
      'Names agree; Birth dates agree; The same person is also the pupil 林小梅 (student number L2020000123) (the two rows agree: listed twice or enrolled twice, please check)',
    );
    expect(
      matchReason(
        '身份证号与该户一名子女相同，但同户另一名子女与该生姓名同音且出生日期相同，可能误填了兄弟姐妹（双胞胎）的身份证号，需人工确认',
        'en',
      ),
    ).toBe(
      "The ID is a child's of the household, but another child of it has a name that sounds like the pupil's and birth date: perhaps a sibling's (twin’s) ID was entered, confirm by hand",
    );
    expect(
      matchReason(
        '最相符的是该户另一名子女，但同户另一名子女与该生同名，可能填的是兄弟姐妹的信息，需人工确认',
        'en',
      ),
    ).toBe(
      "The closest person is another child of the household, but another child of it has the pupil's name: perhaps a sibling's details were entered, confirm by hand",
    );
    expect(
      matchReason(
        '同户双胞胎姓名同音（卢航佳/卢航嘉），没有身份证号可以区分，可能把一人的姓名误写成另一人的，需人工确认；姓名一致',
        'en',
      ),
    ).toBe(
      "Twins of one household whose names sound alike (卢航佳/卢航嘉), no ID to tell them apart: one's name may have been written for the other's, confirm by hand; Names agree",
    );
    expect(
      matchReason(
        '最相符的人员同时与学生林小梅（学籍号 G350421***********3）相符，需人工确认；身份证号一致',
        'en',
      ),
    ).toBe(
      'The closest person also fits the pupil 林小梅 (student number G350421***********3), confirm by hand; IDs agree',
    );
    expect(matchReason('同户兄弟姐妹，需人工确认；身份证号不同（两个号码均有效，应为不同的人）', 'en')).toBe(
      'Siblings of one household, confirm by hand; IDs differ (both valid: two different people)',
    );
    expect(
      matchReason(
        '学生身份证号为建档立卡人员王芳（母亲）的证件号，不是该生本人；建档立卡名单中未找到该生（最相近：李娜，身份证号不同；姓名同音：纳/娜；出生日期一致；户籍地同村）',
        'en',
      ),
    ).toBe(
      "The pupil's ID is that of the registry person 王芳 (母亲), not the pupil's own; Not found in the 建档立卡 registry (nearest: 李娜, IDs differ; Names sound alike: 纳/娜; Birth dates agree; Registered in the same village)",
    );
    expect(matchReason('人工已确认；身份证号一致；姓名一致', 'en')).toBe(
      'Confirmed by hand; IDs agree; Names agree',
    );
    expect(matchReason('人工已否决候选匹配；建档立卡名单中未找到该生', 'en')).toBe(
      'Candidates rejected by hand; Not found in the 建档立卡 registry',
    );
    expect(matchReason(allRejectedExplanation(true), 'en')).toBe(
      "Candidates rejected by hand; No other candidate in the 建档立卡 registry; The pupil's ID is the rejected person's: one of the two IDs is wrong, check and correct it",
    );
    expect(
      matchReason('该人员已由人工确认为学籍号G350421***********4的学生，需人工核实；身份证号一致', 'en'),
    ).toBe(
      'This person was confirmed by hand as the pupil with student number G350421***********4, check by hand; IDs agree',
    );
  });

  it('reads the 建档立卡 system’s relations in English (tester v22b F9)', () => {
    expect(matchReason('学生身份证号为该户户主刘德华的证件号，需更正', 'en')).toBe(
      "The pupil's ID is the household's head of household 刘德华's, to be corrected",
    );
    expect(matchReason('学生身份证号为该户之外孙女刘小华的证件号，需更正', 'en')).toBe(
      "The pupil's ID is the household's granddaughter 刘小华's, to be corrected",
    );
  });

  it('shows the Chinese, whole, when a phrase is unknown, and always in Chinese', () => {
    const unknown = '身份证号一致；某个新的说明';
    expect(matchReason(unknown, 'en')).toBe(unknown);
    expect(matchReason('按姓名+学校匹配', 'en')).toBe('按姓名+学校匹配');
    const known = '身份证号第9位不同，疑似录入错误；姓名同音：纳/娜';
    expect(matchReason(known, 'zh')).toBe(known);
  });

  it('reads a name a file lost a character of, in English (tester t28a F2)', () => {
    expect(matchReason('身份证号一致；姓名中有文件编码丢失的字符“?”，其余相符：吕?明/吕晓明', 'en')).toBe(
      "IDs agree; A name holds “?” for a character its file's encoding lost; the rest agrees: 吕?明/吕晓明",
    );
  });

  it('knows every phrase the matcher writes (explain.ts): a new one fails here', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const explain = fs.readFileSync(path.join(root, 'src/domain/matching/explain.ts'), 'utf8');
    const table = fs.readFileSync(path.join(root, 'web/src/pages/comparison/match-reasons.ts'), 'utf8');
    // The literal pieces of every string and template of explain.ts (comments left out), split where
    // a value goes in and where phrases are joined.
    const code = explain.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const literals = [...code.matchAll(/'([^'\n]*)'|`([^`]*)`/g)].map((m) => m[1] ?? m[2]!);
    const pieces = literals
      .flatMap((l) => l.split(/\$\{[^}]*\}|；/))
      .filter((p) => /\p{Script=Han}/u.test(p));
    expect(pieces.length).toBeGreaterThan(50);
    const missing = pieces.filter((p) => !table.includes(p));
    expect(missing).toEqual([]);
  });
});
