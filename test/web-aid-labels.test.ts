import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aidLabel, termLabel } from '../web/src/pages/aid/labels.ts';

/**
 * The aid's coded words in the English UI (tester v17a A5, A7, A8: programme names, tiers, statuses
 * and terms stayed Chinese among English words): the English of a known code, else the server's label;
 * Chinese keeps the server's label (a programme's name is the policy's, which the city may edit).
 */
describe('aid labels by the chosen language', () => {
  let lang = 'zh';
  beforeEach(() => {
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => (k === 'jiaofu.lang' ? lang : null),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('keeps the server’s Chinese labels in Chinese', () => {
    lang = 'zh';
    expect(aidLabel('aidProgramme', 'boarding_subsidy', '寄宿生生活补助（本市）')).toBe(
      '寄宿生生活补助（本市）',
    );
    expect(termLabel('2020-autumn')).toBe('2020 秋季');
    expect(termLabel('2021-spring')).toBe('2021 春季');
  });

  it('gives the English of known codes, and the server’s label for an unknown one', () => {
    lang = 'en';
    expect(aidLabel('aidProgramme', 'boarding_subsidy', '寄宿生生活费补助')).toBe('Boarding living subsidy');
    expect(aidLabel('aidTier', 'special', '特别困难')).toBe('Special hardship');
    expect(aidLabel('aidGroup', 'registered_poor', '建档立卡')).toBe('Registered poor (建档立卡)');
    expect(aidLabel('aidRecStatus', 'applied', '已申请')).toBe('Applied');
    expect(aidLabel('aidCoverage', 'unpaid', '应享未发')).toBe('Entitled, not paid');
    expect(aidLabel('aidListStatus', 'approved', '已审批（已锁定）')).toBe('Approved (locked)');
    // A programme a city added to its policy: its own name.
    expect(aidLabel('aidProgramme', 'city_bonus', '市级励志奖')).toBe('市级励志奖');
    expect(termLabel('2020-autumn')).toBe('Autumn 2020');
    expect(termLabel('2021-spring')).toBe('Spring 2021');
    expect(termLabel('not-a-term')).toBe('not-a-term');
  });
});
