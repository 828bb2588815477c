import { describe, expect, it } from 'vitest';
import { confirmedIdProblem, heldIdProblem } from '../src/domain/matching/index.ts';
import { BLANK_ROLL_CELLS } from '../src/domain/roll/fixtures.test-helpers.ts';
import {
  checkId,
  checkRegistryValues,
  EXIT_STATUSES,
  POVERTY_ATTRIBUTES,
} from '../src/domain/roll/registry-row.ts';
import {
  describeIdDamage,
  enrolledElsewhereMessage,
  ID_EMPTY_MESSAGE,
  idMarkedMessage,
  parseRollRow,
  type RollCells,
  type RowMessage,
  sharedIdMessage,
  stageAgeWarning,
  storedIdMessage,
} from '../src/domain/roll/roll-row.ts';
import { matchReason } from '../web/src/pages/comparison/match-reasons.ts';
import { englishOfRowText, REGISTRY_VALUES } from '../web/src/rowMessages.ts';

/**
 * The English UI's import reports, 证件号问题 and registry values (testers v20a F8, v20b F9: the
 * per-row problems, the ID problems and 已脱贫(享受政策) stayed Chinese on English screens). The
 * messages are made by the server's own code, so a message reworded there without its English here
 * fails this test.
 */
const blank: RollCells = BLANK_ROLL_CELLS;
const ID = '350421201005031231';
const row = (c: Partial<RollCells>): RowMessage[] =>
  parseRollRow(3, {
    ...blank,
    studentNo: `G${ID}`,
    name: '李娜',
    idNumber: ID,
    schoolCode: '2135000001',
    stage: '小学',
    ...c,
  }).messages;

