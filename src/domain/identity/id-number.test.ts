import { describe, expect, it } from 'vitest';
import { idCheckChar } from './checksum.ts';
import {
  checkIdAgainstRecord,
  compareIds,
  disabilityCardId,
  displayId,
  excelSerialDate,
  id15to18,
  idFromStudentNo,
  isValidId,
  maskId,
  normaliseId,
} from './id-number.ts';

// Valid IDs, check characters computed with the POLICY.md weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
// and the map 0–10 → 1 0 X 9 8 7 6 5 4 3 2.
const MINGXI_BOY = '350421200501011235'; // 明溪县, 2005-01-01, 17th digit 3 → M (sum 161, 161 % 11 = 7 → '5')
const MINGXI_GIRL = '350421200501011243'; // 17th digit 4 → F (sum 163, % 11 = 9 → '3')

describe('check character (GB 11643 / ISO 7064 MOD 11-2)', () => {
  it('matches the weighted sum worked by hand', () => {
    // 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 % 11 = 2 → 'X'
    expect(idCheckChar('11010519491231002')).toBe('X');
    // the standard's other example: sum 195, 195 % 11 = 8 → '4'
    expect(idCheckChar('44052418800101001')).toBe('4');
    expect(idCheckChar('35042120050101123')).toBe('5');
    expect(idCheckChar('35042120050101100')).toBe('8');
  });

  it('accepts the standard examples and our figures', () => {
    expect(isValidId('11010519491231002X')).toBe(true);
    // the standard's 1880 example has a correct check character but is outside 1900..2100
    expect(isValidId('440524188001010014')).toBe(false);
    expect(isValidId(MINGXI_BOY)).toBe(true);
    expect(isValidId(MINGXI_GIRL)).toBe(true);
  });

  it('rejects a wrong check character, lower-case x and wrong lengths', () => {
    expect(isValidId('350421200501011234')).toBe(false);
    expect(isValidId('11010519491231002x')).toBe(false);
    expect(isValidId('35042120050101123')).toBe(false);
    expect(isValidId('3504212005010112355')).toBe(false);
  });
});

describe('birth dates', () => {
  it('accepts 29 February in leap years, including 2000', () => {
    expect(isValidId('350427200802290010')).toBe(true);
    expect(isValidId('350421200402290021')).toBe(true);
    const first17 = '35042120000229001';
    expect(isValidId(first17 + idCheckChar(first17))).toBe(true);
  });

  it('rejects 29 February in common years and 1900, and impossible days', () => {
    for (const d of [
      '20190229',
      '19000229',
      '20190230',
      '20050431',
      '20051301',
      '20050100',
      '18991231',
      '21010101',
    ]) {
      const first17 = `350421${d}001`;
      const id = first17 + idCheckChar(first17);
      expect(isValidId(id), d).toBe(false);
      const n = normaliseId(id);
      expect(n.damage, d).toEqual(['bad_date']);
      expect(n.trusted).toBe(false);
      expect(n.birthDate).toBeNull();
      expect(n.candidate).toBe(id);
    }
  });
});

describe('normaliseId — clean input', () => {
  it('describes a valid ID', () => {
    expect(normaliseId(MINGXI_BOY)).toEqual({
      raw: MINGXI_BOY,
      id: MINGXI_BOY,
      candidate: MINGXI_BOY,
      trusted: true,
      damage: [],
      birthDate: '2005-01-01',
      sex: 'M',
      areaCode: '350421',
    });
    expect(normaliseId(MINGXI_GIRL).sex).toBe('F');
  });

  it('never rejects an area code that is no longer current (沙县 350427, 梅列区 350402)', () => {
    expect(normaliseId('350427200802290010').id).toBe('350427200802290010');
    expect(normaliseId('350402198706152315').id).toBe('350402198706152315');
  });
});

