import { describe, expect, it } from 'vitest';
import { HouseholdFill } from '../src/domain/roll/household-fill.ts';
import {
  changeLinesNotice,
  type RegistryMove,
  type ReusedNumber,
  registryChangeLines,
  registryIdChangesNotice,
  registryMovesNotice,
  reusedNumbersNotice,
} from '../src/domain/roll/registry-changes.ts';
import {
  type ExitStatusChange,
  exitStatusNotice,
  registryChangeDetailNotices,
  registryChangeNotice,
} from '../src/domain/roll/roll-diff.ts';
import { personNamesKeptNotice } from '../src/domain/roll/roll-identity.ts';
import { englishOf } from '../web/src/serverMessages.ts';
import { fullWidthInEnglish } from './helpers/full-width.ts';

/**
 * The notices of a registry re-import (what the new list changes against the current one) in the
 * English UI: the twenty-seventh session left them in Chinese. Each is made by the server's own
 * function, so a change of its words shows here. What may stay Chinese in the English text: the
 * persons' names, and the terms the English UI keeps (人编号, 户编号, 建档立卡, 一生一档, 脱贫状态, 名单变更
 * and a status's own value).
 */
const KEPT = /人编号|户编号|建档立卡|一生一档|脱贫状态|名单变更|已脱贫\(不享受政策\)|未脱贫|户主/g;
const NAMES = ['张晓明', '张晓红', '李华', '王芳', '赵晨文', '赵新宇', '刘洋', '张红'];

function english(zh: string | null): string {
  expect(zh).not.toBeNull();
  const en = englishOf(zh!);
  expect(en, zh!).not.toBeNull();
  let rest = en!.replace(KEPT, '');
  for (const n of NAMES) rest = rest.replaceAll(n, '');
  expect(rest, en!).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/);
  expect(fullWidthInEnglish(en!), en!).toEqual([]);
  return en!;
}

const split: RegistryMove = {
  kind: 'split',
  name: '张晓明',
  from: { personNo: 'P1', householdNo: 'H1' },
  to: { personNo: 'P91', householdNo: 'H9', row: 4 },
};
const renumbered: RegistryMove = {
  kind: 'personNo',
  name: '张晓红',
  formerName: '张红',
  from: { personNo: 'P2', householdNo: 'H1' },
  to: { personNo: 'P92', householdNo: 'H1', row: 5 },
  withHousehold: { before: { idNumber: null, raw: '' }, after: { idNumber: null, raw: '35042' } },
};
const reused: ReusedNumber = {
  personNo: 'P12',
  before: { name: '赵晨文', householdNo: 'H3' },
  after: { name: '赵新宇', householdNo: 'H3', row: 8 },
};
const status: ExitStatusChange = {
  personNo: 'P5',
  householdNo: 'H5',
  name: '李华',
  before: '未脱贫',
  after: '已脱贫(不享受政策)',
  row: 9,
};

