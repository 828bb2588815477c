import { describe, expect, it } from 'vitest';
import { isCompulsoryAge } from '../dropout/age.ts';
import { idCheckChar } from '../identity/checksum.ts';
import { isValidId } from '../identity/id-number.ts';
import { BLANK_ROLL_CELLS } from './fixtures.test-helpers.ts';
import {
  changedFields,
  diffRegistry,
  diffRoll,
  exitStatusChanges,
  exitStatusNotice,
  gradesBack,
  listRemovedNotice,
  massLeaving,
  nationalNumbersTakenBack,
  olderRollMessage,
  olderRollSigns,
  type RollChange,
  type RollSnapshot,
  registryChangeDetail,
  registryChangeDetailNotices,
  registryChangeNotice,
  removedFromList,
  renumbered,
} from './roll-diff.ts';
import {
  describeIdDamage,
  enrolledElsewhereMessage,
  parseRollRow,
  type RollCells,
  type RollRecord,
  STUDENT_NO_ID_MISMATCH,
  sharedIdMessages,
  stageAgeWarning,
  storedIdMessage,
  storedIdStands,
  unlessPlaceholder,
} from './roll-row.ts';

const blank: RollCells = BLANK_ROLL_CELLS;
// 350421 (明溪县) + 2010-05-03 + 123 (odd → 男) + check char by GB 11643.
const ID = '350421201005031231';