describe('normaliseId — Excel number damage', () => {
  it('expands 3.50421E+17 but keeps only the area code it preserved', () => {
    const n = normaliseId('3.50421E+17');
    expect(n.damage).toEqual(['scientific_notation', 'trailing_000']);
    expect(n.trusted).toBe(false);
    expect(n.id).toBeNull();
    expect(n.candidate).toBe('350421000000000000');
    expect(n.areaCode).toBe('350421');
    expect(n.birthDate).toBeNull();
    expect(n.sex).toBeNull();
  });

  it('keeps the birth date when the mantissa held 15 digits', () => {
    const n = normaliseId('3.50421200501011E+17');
    expect(n.candidate).toBe('350421200501011000');
    expect(n.trusted).toBe(false);
    expect(n.birthDate).toBe('2005-01-01');
    expect(n.sex).toBeNull();
    expect(n.damage).toContain('scientific_notation');
  });

  it('does not trust a JS number beyond 2^53 even when the checksum passes', () => {
    const n = normaliseId(3.50421200501011e17);
    expect(n.raw).toBe('350421200501011000');
    expect(n.candidate).toBe('350421200501011000');
    expect(n.damage).toEqual(['scientific_notation', 'trailing_000']);
    expect(n.trusted).toBe(false);
    expect(n.birthDate).toBe('2005-01-01');
    const lucky = normaliseId(350421200501012000);
    expect(lucky.trusted).toBe(false);
    expect(lucky.damage).toEqual(['scientific_notation']);
  });

  it('flags trailing 000 when the checksum fails: sequence and check digit are lost', () => {
    const n = normaliseId('350421200501011000');
    expect(n.damage).toEqual(['trailing_000']);
    expect(n.trusted).toBe(false);
    expect(n.id).toBeNull();
    expect(n.candidate).toBe('350421200501011000');
    expect(n.birthDate).toBe('2005-01-01');
    expect(n.sex).toBeNull();
    expect(n.areaCode).toBe('350421');
  });

  it('trusts an ID that really ends in 000 (checksum passes) and lists no damage', () => {
    const n = normaliseId('350421200501012000');
    expect(n.damage).toEqual([]);
    expect(n.trusted).toBe(true);
    expect(n.id).toBe('350421200501012000');
    expect(n.sex).toBe('F');
  });

  it('treats a float printed as text like a number cell', () => {
    const n = normaliseId('350421200501011000.0');
    expect(n.candidate).toBe('350421200501011000');
    expect(n.trusted).toBe(false);
    expect(n.damage).toContain('scientific_notation');
  });

  it('accepts a safe integer number (a 15-digit old ID) exactly', () => {
    const n = normaliseId(350421870615231);
    expect(n.id).toBe('350421198706152314');
    expect(n.damage).toEqual(['fifteen_digit']);
  });
});