describe('row problems in the English UI', () => {
  it('reads every problem the roll import gives a row', () => {
    const messages = [
      ...row({ idNumber: '3.50421E+17', studentNo: 'L2020001' }),
      ...row({ idNumber: '350421201005031000', studentNo: 'L2020002' }),
      ...row({ idNumber: '350421201005031232', studentNo: 'L2020003' }),
      ...row({ idNumber: '35042120100503123', studentNo: 'L2020004' }),
      ...row({ idNumber: '350421201013031231', studentNo: 'L2020005' }),
      ...row({ idNumber: '3504212010050312AB', studentNo: 'L2020006' }),
      ...row({ idNumber: '350421201005031232' }),
      ...row({ birthDate: '2011-01-01', sex: '女' }),
      ...row({ sex: '未知', birthDate: '2010-13-45', stage: '大学', schoolCode: '123' }),
      ...row({ studentNo: '', name: '' }),
      ...row({ studentNo: 'X1' }),
      ...row({ studentNo: 'J99999' }),
      ...row({ studentNo: 'G1234' }),
      ...row({ studentNo: '3.50421E+17' }),
      ...row({ studentNo: '350421201005031000' }),
      ...row({ name: '=HYPERLINK("x")' }),
      ...row({ name: '李<b>娜' }),
      ...row({ schoolCode: '', schoolName: '' }),
      ...row({ hukou: 'a\nb' }),
      ...row({ studentNo: 'G350421201005031258' }),
      ...row({ idNumber: '350421201005010000', studentNo: 'G350421201005010123', birthDate: '2010-05-01' }),
    ].map((m) => m.message);
    expect(messages.length).toBeGreaterThan(18);
    for (const m of messages) expect(englishOfRowText(m), m).not.toBeNull();
    // Which rule a temporary number breaks (tester v26d F8).
    expect(messages).toContain(
      '学籍号“J99999”格式不正确（应为 G+18 位身份证号，或 L/J 加 6 至 30 位数字或大写字母的临时编号：该学籍号字母后不足 6 位）',
    );
    expect(englishOfRowText(messages.find((m) => m.includes('J99999'))!)).toMatch(
      /fewer than 6 after the letter\)$/,
    );
    expect(englishOfRowText(idMarkedMessage('35042120100503123X', describeIdDamage(['bad_checksum'])))).toBe(
      'The ID number “35042120100503123X” has a wrong check character: imported, and marked as an ID problem for the comparison to check',
    );
  });

  it('reads the ID messages of a re-imported roll, a shared ID and a pupil enrolled elsewhere', () => {
    for (const m of [
      ID_EMPTY_MESSAGE,
      storedIdMessage(null, 'empty'),
      storedIdMessage('350421201005031000', 'excel'),
      storedIdMessage('3.50421E+17', 'excel'),
      storedIdMessage('350421201005031232', 'typo'),
      sharedIdMessage(12, 'G350421***********1', '李娜'),
      enrolledElsewhereMessage(4, { studentNo: 'L1', schoolName: '明溪县实验小学' }).message,
      enrolledElsewhereMessage(4, null).message,
      stageAgeWarning(5, 'primary', '1905-03-01', '2020-09-01')!.message,
      stageAgeWarning(5, 'primary', '2021-03-01', '2020-09-01')!.message,
    ])
      expect(englishOfRowText(m), m).not.toBeNull();
    expect(englishOfRowText(enrolledElsewhereMessage(4, null).message)).toContain(
      'a school outside your area',
    );
    expect(englishOfRowText(stageAgeWarning(5, 'primary', '1905-03-01', '2020-09-01')!.message)).toBe(
      'By the 出生日期 1905-03-01 the pupil is 115, unlike a 小学 pupil (5–17 years): imported; please check the birth date and the ID number',
    );
  });

  it('reads the registry import’s values and their problems', () => {
    const out: RowMessage[] = [];
    checkRegistryValues(2, { exitStatus: '随便填', povertyAttribute: '一般户', sex: '男' }, 'M', out);
    checkRegistryValues(3, { exitStatus: '已脱贫', povertyAttribute: '', sex: '不详' }, null, out);
    checkRegistryValues(4, { exitStatus: '', povertyAttribute: '', sex: '未知' }, 'F', out);
    checkId(5, '证件号码', '350421201005031232', out, true);
    checkId(6, '身份证号', '', out, true);
    checkId(7, '证件号码', '3.50421E+17', out, true);
    expect(out).toHaveLength(8);
    for (const m of out) expect(englishOfRowText(m.message), m.message).not.toBeNull();
    for (const v of [...EXIT_STATUSES, ...POVERTY_ATTRIBUTES]) expect(REGISTRY_VALUES).toHaveProperty(v);
    expect(englishOfRowText('已脱贫(享受政策)')).toBe('out of poverty (still covered by the policy)');
  });

  it('reads the comparison’s 证件号问题, alone and joined', () => {
    const sister = confirmedIdProblem(
      '350421201005031231',
      { name: '雷梦萱', idNumber: '350421201005031258' },
      { name: '雷玲', relation: '之女' },
    )!;
    expect(englishOfRowText(sister)).toBe(
      "The pupil's ID is that of the registry person 雷玲 (daughter), not of 雷梦萱, whom the pupil was confirmed as: correct it",
    );
    const unknown = confirmedIdProblem(
      '350421201005031231',
      { name: '雷梦萱', idNumber: '350421201005031258' },
      null,
    )!;
    // (The matcher's sentences, in the 匹配依据's words: one table reads both columns.)
    expect(englishOfRowText(unknown)).toBe(matchReason(unknown, 'en'));
    expect(englishOfRowText(unknown)).not.toBe(unknown);
    const held = heldIdProblem(
      { name: '赵小红', birthDate: '2012-05-05' },
      { name: '赵小明', relation: '之子', birthDate: '2011-04-04' },
    )!;
    expect(englishOfRowText(held)).toBe(
      "The pupil's ID is that of the registry person 赵小明 (son, born 2011-04-04), which does not fit the pupil's birth date: check and correct it",
    );
    // Same name, or the same birth date (a twin's): nothing to name.
    expect(
      heldIdProblem(
        { name: '赵小明', birthDate: '2012-05-05' },
        { name: '赵小明', relation: '之子', birthDate: '2011-04-04' },
      ),
    ).toBeNull();
    expect(
      heldIdProblem(
        { name: '赵小红', birthDate: '2011-04-04' },
        { name: '赵小明', relation: '之子', birthDate: '2011-04-04' },
      ),
    ).toBeNull();
    expect(englishOfRowText('学生身份证号为建档立卡人员李建国（户主）的证件号')).toMatch(
      /registry person 李建国's \(head of household\)/,
    );
    expect(englishOfRowText('身份证号中的出生日期与出生日期列不一致；身份证号中的性别与性别列不一致')).toBe(
      'The birth date in the ID differs from the 出生日期 column; The sex in the ID differs from the 性别 column',
    );
    expect(englishOfRowText(describeIdDamage(['trailing_000']))).toBe(
      'The ID number had its last three digits changed to 000 by Excel',
    );
  });

  it('reads a school outside the importer’s area (tester v22b F9)', () => {
    expect(englishOfRowText('学校标识码 3135429101 不在您的管辖范围内')).toBe(
      'The school 3135429101 is outside your area',
    );
    expect(englishOfRowText('学校“清流县实验小学”不在您的管辖范围内')).toBe(
      'The school “清流县实验小学” is outside your area',
    );
  });

  it('reads the refusals of a cell with a direction control, web markup or a quoted formula (tester t28b F3–F5)', async () => {
    const { cellProblem } = await import('../src/domain/roll/cell-rules.ts');
    for (const v of ['福建\u202e省', '<script>alert(2)</script>', '\'=HYPERLINK("x")']) {
      const zh = cellProblem(v)!;
      expect(englishOfRowText(zh), zh).toMatch(/^(Holds|The text begins with)/);
    }
  });

  it('leaves any other text as the server wrote it, whole', () => {
    for (const t of [
      '',
      '某某问题',
      '身份证号中的出生日期与出生日期列不一致；某某问题',
      '学生身份证号为某人的证件号！',
    ])
      expect(englishOfRowText(t), t).toBeNull();
  });
});