describe('parseRollRow', () => {
  it('accepts a clean row and reads every field', () => {
    const r = parseRollRow(3, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李 娜',
      sex: '男',
      birthDate: '2010/5/3',
      idNumber: ID,
      schoolCode: '2135000001',
      stage: '小学',
      boarding: '是',
    });
    expect(r.messages).toEqual([]);
    expect(r.record).toMatchObject({
      studentNo: `G${ID}`,
      name: '李娜',
      idNumber: ID,
      birthDate: '2010-05-03',
      stage: 'primary',
      boarding: true,
    });
  });

  it('warns of a G 学籍号 that is not G + 18 characters, and imports the row', () => {
    const row = { ...blank, name: '李娜', idNumber: ID, schoolCode: '2135000001', stage: '小学' };
    const long = parseRollRow(4, { ...row, studentNo: `G${ID}X9` });
    expect(long.record).not.toBeNull();
    expect(long.messages).toContainEqual({
      row: 4,
      column: '学籍号',
      message: `学籍号“G${ID}X9”以 G 开头，但不是 G 加 18 位身份证号，请核对`,
      severity: 'warning',
    });
    for (const studentNo of [`G${ID}`, 'L2020001', 'J35042100123'])
      expect(
        parseRollRow(4, { ...row, studentNo }).messages.filter((m) => m.column === '学籍号'),
        studentNo,
      ).toEqual([]);
  });

  it('refuses a row without 学籍号 or name, naming row and column', () => {
    const r = parseRollRow(7, { ...blank, schoolName: '明溪县实验小学' });
    expect(r.record).toBeNull();
    expect(r.messages).toEqual(
      expect.arrayContaining([
        { row: 7, column: '学籍号', message: '学籍号为必填项', severity: 'error' },
        { row: 7, column: '姓名', message: '姓名为必填项', severity: 'error' },
      ]),
    );
  });

  it('refuses formulas and scripts in cells', () => {
    const r = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '=HYPERLINK("http://x")',
      schoolCode: '2135000001',
    });
    expect(r.record).toBeNull();
    expect(r.messages[0]).toMatchObject({ column: '姓名', severity: 'error' });
  });

  it('refuses a script or symbols in a name and control characters in any cell, naming the column', () => {
    const script = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '<script>alert(1)</script>',
      schoolCode: '2135000001',
    });
    expect(script.record).toBeNull();
    expect(script.messages[0]).toMatchObject({ column: '姓名', severity: 'error' });
    // (Web markup is told as such in any column, names too: tester t28b F3.)
    expect(script.messages[0]!.message).toBe(
      '含有网页标记（如 <img …>、<script>），不是有效内容，请删除后重试',
    );
    expect(script.messages).toHaveLength(1);
    // A quote inside a name (李"小明, read as Excel reads a CSV) is named as the character at fault.
    const quoted = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李"小明',
      schoolCode: '2135000001',
    });
    expect(quoted.messages[0]!.message).toBe('姓名“李"小明”含有不应出现在姓名中的字符“"”');
    const nul = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李娜',
      className: '1\u0000班',
      schoolCode: '2135000001',
    });
    expect(nul.record).toBeNull();
    expect(nul.messages[0]).toMatchObject({ column: '班级', severity: 'error' });
    expect(nul.messages[0]!.message).toContain('控制字符');
    // Markup in the guardian's name is refused as in the pupil's; a note beside the name is not.
    const guardian = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李娜',
      guardianName: '<img src=x onerror=alert(2)>',
      schoolCode: '2135000001',
    });
    expect(guardian.record).toBeNull();
    expect(guardian.messages).toMatchObject([{ column: '监护人姓名', severity: 'error' }]);
    const noted = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李娜',
      guardianName: '李强（父）、王芳',
      schoolCode: '2135000001',
    });
    expect(noted.record?.guardianName).toBe('李强（父）、王芳');
    expect(noted.messages.filter((m) => m.column === '监护人姓名')).toEqual([]);
  });

  it('imports a name with a note in brackets as the name, told as a warning (tester v21a F5)', () => {
    const r = parseRollRow(4, {
      ...blank,
      studentNo: `G${ID}`,
      name: '叶思源（曾用名：叶小明）',
      guardianName: '叶 强 (父)',
      schoolCode: '2135000001',
    });
    expect(r.record).toMatchObject({ name: '叶思源', guardianName: '叶强（父）' });
    expect(r.messages).toEqual([
      {
        row: 4,
        column: '姓名',
        severity: 'warning',
        message: '姓名“叶思源（曾用名：叶小明）”后附有括注，已略去括注，按“叶思源”导入',
      },
    ]);
  });

  it('imports a damaged ID as a warning, without trusting it', () => {
    const r = parseRollRow(5, {
      ...blank,
      studentNo: 'L2020000123',
      name: '王芳',
      idNumber: '3.50421E+17',
      schoolCode: '2135000001',
    });
    expect(r.record?.idNumber).toBeNull();
    expect(r.record?.idProblem).toContain('科学计数法');
    expect(r.messages[0]).toMatchObject({ row: 5, column: '身份证件号', severity: 'warning' });
  });

  it('warns when the ID disagrees with the birth date column', () => {
    const r = parseRollRow(6, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李娜',
      birthDate: '2010-06-03',
      idNumber: ID,
      schoolCode: '2135000001',
    });
    expect(r.record?.idProblem).toContain('出生日期');
  });

  it('takes the ID from the 学籍号 when the ID cell is empty', () => {
    const r = parseRollRow(8, { ...blank, studentNo: `g${ID}`, name: '李娜', schoolCode: '2135000001' });
    expect(r.record?.idNumber).toBe(ID);
  });

  it('takes the ID from the 学籍号 when Excel damaged the ID cell and what it kept agrees', () => {
    for (const damaged of ['3.50421E+17', `${ID.slice(0, 15)}000`]) {
      const r = parseRollRow(9, {
        ...blank,
        studentNo: `G${ID}`,
        name: '王明',
        idNumber: damaged,
        schoolCode: '2135000001',
      });
      expect(r.record?.idNumber, damaged).toBe(ID);
      expect(r.record?.idProblem).toBeNull();
      expect(r.record?.birthDate).toBe('2010-05-03');
      expect(r.record?.sex).toBe('M');
      expect(r.messages[0]?.message).toMatch(/以学籍号中的身份证号为准$/);
    }
    // Digits that disagree with the 学籍号's ID: another number, flagged as before.
    const other = parseRollRow(9, {
      ...blank,
      studentNo: `G${ID}`,
      name: '王明',
      idNumber: '3.50427E+17',
      schoolCode: '2135000001',
    });
    expect(other.record?.idNumber).toBeNull();
    expect(other.record?.idProblem).toContain('科学计数法');
  });

  it('reads a 出生年月 of year and month only against the ID, without refusing the row', () => {
    // ID is born 2010-05-03.
    for (const month of ['2010-05', '2010.5', '2010年5月', '201005', '2010/05']) {
      const r = parseRollRow(13, {
        ...blank,
        studentNo: `G${ID}`,
        name: '李娜',
        birthDate: month,
        idNumber: ID,
        schoolCode: '2135000001',
      });
      expect(r.messages, month).toEqual([]);
      expect(r.record, month).toMatchObject({ birthDate: '2010-05-03', idProblem: null });
    }
    const other = parseRollRow(14, {
      ...blank,
      studentNo: 'L2020000127',
      name: '李娜',
      birthDate: '2012-03',
      idNumber: ID,
      schoolCode: '2135000001',
    });
    expect(other.record).toMatchObject({
      birthDate: null,
      idProblem: '身份证号中的出生日期与出生日期列不一致',
    });
    expect(other.messages).toMatchObject([{ column: '身份证件号', severity: 'warning' }]);
    const bad = parseRollRow(15, {
      ...blank,
      studentNo: 'L2020000128',
      name: '李娜',
      birthDate: '2010-13',
      schoolCode: '2135000001',
    });
    expect(bad.messages).toContainEqual(expect.objectContaining({ column: '出生日期', severity: 'error' }));
  });

  it('keeps another document’s number as written, without an ID problem or warning', () => {
    for (const idType of ['护照', '台湾居民来往大陆通行证', '香港特区护照/身份证明', '出生医学证明']) {
      const r = parseRollRow(9, {
        ...blank,
        studentNo: 'L2020000124',
        name: '陈美玲',
        birthDate: '2011-04-02',
        idNumber: '09876543',
        idType,
        schoolCode: '2135000001',
      });
      expect(r.messages, idType).toEqual([]);
      expect(r.record, idType).toMatchObject({
        idNumberRaw: '09876543',
        idNumber: null,
        idProblem: null,
        idType,
        birthDate: '2011-04-02',
      });
    }
    // A 居民身份证 (or no type) is checked as before.
    const citizen = parseRollRow(10, {
      ...blank,
      studentNo: 'L2020000125',
      name: '王芳',
      idNumber: '09876543',
      idType: '居民身份证',
      schoolCode: '2135000001',
    });
    expect(citizen.record?.idType).toBeNull();
    expect(citizen.record?.idProblem).toBe('位数不正确');
  });

  it('warns about a document type it does not know and checks the number as an ID', () => {
    const r = parseRollRow(11, {
      ...blank,
      studentNo: `G${ID}`,
      name: '李娜',
      idNumber: ID,
      idType: '学生证',
      schoolCode: '2135000001',
    });
    expect(r.record).toMatchObject({ idNumber: ID, idType: null });
    expect(r.messages).toEqual([
      {
        row: 11,
        column: '身份证件类型',
        message: '身份证件类型“学生证”无法识别，已按居民身份证核对证件号',
        severity: 'warning',
      },
    ]);
    const empty = parseRollRow(12, {
      ...blank,
      studentNo: 'L2020000126',
      name: '陈美玲',
      idType: '护照',
      schoolCode: '2135000001',
    });
    expect(empty.messages).toMatchObject([{ column: '身份证件号', message: '证件类型为护照，证件号为空' }]);
  });
});