describe('normaliseId — formatting damage is repaired and stays trusted', () => {
  it('full-width digits and Ｘ', () => {
    const n = normaliseId('１１０１０５１９４９１２３１００２Ｘ');
    expect(n.id).toBe('11010519491231002X');
    expect(n.damage).toEqual(['fullwidth']);
    expect(n.trusted).toBe(true);
  });

  it('spaces, tabs, NBSP and zero-width characters anywhere', () => {
    for (const raw of [
      ` ${MINGXI_BOY} `,
      '350421 20050101 1235',
      '350421\t200501011235',
      '350421\u00a0200501011235',
      '3504\u200b21200501011235\ufeff',
      '350421200501011235\u3000',
      // A GBK-saved file's '?' for a zero-width space it could not write (tester t28a F2).
      '3504?21200501011235',
      '?350421200501011235',
      '35042120050101123?5',
    ]) {
      const n = normaliseId(raw);
      expect(n.id, JSON.stringify(raw)).toBe(MINGXI_BOY);
      expect(n.damage).toEqual(['whitespace']);
    }
  });

  it("a full-width '？' as well; a '?' that stood for a digit leaves the ID invalid, not another one", () => {
    expect(normaliseId('350421200501011235？')).toMatchObject({
      id: MINGXI_BOY,
      damage: ['fullwidth', 'whitespace'],
    });
    const n = normaliseId('35042120050101?235');
    expect(n.id).toBeNull();
    expect(n.trusted).toBe(false);
    // Nor '?' typed for unknown digits an old 15-digit number (verifier t28c N2: read as born 1920).
    const unknown = normaliseId('350421201205061???');
    expect(unknown.id).toBeNull();
    expect(unknown.damage).toContain('non_digit');
    expect(unknown.damage).not.toContain('fifteen_digit');
  });

  it('leading apostrophe or backtick', () => {
    expect(normaliseId(`'${MINGXI_BOY}`)).toMatchObject({
      id: MINGXI_BOY,
      damage: ['apostrophe'],
      trusted: true,
    });
    expect(normaliseId(`\`${MINGXI_BOY}`)).toMatchObject({ id: MINGXI_BOY, damage: ['apostrophe'] });
    expect(normaliseId(`\u2018${MINGXI_BOY}`).id).toBe(MINGXI_BOY);
  });

  it('lower-case x', () => {
    expect(normaliseId('11010519491231002x')).toMatchObject({
      id: '11010519491231002X',
      damage: ['lowercase_x'],
      trusted: true,
      sex: 'F',
      birthDate: '1949-12-31',
    });
  });

  it('an X typed as a look-alike from a Chinese IME (×, Cyrillic Х, Greek Χ), which the checksum then decides', () => {
    for (const x of ['×', 'Х', 'х', 'Χ', 'χ'])
      expect(normaliseId(`11010519491231002${x}`), x).toMatchObject({
        id: '11010519491231002X',
        trusted: true,
      });
    // Only as the check character, and only where an X is right.
    expect(normaliseId('1101051949123100×2').trusted).toBe(false);
    expect(normaliseId('11010519491231003×')).toMatchObject({ id: null, trusted: false });
  });

  it("'-' separators are reported as whitespace damage", () => {
    expect(normaliseId('350421-20050101-1235')).toMatchObject({ id: MINGXI_BOY, damage: ['whitespace'] });
  });

  it('several kinds at once', () => {
    const n = normaliseId(" '１１０１０５ 19491231002x ");
    expect(n.id).toBe('11010519491231002X');
    expect(n.damage).toEqual(['fullwidth', 'whitespace', 'apostrophe', 'lowercase_x']);
  });

  it('15-digit old IDs: 19 inserted after the area code, check character computed', () => {
    expect(id15to18('350421870615231')).toBe('350421198706152314');
    expect(id15to18('350427800101002')).toBe('350427198001010023');
    expect(id15to18('350421870230231')).toBeNull();
    expect(id15to18('35042187061523')).toBeNull();
    const n = normaliseId('350421870615231');
    expect(n).toMatchObject({
      id: '350421198706152314',
      damage: ['fifteen_digit'],
      trusted: true,
      birthDate: '1987-06-15',
      sex: 'M',
    });
  });
});

describe('normaliseId — typing errors and garbage', () => {
  it('one wrong digit fails the checksum: untrusted, candidate kept', () => {
    const n = normaliseId('350421200501011234');
    expect(n.damage).toEqual(['bad_checksum']);
    expect(n.trusted).toBe(false);
    expect(n.id).toBeNull();
    expect(n.candidate).toBe('350421200501011234');
    expect(n.birthDate).toBe('2005-01-01');
  });

  it('two swapped digits fail the checksum', () => {
    const n = normaliseId('350421200501012135');
    expect(n.damage).toEqual(['bad_checksum']);
    expect(n.trusted).toBe(false);
  });

  it('wrong length', () => {
    const n = normaliseId('35042120050101123');
    expect(n.damage).toEqual(['bad_length']);
    expect(n.candidate).toBe('35042120050101123');
    expect(n.areaCode).toBe('350421');
    expect(n.birthDate).toBeNull();
  });

  it('non-digits', () => {
    expect(normaliseId('35042120050101X235').damage).toEqual(['non_digit']);
    expect(normaliseId('无').damage).toEqual(['non_digit']);
    expect(normaliseId({}).damage).toEqual(['non_digit']);
    expect(normaliseId('无').candidate).toBeNull();
  });

  it('empty', () => {
    for (const raw of ['', '   ', null, undefined]) {
      const n = normaliseId(raw);
      expect(n.damage).toEqual(['empty']);
      expect(n.trusted).toBe(false);
      expect(n.candidate).toBeNull();
      expect(n.areaCode).toBeNull();
    }
  });
});