describe('registry import notices in the English UI', () => {
  it('the change counts, with and without moves', () => {
    const c = {
      householdsAdded: 2,
      householdsRemoved: 1,
      personsAdded: 5,
      personsRemoved: 3,
      personsMoved: 2,
    };
    expect(english(registryChangeNotice(c, false))).toBe(
      'Against the previous 建档立卡 registry of the counties covered: 2 households and 5 persons added, 1 household and 3 persons removed; besides, 2 persons moved to another household or 人编号 (the same person: neither added nor removed). Run the comparison again: pupils of removed persons are no longer 建档立卡 pupils, and children of school age among the added are compared with the rolls.',
    );
    english(registryChangeNotice({ ...c, personsMoved: 0 }, false));
    const none = { householdsAdded: 0, householdsRemoved: 0, personsAdded: 0, personsRemoved: 0 };
    expect(english(registryChangeNotice({ ...none, personsMoved: 1 }, false))).toMatch(
      /no household or person was added or removed; 1 person moved/,
    );
    english(registryChangeNotice({ ...none, personsMoved: 0 }, false));
  });

  it('who moved, whose number went to another, whose ID changed', () => {
    expect(english(registryMovesNotice([split, renumbered]))).toBe(
      'Persons moved to another household or 人编号 (2): 张晓明 (household split: 人编号 P1 → P91, 户编号 H1 → H9), 张晓红 (new 人编号: 人编号 P2 → P92, 户编号 H1 unchanged, name 张红 → 张晓红). Their ID numbers are those of the previous list (1 of them without a valid ID number: moved with the household, known by name): they stay 建档立卡 persons, neither removed nor added, and the next comparison lists them under their new 人编号.',
    );
    expect(english(reusedNumbersNotice([reused, { ...reused, personNo: 'P13' }]))).toMatch(
      /^人编号 given to another person \(2\): 人编号 P12 was 赵晨文, now 赵新宇; 人编号 P13 was 赵晨文, now 赵新宇\. /,
    );
    const idChange = {
      personNo: 'P7',
      householdNo: 'H7',
      name: '王芳',
      row: 3,
      before: { idNumber: '350421201001010015', raw: '350421201001010015' },
      after: { idNumber: '350421201001010023', raw: '350421201001010023' },
    };
    const lost = { ...idChange, after: { idNumber: null, raw: '' } };
    const en = english(registryIdChangesNotice([idChange, lost]));
    expect(en).toMatch(
      /^ID numbers changed under the same 人编号 \(2\): 王芳 \(人编号 P7\): 350421\*+5 → 350421\*+3 \(digits 17, 18 differ\); 王芳 \(人编号 P7\): 350421\*+5 → empty\. /,
    );
  });

  it('many named, the rest counted', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      ...split,
      from: { personNo: `P${i}`, householdNo: 'H1' },
    }));
    expect(english(registryMovesNotice(many))).toMatch(
      /, 张晓明 \(household split: 人编号 P19 → P91, 户编号 H1 → H9\) and others, 25 in all\. /,
    );
    const numbers = Array.from({ length: 21 }, (_, i) => ({ ...reused, personNo: `P${i}` }));
    expect(english(reusedNumbersNotice(numbers))).toMatch(
      /人编号 P19 was 赵晨文, now 赵新宇 and others, 21 in all\. /,
    );
  });

  it('脱贫状态, households and children off and on the list', () => {
    expect(english(exitStatusNotice([status]))).toBe(
      '脱贫状态 (poverty exit status) changed for 1 household and 1 person: 李华 (户编号 H5): 未脱贫 → 已脱贫(不享受政策). The status decides whether a 建档立卡 pupil keeps the aid (“已脱贫(不享受政策)” no longer does): compute the entitlements again.',
    );
    english(exitStatusNotice([{ ...status, before: null }]));
    const notices = registryChangeDetailNotices(
      {
        removedHouseholds: [
          { householdNo: 'H1', headName: '刘洋', persons: 3 },
          { householdNo: 'H2', headName: null, persons: 1 },
        ],
        removedChildren: [
          {
            personNo: 'P3',
            householdNo: 'H1',
            name: '张晓明',
            birthDate: '2012-01-01',
            headName: null,
            enrolled: true,
          },
        ],
        addedChildren: [
          {
            personNo: 'P4',
            householdNo: 'H4',
            name: '王芳',
            birthDate: '2013-01-01',
            headName: null,
            row: 7,
          },
        ],
      },
      '2020-09-01',
    );
    expect(notices).toHaveLength(3);
    const [households, removed, added] = notices.map(english);
    expect(households).toMatch(/^Households removed \(2\): H1 \(head 刘洋, 3 persons\), H2 \(1 person\)\. /);
    expect(removed).toMatch(/\(1, ages as of 2020-09-01\): 张晓明 \(人编号 P3, enrolled\)\. /);
    expect(added).toMatch(/\(1, ages as of 2020-09-01\): 王芳 \(row 7\)\. Run the comparison again/);
  });

  it('the count of the 名单变更 sheet, kept names, merged household cells', () => {
    const lines = registryChangeLines({
      before: [
        { personNo: 'P1', householdNo: 'H1', name: '张晓明' },
        { personNo: 'P8', householdNo: 'H8', name: '刘洋' },
      ],
      after: [{ personNo: 'P91', householdNo: 'H9', name: '张晓明', row: 4 }],
      moves: [split],
      idChanges: [],
      statuses: [],
    });
    expect(english(changeLinesNotice(lines))).toBe(
      '2 changes in all (removed 1, household split 1); the “名单变更” sheet of the import report (xlsx) lists each person.',
    );
    expect(english(personNamesKeptNotice(2, '建档立卡名单'))).toMatch(/^2 persons: the name differs/);
    const fill = new HouseholdFill();
    const row = (no: string, head: string) => ({
      householdNo: no,
      headName: head,
      county: '明溪县',
      township: '雪峰镇',
      village: '',
      personNo: `P${no}${head}`,
      name: '张晓明',
    });
    fill.next(2, row('H1', '刘洋'));
    fill.next(3, row('', ''));
    expect(english(fill.notice('建档立卡名单'))).toMatch(
      /^Note: in the 建档立卡 registry, the household cells .* of 1 row \(row 3\) are empty/,
    );
  });
});