const snap = (
  no: string,
  school: string,
  status: 'enrolled' | 'left' = 'enrolled',
  grade = '三年级',
): RollSnapshot => ({
  studentNo: no,
  schoolCode: school,
  status,
  fields: { grade },
});

describe('sharedIdMessages (一人多籍)', () => {
  const rec = (row: number, studentNo: string, idNumber: string | null, idType: string | null = null) =>
    ({ row, studentNo, name: `学生${row}`, idNumber, idType }) as RollRecord;
  it('warns on each later row whose trustworthy ID an earlier row of another 学籍号 gave', () => {
    const msgs = sharedIdMessages([
      rec(2, 'G1', '350421200301272393'),
      rec(3, 'G2', '350421200903150111'),
      rec(4, 'G3', '350421200301272393'),
      rec(5, 'G1', '350421200301272393'), // the same 学籍号 twice is findDuplicates' error, not this
      rec(6, 'G5', null), // no trustworthy ID: nothing to compare
      rec(7, 'G6', null),
      rec(8, 'P1', 'E12345678', '护照'),
      rec(9, 'P2', 'E12345678', '护照'),
    ]);
    expect(msgs).toEqual([
      {
        row: 4,
        column: '身份证件号',
        message: expect.stringContaining(
          '与第 2 行（学籍号 G1，学生2）相同：可能是同一学生重复建立学籍（一人多籍）',
        ),
        severity: 'warning',
      },
    ]);
  });

  it('names the other enrolment only when the reader may see it', () => {
    expect(enrolledElsewhereMessage(7, { studentNo: 'G9', schoolName: '明溪县实验小学' }).message).toContain(
      '已有在读学籍（明溪县实验小学，学籍号 G9）',
    );
    const hidden = enrolledElsewhereMessage(7, null).message;
    expect(hidden).toContain('已有在读学籍（您管辖范围以外的学校）');
    expect(hidden).not.toContain('学籍号');
  });
});

describe('storedIdStands (a newer roll cell against the ID stored for the same 学籍号)', () => {
  it('keeps the stored ID for a blank cell or a copy Excel damaged whose surviving digits begin it', () => {
    expect(storedIdStands('', ID)).toBe('empty');
    expect(storedIdStands(null, ID)).toBe('empty');
    expect(storedIdStands('  ', ID)).toBe('empty');
    expect(storedIdStands('3.50421E+17', ID)).toBe('excel');
    expect(storedIdStands('3.50421201005031E+17', ID)).toBe('excel');
    expect(storedIdStands(`${ID.slice(0, 15)}000`, ID)).toBe('excel');
    // Excel's display rounds: 350421 2… shown with five decimals is 3.50421E+17, 350425 7… is 3.50426E+17.
    expect(storedIdStands('3.50426E+17', '350425701005031235')).toBe('excel');
    expect(storedIdStands('3.50425E+17', '350425701005031235')).toBe('excel');
    expect(storedIdStands('3.50427E+17', '350425701005031235')).toBeNull();
  });
  it('keeps the stored ID against a …000 that happens to pass its check (tester v20a F1)', () => {
    // One zeroed copy in eleven passes the check: find a pupil whose copy does.
    let stored = '';
    for (let seq = 100; stored === '' && seq < 1000; seq++) {
      const first15 = `350421201005${String(seq).padStart(3, '0')}`;
      const zeroed = `${first15}000`;
      if (!isValidId(zeroed)) continue;
      const first17 = `${first15}37`;
      stored = first17 + idCheckChar(first17)!;
    }
    const zeroed = `${stored.slice(0, 15)}000`;
    expect(isValidId(zeroed)).toBe(true);
    expect(storedIdStands(zeroed, stored)).toBe('excel');
    expect(storedIdMessage(zeroed, 'excel')).toBe(
      `身份证件号“${zeroed}”末三位为 000，应是 Excel 保存时改的，与该学籍号原有的身份证号相符：沿用原有号码`,
    );
    // Another pupil's valid …000, or a stored ID that itself ends so, is the file's.
    expect(storedIdStands(zeroed, ID)).toBeNull();
    expect(storedIdStands(zeroed, zeroed)).toBeNull();
  });
  it('keeps the stored ID against a number that fails its check one digit or one swap away from it', () => {
    expect(storedIdStands('350421201005031232', ID)).toBe('typo');
    expect(storedIdStands('350421201050031231', ID)).toBe('typo');
    expect(storedIdStands('35042120100503123l', ID)).toBeNull();
  });
  it('leaves a valid ID, or damage that contradicts the stored ID, to the file', () => {
    // Another valid ID (a correction), two typos, and digits Excel kept that differ.
    expect(storedIdStands('350421201005031223', ID)).toBeNull();
    expect(storedIdStands('350421201005032242', ID)).toBeNull();
    expect(storedIdStands('3.50431E+17', ID)).toBeNull();
    expect(storedIdStands('3.50421201005041E+17', ID)).toBeNull();
    expect(storedIdStands(`${ID.slice(0, 14)}9000`, ID)).toBeNull();
  });
});

