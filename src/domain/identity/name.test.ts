import { describe, expect, it } from 'vitest';
import { badNameMessage } from '../roll/roll-row.ts';
import { compareNames, namePinyin, nameProblemText, normaliseName, pinyinKey, surname } from './name.ts';

const UYGHUR = '阿依古丽·买买提';

describe('normaliseName', () => {
  it('leaves a clean name alone', () => {
    expect(normaliseName('李娜')).toEqual({
      raw: '李娜',
      name: '李娜',
      simplified: false,
      hadSpaces: false,
      minority: false,
      valid: true,
    });
  });

  it('removes stray spaces, including full-width, NBSP and zero-width', () => {
    for (const raw of [' 李 娜 ', '李\u3000娜', '李\u00a0娜', '李\u200b娜', '李\t娜']) {
      const n = normaliseName(raw);
      expect(n.name, JSON.stringify(raw)).toBe('李娜');
      expect(n.hadSpaces).toBe(true);
      expect(n.valid).toBe(true);
    }
    expect(normaliseName(' 李娜 ').hadSpaces).toBe(false);
  });

  it('converts traditional characters to simplified', () => {
    expect(normaliseName('劉德華')).toMatchObject({ name: '刘德华', simplified: true, valid: true });
    expect(normaliseName('陳')).toMatchObject({ name: '陈', simplified: true });
    expect(normaliseName('阿依古麗·買買提')).toMatchObject({
      name: UYGHUR,
      simplified: true,
      minority: true,
    });
  });

  it('keeps characters that are correct in simplified names', () => {
    expect(normaliseName('张乾').name).toBe('张乾');
    expect(normaliseName('於明').name).toBe('於明');
  });

  it('converts a name one character at a time, never as a phrase (沈思锦 is not 沉思锦)', () => {
    // opencc's phrase dictionary has 沈思 → 沉思, 沈默 → 沉默, 乾隆 …: words, not names.
    for (const name of ['沈思锦', '沈默然', '沈着', '游乾坤', '范瞭然'])
      expect(normaliseName(name), name).toMatchObject({ name, simplified: false });
    expect(normaliseName('沈默凱').name).toBe('沈默凯');
    expect(normaliseName('鍾書麗').name).toBe('钟书丽');
    expect(compareNames('沈思锦', '沉思锦').level).not.toBe('exact');
  });

  it('unifies every middle-dot variant to U+00B7, and the hyphen or dash typed for it (tester v21a F5)', () => {
    const dots = [
      '\u00b7',
      '\u2022',
      '\u2027',
      '\u30fb',
      '\uff65',
      '.',
      '\uff0e',
      ' · ',
      '··',
      '-',
      '－',
      '—',
      '–',
      ' - ',
    ];
    for (const dot of dots) {
      const n = normaliseName(`阿依古丽${dot}买买提`);
      expect(n.name, JSON.stringify(dot)).toBe(UYGHUR);
      expect(n.minority).toBe(true);
      expect(n.valid).toBe(true);
    }
  });

  it('strips a leading formula character but flags it, never evaluates', () => {
    for (const raw of ['=李娜', '+李娜', '-李娜', '@李娜', '=1+1']) {
      const n = normaliseName(raw);
      expect(n.valid, raw).toBe(false);
      expect(n.problem).toBe('formula');
    }
    expect(normaliseName('=李娜').name).toBe('李娜');
  });

  it('empty', () => {
    for (const raw of ['', '   ', null, undefined]) {
      expect(normaliseName(raw)).toMatchObject({ name: '', valid: false, problem: 'empty' });
    }
  });

  it('too long', () => {
    expect(normaliseName('阿'.repeat(41))).toMatchObject({ valid: false, problem: 'too_long' });
    expect(normaliseName('阿'.repeat(40)).valid).toBe(true);
  });

  it('allows Latin names; flags them non_chinese unless they read as pinyin', () => {
    expect(normaliseName('Li  Na')).toMatchObject({ name: 'Li Na', valid: true, hadSpaces: true });
    expect(normaliseName('Li Na').problem).toBeUndefined();
    expect(normaliseName('ZHANG WEI').problem).toBeUndefined();
    expect(normaliseName('John Smith')).toMatchObject({
      name: 'John Smith',
      valid: true,
      problem: 'non_chinese',
    });
  });

  it('characters that belong in no name make it invalid', () => {
    expect(normaliseName('李?')).toMatchObject({ valid: false, problem: 'non_chinese' });
    expect(normaliseName('李娜2')).toMatchObject({ valid: false, problem: 'non_chinese' });
    expect(normaliseName('李。娜')).toMatchObject({ valid: false, problem: 'non_chinese' });
  });
  it('drops a sentence mark typed after or before a name (not a ?, which stands for a lost character)', () => {
    expect(normaliseName('王芳。')).toMatchObject({ name: '王芳', valid: true });
    expect(normaliseName('，李娜；')).toMatchObject({ name: '李娜', valid: true });
    expect(normaliseName('李娜、')).toMatchObject({ name: '李娜', valid: true });
    expect(normaliseName('李？')).toMatchObject({ valid: false });
  });
  it('leaves out a note in brackets after a name, and keeps it (tester v21a F5)', () => {
    expect(normaliseName('叶思源（曾用名：叶小明）')).toMatchObject({
      name: '叶思源',
      note: '曾用名：叶小明',
      valid: true,
      hadSpaces: false,
    });
    expect(normaliseName(' 张三 (父) ')).toMatchObject({
      name: '张三',
      note: '父',
      valid: true,
      hadSpaces: false,
    });
    expect(normaliseName('李 娜【已转学】')).toMatchObject({ name: '李娜', note: '已转学', hadSpaces: true });
    expect(normaliseName('陳小明（）')).toMatchObject({ name: '陈小明', note: '', simplified: true });
    expect(normaliseName('阿依古丽·买买提(维吾尔族)')).toMatchObject({
      name: '阿依古丽·买买提',
      minority: true,
    });
    // No head, a bracket inside the note, a bracket that never closes, or one in mid-name: no note.
    expect(normaliseName('（曾用名）')).toMatchObject({ valid: false });
    expect(normaliseName('李娜（（父））')).toMatchObject({ valid: false });
    expect(normaliseName('叶思源（曾用名')).toMatchObject({ valid: false });
    expect(normaliseName('李（娜）明')).toMatchObject({ valid: false });
    expect(normaliseName('李娜').note).toBeUndefined();
  });
});

