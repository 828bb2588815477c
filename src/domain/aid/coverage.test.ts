import { describe, expect, it } from 'vitest';
import {
  coverageNote,
  coverageUnits,
  defaultAidPolicy,
  noAidReasons,
  parseTerm,
  registryStatusEntitles,
  type StudentFacts,
} from './index.ts';

const cfg = defaultAidPolicy(2020);
const parsed = parseTerm('2020-autumn');
if (!parsed.ok) throw new Error('term');
const term = parsed.term;
const facts = (f: Partial<StudentFacts>): StudentFacts => ({
  stage: 'primary',
  grade: '四年级',
  boarding: false,
  countyCode: '350481', // 永安: no nutrition plan
  schoolCode: '2135000001',
  groups: [],
  tier: null,
  ...f,
});

describe('coverage: who is poor, and why a poor student gets nothing', () => {
  it('counts 建档立卡 as poor only while the 脱贫状态 carries the policy', () => {
    expect(registryStatusEntitles(null, cfg)).toBe(true);
    expect(registryStatusEntitles('未脱贫', cfg)).toBe(true);
    expect(registryStatusEntitles('已脱贫(享受政策)', cfg)).toBe(true);
    expect(registryStatusEntitles('已脱贫(不享受政策)', cfg)).toBe(false);
  });
  it('gives the rule of each programme of the stage, or says the entitlements must be computed again', () => {
    // A pupil without any group or tier: nothing applies, each programme says why.
    expect(noAidReasons(cfg, term, facts({}))).toEqual([
      '寄宿生生活费补助仅限寄宿生',
      '不属于非寄宿建档立卡学生生活补助的资助对象（非优先群体且未认定为相应困难档次）',
      '本县未实施营养改善计划',
    ]);
    // A 建档立卡 non-boarder is entitled under the current policy: the term's lines are out of date.
    expect(noAidReasons(cfg, term, facts({ groups: ['registered_poor'] }))).toContain(
      '按现行政策应享非寄宿建档立卡学生生活补助 250.00元，但本学期应享名单中没有：请重新计算应享资助',
    );
  });
});

describe('coverage: a payment belongs to the unit that paid it', () => {
  const mx = '2135000001';
  const ql = '2135000002';
  it('keeps a paid pair at the paying school after the pupil moved, with the entitlement', () => {
    // Paid by 明溪 and entitled there: one 明溪 row.
    expect(coverageUnits({ schoolCode: mx, fen: 25000 }, [{ schoolCode: mx, fen: 25000 }])).toEqual([
      { schoolCode: mx, entitledFen: 25000, paidFen: 25000 },
    ]);
    // Moved to 清流 and re-computed there after 明溪 paid: still 明溪's payment, and the term's
    // entitlement goes with it (清流 does not owe it again).
    expect(coverageUnits({ schoolCode: ql, fen: 25000 }, [{ schoolCode: mx, fen: 25000 }])).toEqual([
      { schoolCode: mx, entitledFen: 25000, paidFen: 25000 },
    ]);
    // Entitlement gone (left, or removed from the registry): the payment stays 明溪's.
    expect(coverageUnits(null, [{ schoolCode: mx, fen: 25000 }])).toEqual([
      { schoolCode: mx, entitledFen: 0, paidFen: 25000 },
    ]);
  });
  it('leaves an unpaid entitlement where it was computed, and splits payments by payer', () => {
    expect(coverageUnits({ schoolCode: ql, fen: 50000 }, [])).toEqual([
      { schoolCode: ql, entitledFen: 50000, paidFen: 0 },
    ]);
    // Both schools paid: each keeps its own money; the entitlement sits with its own school.
    expect(
      coverageUnits({ schoolCode: ql, fen: 50000 }, [
        { schoolCode: mx, fen: 50000 },
        { schoolCode: ql, fen: 50000 },
      ]),
    ).toEqual([
      { schoolCode: mx, entitledFen: 0, paidFen: 50000 },
      { schoolCode: ql, entitledFen: 50000, paidFen: 50000 },
    ]);
  });
});

describe('coverage: a payment whose entitlement ended after approval', () => {
  const removed = {
    change: {
      runId: 7,
      runOn: '2020-11-02',
      scopeName: '明溪县',
      kind: 'removed' as const,
      newFen: null,
      reason: '学生已不在学籍名册中（离校）',
    },
    approvedOn: '2020-10-15',
  };
  const changed = { ...removed, change: { ...removed.change, kind: 'changed' as const, newFen: 50000 } };

  it('is noted as 审批后应享变动, no wrong payment, with the run and why', () => {
    expect(coverageNote('not_entitled', removed)).toBe(
      '审批后应享变动：发放名单于 2020-10-15 审批时应享，审批后计算记录 #7（2020-11-02，明溪县）取消了该应享：学生已不在学籍名册中（离校）。审批时的发放不算错发，请跟进核实后续学期',
    );
    expect(coverageNote('overpaid', changed)).toContain('将应享金额改为 500.00元');
    expect(coverageNote('partial', changed)).toContain('审批时的发放不算错发');
  });

  it('is no note for a payment never entitled, a row paid in full or unpaid', () => {
    expect(coverageNote('not_entitled', null)).toBeNull();
    expect(coverageNote('not_entitled', changed)).toBeNull();
    expect(coverageNote('paid', removed)).toBeNull();
    expect(coverageNote('unpaid', changed)).toBeNull();
  });
});