describe('diffRoll', () => {
  it('finds new, moved, left, returned and updated students', () => {
    const existing = new Map(
      [
        snap('G1', 'A'),
        snap('G2', 'A'),
        snap('G3', 'A'),
        snap('G4', 'B', 'left'),
        snap('G5', 'C'),
        snap('G6', 'A'),
      ].map((s) => [s.studentNo, s]),
    );
    const incoming = [
      snap('G1', 'A'),
      snap('G2', 'B'),
      snap('G4', 'A'),
      snap('G6', 'A', 'enrolled', '四年级'),
      snap('G7', 'A'),
    ];
    const kinds = Object.fromEntries(diffRoll(existing, incoming).map((c) => [c.studentNo, c.kind]));
    expect(kinds).toEqual({ G2: 'moved', G3: 'left', G4: 'returned', G6: 'updated', G7: 'new' });
  });

  it('counts a pupil whom the old school sent away shortly before and the new school now has as moved', () => {
    const left = (no: string, school: string, leftAt: string): RollSnapshot => ({
      ...snap(no, school, 'left'),
      leftAt,
    });
    const existing = new Map(
      [
        left('G1', 'A', '2021-09-01'), // left A a week ago: moved to B
        left('G2', 'A', '2021-09-01'), // back at A: returned
        left('G3', 'A', '2020-09-01'), // out of school a year, now at B: returned
      ].map((s) => [s.studentNo, s]),
    );
    const incoming = [snap('G1', 'B'), snap('G2', 'A'), snap('G3', 'B')];
    const kinds = (asOf?: string) =>
      Object.fromEntries(diffRoll(existing, incoming, asOf).map((c) => [c.studentNo, c.kind]));
    expect(kinds('2021-09-08')).toEqual({ G1: 'moved', G2: 'returned', G3: 'returned' });
    // Without the roll's date nothing says how long ago they left.
    expect(kinds()).toEqual({ G1: 'returned', G2: 'returned', G3: 'returned' });
  });

  it('names the fields that changed, not those an older snapshot did not record', () => {
    const before: RollSnapshot = {
      studentNo: 'G1',
      schoolCode: 'A',
      status: 'enrolled',
      fields: { grade: '三年级' },
    };
    const after: RollSnapshot = {
      studentNo: 'G1',
      schoolCode: 'A',
      status: 'enrolled',
      fields: { grade: '四年级', guardian_id_number: '350421197303314177', boarding: false },
    };
    expect(changedFields(before, after)).toEqual(['grade']);
    const newer = { ...after, fields: { ...after.fields, guardian_id_number: '350421198503116061' } };
    expect(changedFields(after, newer)).toEqual(['guardian_id_number']);
    expect(diffRoll(new Map([['G1', after]]), [newer])).toMatchObject([
      { kind: 'updated', changed: ['guardian_id_number'] },
    ]);
  });

  it('finds the schools a partial file would empty by more than half (massLeaving)', () => {
    const existing = new Map(
      [
        ...Array.from({ length: 11 }, (_, i) => snap(`A${i}`, 'A')),
        ...Array.from({ length: 6 }, (_, i) => snap(`B${i}`, 'B')),
        ...Array.from({ length: 4 }, (_, i) => snap(`C${i}`, 'C')),
        snap('D0', 'D'),
        snap('D1', 'D'),
      ].map((s) => [s.studentNo, s]),
    );
    const incoming = [
      snap('A-new', 'A'), // A: one new pupil only — the 11 enrolled would leave
      ...Array.from({ length: 4 }, (_, i) => snap(`B${i}`, 'B')), // B: 2 of 6 graduate (a third)
      snap('C0', 'C'), // C: 3 of 4 would leave
      // D: 2 of 2 would leave — fewer than the minimum of 3, but all of a 教学点 (tester v20b F4)
      snap('D-new', 'D'),
      // E: 1 of 2 leaves — half, not more
      snap('E0', 'E'),
    ];
    existing.set('E0', snap('E0', 'E'));
    existing.set('E1', snap('E1', 'E'));
    const changes = diffRoll(existing, incoming);
    expect(massLeaving(existing, incoming, changes)).toEqual([
      { schoolCode: 'A', inFile: 1, enrolled: 11, leaving: 11 },
      { schoolCode: 'C', inFile: 1, enrolled: 4, leaving: 3 },
      { schoolCode: 'D', inFile: 1, enrolled: 2, leaving: 2 },
    ]);
    // Exactly half is not more than half.
    const half = [snap('B0', 'B'), snap('B1', 'B'), snap('B2', 'B')];
    expect(massLeaving(existing, half, diffRoll(existing, half))).toEqual([]);
  });

  it('leaves students of schools the new roll does not cover alone', () => {
    const existing = new Map([[`G5`, snap('G5', 'C')]]);
    expect(diffRoll(existing, [snap('G1', 'A')]).map((c) => c.kind)).toEqual(['new']);
  });
});

describe('diffRegistry (a new 建档立卡 list against the current one)', () => {
  it('counts households and persons new and gone, and says what it means', () => {
    const p = (personNo: string, householdNo: string) => ({ personNo, householdNo });
    const before = [p('H1-1', 'H1'), p('H1-2', 'H1'), p('H2-1', 'H2'), p('H3-1', 'H3')];
    // H2 left the registry (脱贫清退), H4 is new, H1 has a newborn, H3 unchanged.
    const after = [
      p('H1-1', 'H1'),
      p('H1-2', 'H1'),
      p('H1-3', 'H1'),
      p('H3-1', 'H3'),
      p('H4-1', 'H4'),
      p('H4-2', 'H4'),
    ];
    const c = diffRegistry(before, after);
    expect(c).toEqual({
      householdsAdded: 1,
      householdsRemoved: 1,
      personsAdded: 3,
      personsRemoved: 1,
      personsMoved: 0,
    });
    expect(registryChangeNotice(c, false)).toMatch(
      /^与所覆盖县\(市、区\)的上一版建档立卡名单相比：新增 1 户、3 人，移出 1 户、1 人。请重新比对/,
    );
    expect(registryChangeNotice(c, true)).toBeNull();
    expect(registryChangeNotice(diffRegistry(before, before), false)).toBe(
      '与所覆盖县(市、区)的上一版建档立卡名单相比，户和人员没有增减。',
    );
  });
});

