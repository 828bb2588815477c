import { describe, expect, it } from 'vitest';
import {
  MASS_REMOVAL_MIN,
  massRemoval,
  massRemovalMessage,
  type RegistryPersonRef,
} from './registry-removal.ts';

/** `n` persons of a county, numbered from `from`: 人编号 county-index. */
const persons = (countyCode: string, n: number, from = 0): RegistryPersonRef[] =>
  Array.from({ length: n }, (_, i) => ({ personNo: `${countyCode}-${from + i}`, countyCode }));

describe('massRemoval (a 建档立卡 file that would empty a county’s list)', () => {
  it('holds a county losing more than half of its persons and at least 20', () => {
    // 40 now; the file keeps 19 and adds 3: 21 removed, more than half.
    const current = persons('350421', 40);
    const incoming = [...persons('350421', 19), ...persons('350421', 3, 100)];
    expect(massRemoval(current, incoming)).toEqual([
      { countyCode: '350421', inFile: 22, current: 40, removed: 21 },
    ]);
  });

  it('lets exactly half through: more than half is the rule', () => {
    const current = persons('350421', 40);
    // 20 of 40 removed: exactly half.
    expect(massRemoval(current, persons('350421', 20))).toEqual([]);
    // 21 of 40: more than half.
    expect(massRemoval(current, persons('350421', 19))).toHaveLength(1);
  });

  it('lets 19 removed persons through, holds 20', () => {
    expect(MASS_REMOVAL_MIN).toBe(20);
    // 19 of 19 removed (the whole county), fewer than 20: a small list changes freely.
    expect(massRemoval(persons('350421', 19), persons('350421', 1, 100))).toEqual([]);
    // 20 of 20 removed.
    expect(massRemoval(persons('350421', 20), persons('350421', 1, 100))).toEqual([
      { countyCode: '350421', inFile: 1, current: 20, removed: 20 },
    ]);
    // 20 of 39 (more than half) held; 19 of 37 (more than half, too few) not.
    expect(massRemoval(persons('350421', 39), persons('350421', 19))).toHaveLength(1);
    expect(massRemoval(persons('350421', 37), persons('350421', 18))).toEqual([]);
  });

  it('names only the county that trips among several the file covers', () => {
    const current = [
      ...persons('350421', 100), // 明溪: the file keeps 95 (5 removed)
      ...persons('350423', 60), // 清流: the file keeps 10 (50 removed) — held
      ...persons('350424', 30), // 宁化: the file keeps 15 (15 removed: half)
      ...persons('350425', 10), // 大田: the file keeps 0 of its 10 (too few)
      ...persons('350426', 500), // 尤溪: not in the file at all — not replaced, not counted
    ];
    const incoming = [
      ...persons('350421', 95),
      ...persons('350423', 10),
      ...persons('350424', 15),
      ...persons('350425', 2, 100),
    ];
    expect(massRemoval(current, incoming)).toEqual([
      { countyCode: '350423', inFile: 10, current: 60, removed: 50 },
    ]);
  });

  it('does not count a person the file lists under another county as removed', () => {
    // 30 persons of 明溪 now; the new file lists 25 of them under 清流 (a county code corrected).
    const current = persons('350421', 30);
    const incoming = [
      ...persons('350421', 5),
      ...persons('350421', 25, 5).map((p) => ({ ...p, countyCode: '350423' })),
    ];
    expect(massRemoval(current, incoming)).toEqual([]);
  });

  it('counts a person once when the current list has them twice, and a first list never trips', () => {
    const current = [...persons('350421', 30), ...persons('350421', 30)];
    expect(massRemoval(current, persons('350421', 10))).toEqual([
      { countyCode: '350421', inFile: 10, current: 30, removed: 20 },
    ]);
    expect(massRemoval([], persons('350421', 10))).toEqual([]);
  });

  it('says, in Chinese, each county, its persons now and those removed, and how to proceed', () => {
    const names = new Map([['350423', '清流县']]);
    const msg = massRemovalMessage([{ countyCode: '350423', inFile: 10, current: 60, removed: 50 }], names);
    expect(msg).toContain('清流县：现有 60 人，文件中 10 人，其中 50 人不在文件中，将移出建档立卡名单');
    expect(msg).toContain('--confirm-removal');
    expect(msg).toContain('如果这确是该县(市、区)完整的新名单');
    expect(msg).toContain('未写入任何数据');
    const many = Array.from({ length: 7 }, (_, i) => ({
      countyCode: `35042${i}`,
      inFile: 1,
      current: 40,
      removed: 39,
    }));
    const long = massRemovalMessage(many, new Map());
    expect(long).toContain('350424：现有 40 人');
    expect(long).not.toContain('350425：');
    expect(long).toContain('等 7 个县(市、区)');
    expect(long).toContain('如果这确是这些县(市、区)完整的新名单');
  });
});