describe('checkIdAgainstRecord', () => {
  const n = normaliseId(MINGXI_BOY);

  it('agrees with a matching record in any usual date spelling', () => {
    for (const birthDate of ['2005-01-01', '2005/1/1', '20050101', '2005年1月1日', '2005-01-01 00:00:00']) {
      expect(checkIdAgainstRecord(n, { birthDate, sex: 'M' })).toEqual({ ok: true });
    }
  });

  it("reports a guardian's ID in the child's row", () => {
    const guardian = normaliseId('350402198706152315');
    expect(checkIdAgainstRecord(guardian, { birthDate: '2005-01-01', sex: 'F' })).toEqual({
      ok: false,
      problems: ['birth_date_mismatch', 'sex_mismatch'],
    });
  });

  it('skips what either side does not know', () => {
    expect(checkIdAgainstRecord(n, {})).toEqual({ ok: true });
    expect(checkIdAgainstRecord(n, { birthDate: null, sex: null })).toEqual({ ok: true });
    expect(checkIdAgainstRecord(normaliseId('350421200501011000'), { sex: 'F' })).toEqual({ ok: true });
  });
});

describe('maskId', () => {
  it('keeps the area code and the check character', () => {
    expect(maskId(MINGXI_BOY)).toBe('350421***********5');
    expect(maskId('11010519491231002X')).toBe('110105***********X');
    expect(maskId('350421730331417')).toBe('350421********7');
  });

  it('does not give the ID back with the birth date shown beside it (tester v20b F1)', () => {
    // Every ID of that area and birth date the mask fits: the former mask (last 4) left one.
    const masked = maskId(MINGXI_BOY);
    const fits = [];
    for (let seq = 0; seq < 1000; seq++) {
      const first17 = `${MINGXI_BOY.slice(0, 14)}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17)!;
      if (maskId(id) === masked) fits.push(id);
    }
    expect(fits).toContain(MINGXI_BOY);
    expect(fits.length).toBeGreaterThan(50);
  });

  it('masks short input completely and gives empty for nothing', () => {
    expect(maskId('')).toBe('');
    expect(maskId(null)).toBe('');
    expect(maskId(undefined)).toBe('');
    expect(maskId('1234567890')).toBe('**********');
  });
});

describe('idFromStudentNo', () => {
  it('reads the ID out of a G number', () => {
    expect(idFromStudentNo(`G${MINGXI_BOY}`)).toBe(MINGXI_BOY);
    expect(idFromStudentNo('G11010519491231002x')).toBe('11010519491231002X');
  });

  it('gives null for temporary numbers and broken IDs', () => {
    expect(idFromStudentNo('L2020350421001234')).toBeNull();
    expect(idFromStudentNo('J350421200501011235')).toBeNull();
    expect(idFromStudentNo('G350421200501011234')).toBeNull();
    expect(idFromStudentNo('G350421870615231')).toBeNull();
    expect(idFromStudentNo('')).toBeNull();
  });
});

describe('compareIds', () => {
  it('equal', () => {
    expect(compareIds(MINGXI_BOY, MINGXI_BOY)).toEqual({ kind: 'equal' });
    expect(compareIds('11010519491231002x', '11010519491231002X')).toEqual({ kind: 'equal' });
  });

  it('one wrong digit, position 1-based (第9位)', () => {
    expect(compareIds('350421200501011235', '350421203501011235')).toEqual({
      kind: 'one_digit',
      position: 9,
    });
    expect(compareIds('350421200501011235', '350421200501011234')).toEqual({
      kind: 'one_digit',
      position: 18,
    });
  });

  it('two adjacent digits swapped', () => {
    expect(compareIds('350421200501011235', '350421200501012135')).toEqual({
      kind: 'transposition',
      position: 15,
    });
    expect(compareIds('350421200501011235', '530421200501011235')).toEqual({
      kind: 'transposition',
      position: 1,
    });
  });

  it('anything else is different, with the count', () => {
    expect(compareIds('350421200501011235', '350402198706152315')).toEqual({
      kind: 'different',
      differing: 12,
    });
    expect(compareIds('350421200501011235', '350421200501011253')).toEqual({
      kind: 'transposition',
      position: 17,
    });
    expect(compareIds('350421200501011235', '350421200501011')).toEqual({ kind: 'different', differing: 3 });
    expect(compareIds('350421200501011235', '350421200501013215')).toEqual({
      kind: 'different',
      differing: 2,
    });
  });
});

describe('excelSerialDate', () => {
  it('reads five-digit Excel date serials, and nothing else', () => {
    expect(excelSerialDate('41780')).toBe('2014-05-21');
    expect(excelSerialDate(' 38353 ')).toBe('2005-01-01');
    expect(excelSerialDate('40303.0')).toBe('2010-05-05');
    expect(excelSerialDate('10000')).toBe('1927-05-18');
    expect(excelSerialDate('73050')).toBe('2099-12-31');
    for (const s of ['2012', '9999', '73051', '41780.5', '4178O', '', '-41780', '417800'])
      expect(excelSerialDate(s), s).toBeNull();
  });
});

describe('disabilityCardId', () => {
  it('reads the ID and the disability of a 残疾人证号 (ID + 残疾类别 + 残疾等级)', () => {
    expect(disabilityCardId('35042819790816628X42')).toEqual({
      id: '35042819790816628X',
      disability: '肢体残疾二级',
    });
    expect(disabilityCardId(' 11010519491231002x 71')).toEqual({
      id: '11010519491231002X',
      disability: '多重残疾一级',
    });
  });

  it('takes nothing else for one', () => {
    for (const t of [
      '35042819790816628X',
      '35042819790816628X82',
      '35042819790816628X45',
      '35042819790816628342',
      '',
    ])
      expect(disabilityCardId(t), t).toBeNull();
  });
});

describe('an ID written in its 学籍号 form', () => {
  it('is the ID after the G, checked as any other', () => {
    expect(normaliseId('G11010519491231002X')).toMatchObject({
      id: '11010519491231002X',
      trusted: true,
      damage: ['student_no_form'],
    });
    expect(normaliseId('g11010519491231002x').id).toBe('11010519491231002X');
    expect(normaliseId('G11010519491231002Х').id).toBe('11010519491231002X'); // Cyrillic Х
    expect(normaliseId('G11010519491231003X').trusted).toBe(false);
    expect(normaliseId('G1101051949123100').trusted).toBe(false);
  });
});

describe('displayId (lists show one masked spelling of an ID)', () => {
  it("masks the trustworthy ID, the cleaned cell, or Excel's number as written", () => {
    // Given back by the 学籍号 while the cell holds Excel's number.
    expect(displayId('350421200301272393', '3.50421E+17')).toBe('350421***********3');
    // An apostrophe, full-width digits, a lower-case x: the same digits as the clean ID.
    expect(displayId(null, "'350421200301272393")).toBe('350421***********3');
    expect(displayId(null, '３５０４２１２００３０１２７２３９３')).toBe('350421***********3');
    expect(displayId(null, '35042119790816628x')).toBe('350421***********X');
    // Digits lost to 科学计数法 show as such; a checksum failure keeps its digits, masked.
    expect(displayId(null, '3.50421E+17')).toBe('3.5042*E+17');
    expect(displayId(null, '350421200301272394')).toBe('350421***********4');
    expect(displayId(null, null)).toBe('');
  });
});
