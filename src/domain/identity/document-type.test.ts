import { describe, expect, it } from 'vitest';
import { documentKind, documentLabel } from './document-type.ts';

describe('documentKind', () => {
  it('takes an empty cell and the 公民身份号码 documents as citizen IDs', () => {
    for (const t of [
      '',
      '  ',
      '居民身份证',
      '身份证',
      '第二代居民身份证',
      '居民户口簿',
      '户口簿',
      '港澳台居民居住证',
      '公民身份号码',
    ])
      expect(documentKind(t), t).toBe('citizen');
  });

  it('takes the 学籍 system’s other document types as numbers that are not IDs', () => {
    for (const t of [
      '香港特区护照/身份证明',
      '澳门特区护照/身份证明',
      '台湾居民来往大陆通行证',
      '港澳居民来往内地通行证',
      '境外永久居住证',
      '外国人永久居留身份证',
      '护照',
      '出生医学证明',
      '其他',
      '台胞证',
    ])
      expect(documentKind(t), t).toBe('other');
  });

  it('reads full-width and spaced spellings the same way', () => {
    expect(documentKind(' 居民 身份证 ')).toBe('citizen');
    expect(documentKind('护　照')).toBe('other');
  });

  it('does not guess at a type it does not know', () => {
    expect(documentKind('1')).toBe('unknown');
    expect(documentKind('学生证')).toBe('unknown');
  });

  it('labels the cell for messages, cut at 20 characters', () => {
    expect(documentLabel(' 护照 ')).toBe('护照');
    expect(documentLabel('证'.repeat(30))).toBe(`${'证'.repeat(20)}…`);
  });
});