describe('registryChangeDetail (who a new 建档立卡 list takes off and brings in)', () => {
  const isChild = (born: string, day: string) => isCompulsoryAge(born, day);
  const p = (
    personNo: string,
    householdNo: string,
    name: string,
    birthDate: string | null,
    row?: number,
  ) => ({
    personNo,
    householdNo,
    name,
    birthDate,
    headName: householdNo === 'H1' ? '何林水' : null,
    row,
  });
  const before = [
    p('P11', 'H1', '何林水', '1980-01-01'),
    p('P12', 'H1', '何恒一', '2010-05-01'),
    p('P13', 'H1', '何哲铭', '2016-02-01'),
    p('P21', 'H2', '丁父', '1981-02-02'),
    p('P22', 'H2', '丁天奕', '2011-03-03'),
    p('P23', 'H2', '丁小', '2003-01-01'),
  ];
  it('names households gone and children of compulsory age taken off or brought in', () => {
    const after = [
      p('P21', 'H2', '丁父', '1981-02-02', 2),
      p('P31', 'H3', '王建国', '1982-01-01', 3),
      p('P32', 'H3', '王小明', '2010-09-01', 4),
      p('P33', 'H3', '王不详', null, 5),
    ];
    const d = registryChangeDetail(before, after, '2020-10-15', isChild);
    expect(d.removedHouseholds).toEqual([{ householdNo: 'H1', headName: '何林水', persons: 3 }]);
    // 6–15 on 2020-08-31: 何恒一 (10) and 丁天奕 (9); not 何哲铭 (4), 丁小 (17) or an adult.
    expect(d.removedChildren.map((x) => x.name)).toEqual(['何恒一', '丁天奕']);
    // A person without a birth date is no child the rule can tell.
    expect(d.addedChildren.map((x) => x.name)).toEqual(['王小明']);
    expect(registryChangeDetailNotices(d, '2020-10-15')).toEqual([
      '移出的户（1 户）：H1（户主 何林水，3 人）。请核实这些户是否确已退出建档立卡（而不是导出时漏掉或选错了文件）。',
      '移出的在读学生和义务教育适龄儿童（2 人，年龄按 2020-10-15 计）：何恒一（人编号 P12）、丁天奕（人编号 P22）。重新比对后他们不再列为建档立卡学生，也不再列入未入学名单；如移出有误，请导入正确的名单。',
      '新增的义务教育适龄儿童（1 人，年龄按 2020-10-15 计）：王小明（第 4 行）。请重新比对，确认他们是否在读。',
    ]);
    expect(
      registryChangeDetailNotices(registryChangeDetail(before, before, '2020-10-15', isChild), '2020-10-15'),
    ).toEqual([]);
  });
  it('names a pupil taken off whatever their age: they lose the 建档立卡 aid (verifier v17c C3)', () => {
    const senior = { ...p('P23', 'H2', '丁小', '2003-01-01'), enrolled: true };
    const d = registryChangeDetail([senior], [], '2020-10-15', isChild);
    expect(d.removedChildren.map((x) => x.name)).toEqual(['丁小']);
    expect(registryChangeDetailNotices(d, '2020-09-01')[1]).toContain(
      '（1 人，年龄按 2020-09-01 计）：丁小（人编号 P23，在读）',
    );
  });

  it('names at most 20 of each and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      p(`Q${String(i).padStart(2, '0')}`, `HQ${String(i).padStart(2, '0')}`, `童${i}`, '2012-01-01'),
    );
    const [households, children] = registryChangeDetailNotices(
      registryChangeDetail(many, [], '2020-10-15', isChild),
      '2020-10-15',
    );
    expect(households).toContain('HQ19（1 人）等 25 户');
    expect(children).toContain('童19（人编号 Q19）等 25 人');
    expect(children).not.toContain('童20');
  });
});

describe('olderRollSigns (a roll that undoes an earlier import)', () => {
  const snap = (studentNo: string, status: 'enrolled' | 'left' = 'enrolled'): RollSnapshot => ({
    studentNo,
    schoolCode: 'S1',
    status,
    fields: {},
  });
  const returned = (no: string) => ({
    kind: 'returned' as const,
    studentNo: no,
    before: snap(no, 'left'),
    after: snap(no),
  });
  const left = (no: string) => ({ kind: 'left' as const, studentNo: no, before: snap(no) });
  const earlier = (batchId: number, l: string[], a: string[]) => ({
    batchId,
    left: new Set(l),
    arrived: new Set(a),
  });
  it('finds the import whose leavers come back and whose newcomers go, half of each or more', () => {
    const changes = [returned('D'), left('E'), left('Z')];
    expect(olderRollSigns(changes, [earlier(7, ['D'], ['E'])])).toEqual({
      batchId: 7,
      returning: ['D'],
      leaving: ['E'],
    });
    // Half of its leavers back is enough (the other may have moved on since).
    expect(olderRollSigns(changes, [earlier(7, ['D', 'X'], ['E'])])).not.toBeNull();
    // Ordinary turnover: one of four leavers back, or one of three newcomers gone, or only one side.
    expect(olderRollSigns(changes, [earlier(7, ['D', 'X', 'Y', 'W'], ['E'])])).toBeNull();
    expect(olderRollSigns(changes, [earlier(7, ['D'], ['E', 'X', 'Y'])])).toBeNull();
    expect(olderRollSigns([returned('D')], [earlier(7, ['D'], ['E'])])).toBeNull();
    expect(olderRollSigns([left('E')], [earlier(7, ['D'], ['E'])])).toBeNull();
    // A leaver brought back from the school that enrolled them since (moved) counts as back (tester v26d F1).
    const moved = {
      kind: 'moved' as const,
      studentNo: 'D',
      before: { ...snap('D'), schoolCode: 'Q1' },
      after: snap('D'),
    };
    expect(olderRollSigns([moved, left('E')], [earlier(7, ['D'], ['E'])])).toEqual({
      batchId: 7,
      returning: ['D'],
      leaving: ['E'],
    });
    // Of two imports undone, the one undone most.
    const two = olderRollSigns(
      [returned('D'), returned('F'), left('E'), left('G')],
      [earlier(7, ['D'], ['E']), earlier(9, ['D', 'F'], ['E', 'G'])],
    );
    expect(two).toMatchObject({ batchId: 9, returning: ['D', 'F'], leaving: ['E', 'G'] });
  });
  it('says which file it undoes, with rows and masked 学籍号', () => {
    const m = olderRollMessage(
      { batchId: 7, returning: ['D'], leaving: ['E'] },
      { filename: '本学期名册.xlsx', date: '2021-02-20' },
      (no) => (no === 'D' ? 5 : undefined),
      (no) => `*${no}`,
    );
    expect(m).toBe(
      '本文件可能是旧名册：2021-02-20 导入的“本学期名册.xlsx”已把 1 名学生记为离校，本文件又把他们列为在读（第 5 行（*D），将记为复学）；那次导入新增或转入的 1 名学生不在本文件中（*E，将记为离校）。如果这确是学校最新的名册（这些学生确已复学、离校），请点下方的确认按钮后导入；否则请导出学校最新的名册后再导入',
    );
    // With the pupils' names (tester v26d F6).
    const named = olderRollMessage(
      { batchId: 7, returning: ['D'], leaving: ['E'] },
      { filename: '本学期名册.xlsx', date: '2021-02-20' },
      (no) => (no === 'D' ? 5 : undefined),
      (no) => `*${no}`,
      (no) => ({ D: '张小明', E: '孙浩' })[no],
    );
    expect(named).toContain('（第 5 行（张小明 *D），将记为复学）');
    expect(named).toContain('（孙浩 *E，将记为离校）');
  });
});