describe('nameProblemText', () => {
  it('names the characters no name holds, each once, at most five', () => {
    expect(nameProblemText(normaliseName('李"小明'))).toBe('含有不应出现在姓名中的字符“"”');
    expect(nameProblemText(normaliseName('张3?3'))).toBe('含有不应出现在姓名中的字符“3”“?”');
    expect(nameProblemText(normaliseName('a1b2c3d4e5f6'))).toBe('含有不应出现在姓名中的字符“1”“2”“3”“4”“5”');
  });

  it('names a control character by its code point, not by itself (tester t28a F7)', () => {
    const text = nameProblemText(normaliseName('李\u0000小明'));
    expect(text).toBe('含有不应出现在姓名中的字符“U+0000”（不可见的控制字符）');
    expect(text).not.toContain('\u0000');
    expect(nameProblemText(normaliseName('王\u0007芳'))).toContain('“U+0007”');
    expect(badNameMessage('姓名', '李\u0000小明')).toBe(
      '姓名“李小明”含有不应出现在姓名中的字符“U+0000”（不可见的控制字符）',
    );
  });
  it('tells a name too long, and nothing for a valid one', () => {
    expect(nameProblemText(normaliseName('王'.repeat(41)))).toBe('超过40个字');
    expect(nameProblemText(normaliseName('阿依古丽·买买提'))).toBe('');
    expect(nameProblemText(normaliseName('Li Na'))).toBe('');
  });
});