describe('the registry holds and row warnings in the English UI', () => {
  it('the removal hold names each county', async () => {
    const { massRemovalMessage } = await import('../src/domain/roll/registry-removal.ts');
    const zh = massRemovalMessage(
      [{ countyCode: '350421', current: 120, inFile: 10, removed: 115 }],
      new Map([['350421', '明溪县']]),
    );
    const en = englishOf(zh);
    expect(en).toMatch(
      /明溪县: 120 on the list, 10 in the file, 115 of them missing from the file would be removed\. /,
    );
    expect(en).toMatch(/--confirm-removal/);
  });

  it('a 人编号 given to another person, on its row', async () => {
    const { englishOfRowText } = await import('../web/src/rowMessages.ts');
    expect(
      englishOfRowText(
        '人编号 P12 在原名单中是 赵晨文，本名单中为 赵新宇：同一人编号换了人，请核实（原人员现为人编号 P91）',
      ),
    ).toBe(
      '人编号 P12 was 赵晨文 in the previous list and is 赵新宇 in this one: the same 人编号 is another person, please check (the former holder is now 人编号 P91)',
    );
    expect(
      englishOfRowText(
        '人编号 P12 在原名单中是 赵晨文，本名单中为 赵新宇：同一人编号换了人，请核实（原人员已不在名单中）',
      ),
    ).toMatch(/the former holder is no longer on the list\)$/);
  });

  it('the roll notice of voided results, with its rows (tester t28b F2)', async () => {
    const { voidedResultsNotice } = await import('../src/domain/roll/roll-identity.ts');
    expect(englishOf(voidedResultsNotice([3, 5]))).toMatch(
      /^2 pupils \(rows 3, 5\) now have another ID number/,
    );
    expect(englishOf(voidedResultsNotice([4]))).toMatch(/^1 pupil \(row 4\) now has another ID number/);
    expect(englishOf(voidedResultsNotice(Array.from({ length: 25 }, (_, i) => i + 2)))).toMatch(
      /^25 pupils \(rows 2, 3, .*, 21, …\)/,
    );
  });

  it('a file of binary data named .csv (tester t28a F6)', () => {
    expect(
      englishOf(
        '学生名册“garbage.csv”不是文本表格（内容是无法识别的二进制数据，文件可能已损坏或不是表格文件）：请选择 .xlsx、.xls 或 .csv 文件',
      ),
    ).toMatch(/^The student roll “garbage\.csv” is no text table/);
  });

  it('the roll import’s ID correction, transfer in and kept guardians (verifier t28d N4)', async () => {
    const { idCorrectedWarning, transferInWarning } = await import('../src/domain/roll/roll-identity.ts');
    const { englishOfRowText } = await import('../web/src/rowMessages.ts');
    for (const apart of [false, true]) {
      const zh = idCorrectedWarning(5, '350421201103220225', '35042120110322922X', apart).message;
      expect(englishOfRowText(zh), zh).toMatch(
        /^The ID number 350421\*+X differs from the one this 学籍号 had \(350421\*+5\)/,
      );
    }
    for (const left of [false, true]) {
      const zh = transferInWarning(7, '明溪县实验小学', left, ['姓名', '出生日期']).message;
      expect(englishOfRowText(zh), zh).toMatch(
        /^The pupil was at 明溪县实验小学 \(outside your area(, recorded as left)?\); this row's name, birth date agree: transferred in/,
      );
    }
    expect(englishOfRowText(transferInWarning(7, '明溪县实验小学', false).message)).toMatch(
      /this row's name agrees: transferred in/,
    );
    expect(
      englishOf(
        '2 名学生的监护人姓名或身份证件号在文件中为空（或只填了“-”“/”“无”等）：保留系统中原有的，不会被清空。',
      ),
    ).toMatch(/^2 pupils have an empty guardian name/);
  });

  it('another name and sex under one 学籍号, in English (tester t28f F2)', async () => {
    const { identityChangeWarning } = await import('../src/domain/roll/roll-identity.ts');
    const { englishOfRowText } = await import('../web/src/rowMessages.ts');
    const zh = identityChangeWarning(
      5,
      { name: '张恒锦', sex: 'M', birthDate: '2013-03-28' },
      { name: '张恒涵', sex: 'F', birthDate: '2013-03-28' },
    )!.message;
    expect(englishOfRowText(zh)).toBe(
      "The name and sex differ from the pupil stored under this 学籍号 (张恒锦, male → 张恒涵, female): imported as given; most likely another pupil's 学籍号 was mistyped, please check; if it is the same pupil (renamed, sex corrected), ignore this",
    );
  });
});