describe('renumbered (a pupil whose 学籍号 changed between two rolls)', () => {
  const ID_A = '350423201206150027';
  const ID_B = '350423201103220016';
  const row = (
    studentNo: string,
    idNumber: string | null,
    schoolCode = 'S1',
    status: 'enrolled' | 'left' = 'enrolled',
    name = `生${studentNo}`,
    birthDate: string | null = null,
  ) => ({
    studentNo,
    schoolCode,
    status,
    idNumber,
    name,
    birthDate,
  });
  it('pairs a new 学籍号 with the enrolled pupil of a covered school who has its ID and is not in the roll', () => {
    const stored = [row('L350423202006958466', ID_A), row(`G${ID_B}`, ID_B)];
    const incoming = [row(`G${ID_A}`, ID_A), row(`G${ID_B}`, ID_B)];
    expect(renumbered(stored, incoming)).toEqual(new Map([[`G${ID_A}`, 'L350423202006958466']]));
  });
  it('never takes a national G + ID number back to a temporary one: that is an older roll (tester v26b F2)', () => {
    const stored = [row(`G${ID_A}`, ID_A), row(`G${ID_B}`, ID_B)];
    const incoming = [row('L350423202006958466', ID_A), row(`G${ID_B}`, ID_B)];
    expect(renumbered(stored, incoming)).toEqual(new Map());
    // …and says so, for the import to hold the file (tester v26d F2).
    expect(nationalNumbersTakenBack(stored, incoming)).toEqual(
      new Map([['L350423202006958466', `G${ID_A}`]]),
    );
    // Also on a row without an ID, by school, name and birth date (verifier v26f F1).
    const named = [row(`G${ID_A}`, ID_A, 'S1', 'enrolled', '林一', '2012-06-15')];
    const noId = [row('L2021000007', null, 'S1', 'enrolled', '林一', '2012-06-15')];
    expect(renumbered(named, noId)).toEqual(new Map());
    expect(nationalNumbersTakenBack(named, noId)).toEqual(new Map([['L2021000007', `G${ID_A}`]]));
    // Nor by name and birth date, for a pupil stored without an ID.
    const bare = [row(`G${ID_A}`, null, 'S1', 'enrolled', '林一', '2012-06-15')];
    expect(renumbered(bare, [row('L1', null, 'S1', 'enrolled', '林一', '2012-06-15')])).toEqual(new Map());
    // A school's own number for the national one is still a renumbering.
    expect(renumbered([row('S-0001', ID_A)], [row(`G${ID_A}`, ID_A)])).toEqual(
      new Map([[`G${ID_A}`, 'S-0001']]),
    );
  });
  it('pairs nothing when the old number is still in the roll, the school is not covered, or the pupil had left', () => {
    expect(renumbered([row('L1', ID_A)], [row('L1', ID_A), row(`G${ID_A}`, ID_A)]).size).toBe(0);
    expect(renumbered([row('L1', ID_A, 'S2')], [row(`G${ID_A}`, ID_A)]).size).toBe(0);
    expect(renumbered([row('L1', ID_A, 'S1', 'left')], [row(`G${ID_A}`, ID_A)]).size).toBe(0);
  });
  it('pairs nothing on an unsure ID: none, on two new rows, or on two stored pupils', () => {
    expect(renumbered([row('L1', null)], [row(`G${ID_A}`, null)]).size).toBe(0);
    expect(renumbered([row('L1', ID_A)], [row('G1', ID_A), row('G2', ID_A)]).size).toBe(0);
    expect(renumbered([row('L1', ID_A), row('L2', ID_A)], [row('G1', ID_A)]).size).toBe(0);
  });
  it('pairs a pupil stored without an ID by school, name and birth date, one to one', () => {
    const old = row('L2020001', null, 'S1', 'enrolled', '付佳涵', '2012-06-15');
    expect(renumbered([old], [row(`G${ID_A}`, ID_A, 'S1', 'enrolled', '付佳涵', '2012-06-15')])).toEqual(
      new Map([[`G${ID_A}`, 'L2020001']]),
    );
    // Another school, another birth date, a stored pupil with an ID, or two of that name and day: none.
    expect(renumbered([old], [row('G1', ID_A, 'S2', 'enrolled', '付佳涵', '2012-06-15')]).size).toBe(0);
    expect(renumbered([old], [row('G1', ID_A, 'S1', 'enrolled', '付佳涵', '2012-06-16')]).size).toBe(0);
    const withId = row('L2020001', ID_B, 'S1', 'enrolled', '付佳涵', '2012-06-15');
    expect(renumbered([withId], [row('G1', ID_A, 'S1', 'enrolled', '付佳涵', '2012-06-15')]).size).toBe(0);
    const twin = row('L2020002', null, 'S1', 'enrolled', '付佳涵', '2012-06-15');
    expect(renumbered([old, twin], [row('G1', ID_A, 'S1', 'enrolled', '付佳涵', '2012-06-15')]).size).toBe(0);
    expect(
      renumbered(
        [old],
        [
          row('G1', ID_A, 'S1', 'enrolled', '付佳涵', '2012-06-15'),
          row('G2', null, 'S1', 'enrolled', '付佳涵', '2012-06-15'),
        ],
      ).size,
    ).toBe(0);
  });

  it('pairs across two schools of the same roll (moved and renumbered)', () => {
    expect(renumbered([row('L1', ID_A, 'S1')], [row('G1', ID_A, 'S2'), row('X', ID_B, 'S1')])).toEqual(
      new Map([['G1', 'L1']]),
    );
  });
});