describe('namePinyin and pinyinKey', () => {
  it('reads names without tones', () => {
    expect(namePinyin('李娜')[0]).toBe('lina');
    expect(namePinyin('张伟')).toEqual(['zhangwei']);
    expect(pinyinKey('李娜')).toBe('lina');
    expect(pinyinKey('li na')).toBe('lina');
    expect(pinyinKey('Li Na')).toBe('lina');
  });

  it('lists polyphone readings and reads surnames as surnames', () => {
    expect(namePinyin('李娜')).toContain('linuo');
    expect(pinyinKey('单田芳')).toBe('shantianfang');
    expect(pinyinKey('曾志')).toBe('zengzhi');
    expect(namePinyin('单田芳')).toContain('dantianfang');
  });

  it('writes ü as v', () => {
    expect(pinyinKey('吕女')).toBe('lvnv');
  });

  it('caps the readings at 16', () => {
    expect(namePinyin('乐乐乐乐乐').length).toBe(16);
  });

  it('skips the middle dot', () => {
    expect(pinyinKey(UYGHUR)).toBe('ayiguli' + 'maimaiti');
  });
});

describe('surname', () => {
  it('single-character surnames', () => {
    expect(surname('李娜')).toBe('李');
    expect(surname('刘德华')).toBe('刘');
  });

  it('compound surnames', () => {
    for (const [name, sn] of [
      ['欧阳娜娜', '欧阳'],
      ['司马光', '司马'],
      ['诸葛亮', '诸葛'],
      ['上官婉儿', '上官'],
      ['东方明', '东方'],
      ['皇甫嵩', '皇甫'],
      ['尉迟恭', '尉迟'],
      ['慕容复', '慕容'],
      ['令狐冲', '令狐'],
      ['单于清', '单于'],
    ] as const) {
      expect(surname(name), name).toBe(sn);
    }
  });

  it('a two-character name keeps a one-character surname', () => {
    expect(surname('欧阳')).toBe('欧');
  });

  it('minority names: the first segment', () => {
    expect(surname(UYGHUR)).toBe('阿依古丽');
  });

  it('Latin names: the first word; empty gives empty', () => {
    expect(surname('Li Na')).toBe('Li');
    expect(surname('')).toBe('');
  });
});

describe('compareNames', () => {
  it('exact', () => {
    expect(compareNames('李娜', '李娜')).toEqual({ level: 'exact' });
  });

  it('traditional', () => {
    expect(compareNames('陳明', '陈明')).toEqual({ level: 'traditional' });
    expect(compareNames('劉德華', '刘德华')).toEqual({ level: 'traditional' });
  });

  it('homophones (同音字), with the differing characters', () => {
    expect(compareNames('李娜', '李纳')).toEqual({ level: 'homophone', a: '娜', b: '纳' });
    expect(compareNames('张伟', '章伟')).toEqual({ level: 'homophone', a: '张', b: '章' });
  });

  it('one character differs (not a homophone), 1-based position', () => {
    expect(compareNames('李娜', '李丽')).toEqual({ level: 'one_char', position: 2 });
    expect(compareNames('王小明', '李小明')).toEqual({ level: 'one_char', position: 1 });
  });

  it('transposed characters or minority-name segments', () => {
    expect(compareNames('张伟明', '张明伟')).toEqual({ level: 'transposed' });
    expect(compareNames(UYGHUR, '买买提·阿依古丽')).toEqual({ level: 'transposed' });
  });

  it('renamed child: same surname, other given name', () => {
    expect(compareNames('陈小明', '陈思远')).toEqual({ level: 'surname_only' });
    expect(compareNames('欧阳娜娜', '欧阳子豪')).toEqual({ level: 'surname_only' });
  });

  it('different', () => {
    expect(compareNames('李娜', '王伟')).toEqual({ level: 'different' });
    expect(compareNames('', '')).toEqual({ level: 'different' });
  });

  it('minority name with and without the dot is the same name', () => {
    expect(compareNames(UYGHUR, '阿依古丽买买提')).toMatchObject({ level: 'exact' });
  });
});

describe('compareNames: the middle dot', () => {
  it('takes a minority name with and without its middle dot for the same name', () => {
    expect(compareNames('阿依古丽努尔兰', '阿依古丽·努尔兰').level).toBe('exact');
    expect(compareNames('阿依古丽·努尔兰', '阿依古丽努尔兰').level).toBe('exact');
    expect(compareNames('阿依古丽努尔', '阿依古丽·努尔兰').level).not.toBe('exact');
  });
});