describe('a 救助名单 that replaces the current one', () => {
  it('names who it takes off, by 一生一档, else ID, else name', () => {
    const before = [
      { personId: 1, idNumber: '350421201005031231', name: '王小明' },
      { personId: 2, idNumber: null, name: '李小红' },
      { personId: null, idNumber: '350421201106061229', name: '陈小东' },
      { personId: null, idNumber: null, name: '赵小北' },
    ];
    const after = [
      // 王小明 under a new name (same person), 陈小东 by ID, 赵小北 by name: still on it.
      { personId: 1, idNumber: '350421201005031231', name: '王晓明' },
      { personId: null, idNumber: '350421201106061229', name: '陈小冬' },
      { personId: null, idNumber: null, name: '赵小北' },
    ];
    expect(removedFromList(before, after).map((e) => e.name)).toEqual(['李小红']);
    expect(listRemovedNotice('低保', [{ name: '李小红' }])).toBe(
      '本次低保名单替换了原名单，移出 1 人：李小红。他们不再计为低保家庭学生，重新计算应享资助后相应资助随之变化；如移出有误（导出时漏掉或选错了文件），请导入完整的名单。',
    );
    expect(listRemovedNotice('低保', [])).toBeNull();
    const many = Array.from({ length: 25 }, (_, i) => ({ name: `人${i}` }));
    expect(listRemovedNotice('特困供养', many)).toContain('人19等 25 人。');
  });
});

describe('describeIdDamage', () => {
  it('names a birth date that is no date before the checksum it also breaks (month 13)', () => {
    expect(describeIdDamage(['bad_date', 'bad_checksum'])).toBe('其中的出生日期无效，校验位也不正确');
    expect(describeIdDamage(['bad_checksum'])).toBe('校验位不正确');
    expect(describeIdDamage(['bad_date'])).toBe('其中的出生日期无效');
    expect(describeIdDamage(['bad_length'])).toBe('位数不正确');
  });
});

describe('a 学籍号 Excel turned into a number', () => {
  const cells = (studentNo: string, idNumber = ID): RollCells => ({
    ...blank,
    studentNo,
    name: '邱玲雪',
    idNumber,
    schoolCode: '2135000001',
    schoolName: '明溪县实验小学',
    stage: '小学',
  });

  it('is G + the ID again when what is left agrees with the row’s valid ID, with a warning', () => {
    for (const no of ['350421201005031000', '3.50421E+17']) {
      const r = parseRollRow(4, cells(no));
      expect(r.record?.studentNo, no).toBe(`G${ID}`);
      expect(r.messages.filter((m) => m.severity === 'error')).toEqual([]);
      expect(r.messages.find((m) => m.column === '学籍号')?.message).toContain('被 Excel 转成了数字');
    }
    // Its 18 digits may pass the ID checksum by chance (…2292000 does): it is still a lost G + ID.
    const lucky = '350421201202292000';
    expect(parseRollRow(4, cells(lucky, '350421201202292019')).record?.studentNo).toBe('G350421201202292019');
  });

  it('takes the 学籍号’s ID for the …000 copy Excel made of it, and marks any other valid ID that is not the 学籍号’s (tester v21a F4)', () => {
    // 350421201005010000 passes its check: without the 学籍号 it would stand as the pupil's ID.
    const zeroed = parseRollRow(4, {
      ...cells('G350421201005010123', '350421201005010000'),
      birthDate: '2010-05-01',
    });
    expect(zeroed.record?.idNumber).toBe('350421201005010123');
    expect(zeroed.record?.idProblem).toBeNull();
    expect(zeroed.messages.map((m) => m.message)).toEqual([
      '身份证件号“350421201005010000”末三位为 000，与学籍号中的身份证号前 15 位相同，应是 Excel 保存时改的：以学籍号中的身份证号为准',
    ]);
    // Two valid IDs that differ otherwise (a sibling's, a parent's): the column's is kept, and marked.
    const other = parseRollRow(4, cells('G350421201005031258', ID));
    expect(other.record?.idNumber).toBe(ID);
    expect(other.record?.idProblem).toBeNull();
    expect(other.messages).toEqual([
      { row: 4, column: '身份证件号', message: STUDENT_NO_ID_MISMATCH, severity: 'warning' },
    ]);
    // The same ID in both: nothing to say.
    expect(parseRollRow(4, cells(`G${ID}`)).messages).toEqual([]);
  });

  it('is refused, saying Excel lost it, when the ID does not agree or is not valid', () => {
    for (const [no, id] of [
      ['350421201005031000', '350423201005031235'],
      ['350421201005031000', '3.50421E+17'],
    ] as const) {
      const r = parseRollRow(4, cells(no, id));
      expect(r.record).toBeNull();
      const m = r.messages.find((x) => x.column === '学籍号')!;
      expect(m.severity).toBe('error');
      expect(m.message).toContain('被 Excel 转成了数字，原学籍号已丢失');
    }
    // A temporary 学籍号 of digits only that Excel did not damage keeps its own message.
    expect(parseRollRow(4, cells('2020123')).messages.find((x) => x.column === '学籍号')?.message).toContain(
      '格式不正确',
    );
  });
});

describe('exitStatusChanges / exitStatusNotice (a new 建档立卡 list changes a 脱贫状态)', () => {
  it('names whose status changed, blank and missing being the same, and says what it means for aid', () => {
    const changes = exitStatusChanges(
      [
        { personNo: 'P1', exitStatus: null },
        { personNo: 'P2', exitStatus: '未脱贫' },
        { personNo: 'P3', exitStatus: ' ' },
      ],
      [
        { personNo: 'P1', householdNo: 'H1', name: '朱子涵', exitStatus: '已脱贫(不享受政策)' },
        { personNo: 'P2', householdNo: 'H2', name: '李四', exitStatus: '未脱贫' },
        { personNo: 'P3', householdNo: 'H3', name: '王五', exitStatus: null },
        { personNo: 'P4', householdNo: 'H4', name: '新人', exitStatus: '已脱贫(不享受政策)' },
      ],
    );
    expect(changes).toEqual([
      { personNo: 'P1', householdNo: 'H1', name: '朱子涵', before: null, after: '已脱贫(不享受政策)' },
    ]);
    expect(exitStatusNotice(changes)).toBe(
      '脱贫状态变更 1 户、1 人：朱子涵（户编号 H1）：未填 → 已脱贫(不享受政策)。脱贫状态决定建档立卡学生是否继续享受资助（如“已脱贫(不享受政策)”不再享受），请重新计算应享资助。',
    );
    expect(exitStatusNotice([])).toBeNull();
  });
});

describe('stageAgeWarning (tester v20b F12)', () => {
  it('doubts only an age no pupil of the stage has', () => {
    expect(stageAgeWarning(3, 'primary', '2012-03-05', '2020-09-01')).toBeNull();
    expect(stageAgeWarning(3, 'primary', '2004-03-05', '2020-09-01')).toBeNull(); // 16: a late starter
    expect(stageAgeWarning(3, 'primary', '1905-03-05', '2020-09-01')).toEqual({
      row: 3,
      column: '出生日期',
      message:
        '出生日期 1905-03-05：按此该生 115 岁，不像小学学生（5–17 岁）：已导入，请核对出生日期和身份证件号',
      severity: 'warning',
    });
    expect(stageAgeWarning(3, 'junior', '2021-01-01', '2020-09-01')!.message).toContain('尚未出生');
    expect(stageAgeWarning(3, 'senior', '1998-05-05', '2020-09-01')).toBeNull(); // 22
    expect(stageAgeWarning(3, 'primary', null, '2020-09-01')).toBeNull();
  });
});

describe('gradesBack', () => {
  const upd = (no: string, from: string, to: string, stage = '小学', toStage = stage): RollChange => ({
    kind: 'updated',
    studentNo: no,
    before: {
      studentNo: no,
      schoolCode: 'S',
      status: 'enrolled',
      leftAt: null,
      fields: { grade: from, stage },
    },
    after: {
      studentNo: no,
      schoolCode: 'S',
      status: 'enrolled',
      leftAt: null,
      fields: { grade: to, stage: toStage },
    },
    changed: ['grade'],
  });
  it('takes most pupils put back a year for an older roll, and a few corrections for nothing', () => {
    expect(
      gradesBack([upd('a', '三年级', '二年级'), upd('b', '3年级', '2'), upd('c', '初二', '初一')]),
    ).toHaveLength(3);
    // Two corrections down, one up: not enough.
    expect(
      gradesBack([upd('a', '三年级', '二年级'), upd('b', '三年级', '二年级'), upd('c', '二年级', '三年级')]),
    ).toEqual([]);
    // Four down against two up: not more than twice.
    expect(
      gradesBack([
        ...['a', 'b', 'c', 'd'].map((x) => upd(x, '三年级', '二年级')),
        upd('e', '二年级', '三年级'),
        upd('f', '二年级', '三年级'),
      ]),
    ).toEqual([]);
    // Another 学段 (小学六年级 → 初中一年级) is no step back.
    expect(gradesBack(['a', 'b', 'c'].map((x) => upd(x, '六年级', '一年级', '小学', '初中')))).toEqual([]);
  });
});

describe('unlessPlaceholder (what a form writes for nothing, tester v26b F10)', () => {
  it('reads dashes, slashes, 无/暂无/不详 and NULL as blank, and keeps anything else', () => {
    for (const x of ['-', '—', '--', '/', '／', '无', '暂无', '不详', 'NULL', 'N/A', ' - ', '*'])
      expect(unlessPlaceholder(x), x).toBe('');
    for (const x of ['陈父', '无名氏', '福建省三明市明溪县', '350421198001010011'])
      expect(unlessPlaceholder(x), x).toBe(x);
  });
});
