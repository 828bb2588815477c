import { describe, expect, it } from 'vitest';
import {
  canApprove,
  canConfirm,
  canObject,
  canRequeueLine,
  canResendLine,
  canStartNotice,
  canSubmit,
  checkBankPaidOn,
  checkLines,
  entitlementEndReason,
  matchBankReturn,
  prefillGroups,
  recognitionMove,
  rerunWarning,
} from './index.ts';

describe('recognition states', () => {
  it('follows 申请 → 评议 → 公示 → 确认 → 备案', () => {
    expect(recognitionMove('applied', 'school_review')).toEqual({ ok: true, to: 'school_reviewed' });
    expect(recognitionMove('school_reviewed', 'publish')).toEqual({ ok: true, to: 'in_notice' });
    expect(recognitionMove('in_notice', 'confirm')).toEqual({ ok: true, to: 'confirmed' });
    expect(recognitionMove('confirmed', 'archive')).toEqual({ ok: true, to: 'archived' });
    const r = recognitionMove('applied', 'confirm');
    expect(!r.ok && r.reason).toContain('不能县级确认');
  });
  it('refuses objections after the notice period and confirmation before its end', () => {
    const notice = { startsOn: '2020-09-07', endsOn: '2020-09-11' };
    expect(canObject('2020-09-11', notice).ok).toBe(true);
    const late = canObject('2020-09-12', notice);
    expect(!late.ok && late.reason).toContain('公示期已于 2020-09-11 结束');
    expect(canConfirm('2020-09-11', '2020-09-11', 0).ok).toBe(false);
    expect(canConfirm('2020-09-11', '2020-09-14', 1).ok).toBe(false);
    expect(canConfirm('2020-09-11', '2020-09-14', 0).ok).toBe(true);
  });
  it('starts a notice today or later, never backdated, and takes no objection dated in the future', () => {
    expect(canStartNotice('2020-10-20', '2020-10-20').ok).toBe(true);
    expect(canStartNotice('2020-10-21', '2020-10-20').ok).toBe(true);
    const back = canStartNotice('2020-09-01', '2020-10-20');
    expect(!back.ok && back.reason).toContain('公示开始日期 2020-09-01 早于今天（2020-10-20）');
    const notice = { startsOn: '2020-09-07', endsOn: '2020-09-11' };
    expect(canObject('2020-09-08', notice, '2020-09-08').ok).toBe(true);
    const ahead = canObject('2020-09-10', notice, '2020-09-08');
    expect(!ahead.ok && ahead.reason).toContain('晚于今天');
  });
  it('pre-fills priority groups from the comparison and the lists', () => {
    expect(
      prefillGroups({ registeredPoor: true, lists: ['minimum_living', 'hardship'], disabled: false }),
    ).toEqual(['registered_poor', 'minimum_living', 'covid_affected']);
  });
});

describe('payment lists', () => {
  const list = { status: 'submitted' as const, createdBy: 1, submittedBy: 2 };
  it('maker–checker: approver differs from maker and submitter and sits at county level', () => {
    expect(canApprove(list, { id: 3, level: 'county' }).ok).toBe(true);
    expect((canApprove(list, { id: 1, level: 'county' }) as { reason: string }).reason).toContain(
      '不能审批自己制作',
    );
    expect((canApprove(list, { id: 2, level: 'county' }) as { reason: string }).reason).toContain(
      '不能审批自己提交',
    );
    expect((canApprove(list, { id: 3, level: 'city' }) as { reason: string }).reason).toContain('县级');
  });
  it('checks duplicates, amounts, entitlement and identity', () => {
    const base = {
      name: '张三',
      idNumber: '11010519491231002X',
      idProblem: null,
      amountFen: 50000,
      entitledFen: 50000,
      duplicates: [],
    };
    expect(checkLines([{ lineId: 1, ...base }], 75000)).toEqual([]);
    const issues = checkLines(
      [
        { lineId: 1, ...base, duplicates: [{ listId: 9, schoolName: '清流县实验小学', status: '已审批' }] },
        { lineId: 2, ...base, amountFen: 60000 },
        { lineId: 3, ...base, entitledFen: null },
        { lineId: 4, ...base, idNumber: '110105194912310021' },
        { lineId: 5, ...base, amountFen: 99999999 },
      ],
      75000,
    );
    expect(issues.map((i) => [i.lineId, i.kind])).toEqual([
      [1, 'duplicate'],
      [2, 'amount'],
      [3, 'not_entitled'],
      [4, 'identity'],
      [5, 'amount'],
    ]);
  });
  it('holds a line whose own ID is wrong, but only warns when the roll’s ID cell is wrong and the line carries the verified ID', () => {
    const base = { name: '林文博', amountFen: 50000, entitledFen: 50000, duplicates: [] };
    const verified = '11010519491231002X';
    const issues = checkLines(
      [
        // The roll's ID cell had two digits swapped (no valid ID on the roll); the comparison
        // confirmed him, and the line carries his 一生一档's ID.
        { lineId: 1, ...base, idNumber: verified, idProblem: '校验位不正确', rollIdNumber: null },
        // The guardian's ID in the pupil's cell: valid, but not the line's.
        {
          lineId: 2,
          ...base,
          idNumber: verified,
          idProblem: '学生身份证号为建档立卡人员陈父（户主）的证件号',
          rollIdNumber: '350421198102022113',
        },
        // The roll's own valid ID, disagreeing with its birth date, is what the line would pay to.
        {
          lineId: 3,
          ...base,
          idNumber: verified,
          idProblem: '身份证号中的出生日期与出生日期列不一致',
          rollIdNumber: verified,
        },
        { lineId: 4, ...base, idNumber: null, idProblem: null, rollIdNumber: null },
      ],
      75000,
    );
    expect(issues.map((i) => [i.lineId, i.severity])).toEqual([
      [1, 'warning'],
      [2, 'warning'],
      [3, 'error'],
      [4, 'error'],
    ]);
    expect(issues[0]!.message).toContain('本名单按一生一档中经比对确认的身份证号发放');
    expect(issues[0]!.message).toContain('校验位不正确');
    expect(issues[2]!.message).toContain('学校更正学籍后重新导入名册');
    expect(issues[3]!.message).toContain('缺少身份证号：请学校在学籍中补录');
  });

  it('holds a list not yet approved whose pupil has since moved school or left', () => {
    const base = {
      name: '林丽芳',
      idNumber: '11010519491231002X',
      idProblem: null,
      amountFen: 50000,
      entitledFen: 50000,
      duplicates: [],
    };
    const issues = checkLines(
      [
        { lineId: 1, ...base, leftSchool: { movedTo: '明溪县雪峰镇中心小学' } },
        { lineId: 2, ...base, leftSchool: { movedTo: null } },
        { lineId: 3, ...base, leftSchool: null },
      ],
      75000,
    );
    expect(issues.map((i) => [i.lineId, i.kind, i.severity])).toEqual([
      [1, 'moved', 'error'],
      [2, 'moved', 'error'],
    ]);
    expect(issues[0]!.message).toBe(
      '学籍变动：林丽芳，名单生成后已转至明溪县雪峰镇中心小学：请从本名单移出，该生的资助由明溪县雪峰镇中心小学的发放名单发放',
    );
  });

  it('tells an entitlement a later run ended or changed (a notice) from a payment never entitled (an error)', () => {
    const base = {
      name: '张恒涵',
      idNumber: '11010519491231002X',
      idProblem: null,
      amountFen: 25000,
      entitledFen: null,
      duplicates: [],
      approvedOn: '2020-10-10',
    };
    const removed = {
      runId: 3,
      runOn: '2020-11-20',
      scopeName: '明溪县',
      kind: 'removed' as const,
      newFen: null,
      reason: '学生已转至清流县实验小学，不在本次计算范围内',
    };
    const issues = checkLines(
      [
        { lineId: 1, ...base, changedAfterApproval: removed },
        {
          lineId: 2,
          ...base,
          entitledFen: 30000,
          changedAfterApproval: { ...removed, kind: 'changed', newFen: 30000, reason: null },
        },
        { lineId: 3, ...base, changedAfterApproval: null },
      ],
      75000,
    );
    expect(issues).toEqual([
      {
        lineId: 1,
        kind: 'entitlement_changed',
        severity: 'notice',
        message:
          '审批后应享变动：张恒涵，本名单于 2020-10-10 审批时应享，审批后计算记录 #3（2020-11-20，明溪县）取消了该应享：学生已转至清流县实验小学，不在本次计算范围内。审批时的发放不算错发，请跟进核实后续学期',
      },
      {
        lineId: 2,
        kind: 'entitlement_changed',
        severity: 'notice',
        message:
          '审批后应享变动：张恒涵，本名单于 2020-10-10 审批时应享，审批后计算记录 #3（2020-11-20，明溪县）将应享金额改为 300.00元。审批时的发放不算错发，请跟进核实后续学期',
      },
      {
        lineId: 3,
        kind: 'not_entitled',
        severity: 'error',
        message: '不在应享名单：张恒涵，本学期不享受该资助项目（无应享记录）',
      },
    ]);
    // A notice does not hold a list up.
    expect(canSubmit('draft', 1, issues.slice(0, 2)).ok).toBe(true);
  });
  it('warns of a boarder on a boarders-only programme at a school recorded as non-boarding', () => {
    const line = {
      lineId: 1,
      name: '陈欣怡',
      idNumber: '11010519491231002X',
      idProblem: null,
      amountFen: 50000,
      entitledFen: 50000,
      duplicates: [],
      boarder: true,
      school: { name: '明溪县实验小学', boarding: false },
    };
    const issues = checkLines([line], 75000, { boardersOnly: true });
    expect(issues).toEqual([
      {
        lineId: 1,
        kind: 'boarding',
        severity: 'warning',
        message:
          '寄宿信息存疑：陈欣怡，学籍登记为寄宿生，但明溪县实验小学在学校名单中登记为非寄宿学校：请核实学校的“是否寄宿”或该生的“是否寄宿”',
      },
    ]);
    // A warning, not an error: the list may still be submitted once verified.
    expect(canSubmit('draft', 1, issues).ok).toBe(true);
    // Not for other programmes, a boarding school, or a day pupil.
    expect(checkLines([line], 75000, { boardersOnly: false })).toEqual([]);
    expect(
      checkLines([{ ...line, school: { name: '明溪一中', boarding: true } }], 75000, { boardersOnly: true }),
    ).toEqual([]);
    expect(checkLines([{ ...line, boarder: false }], 75000, { boardersOnly: true })).toEqual([]);
  });
  it('says why a run removed an entitlement, and warns before re-running a term with approved lists', () => {
    const f = { enrolled: true, inRunScope: true, schoolName: '明溪县实验小学', groupsNow: [] as string[] };
    const rule = '非寄宿建档立卡学生生活补助：建档立卡；小学 500元/年 × 50%（2020年第1版）';
    expect(entitlementEndReason({ ...f, enrolled: false, formerRule: rule })).toBe(
      '学生已不在学籍名册中（离校）',
    );
    expect(
      entitlementEndReason({ ...f, inRunScope: false, schoolName: '清流县实验小学', formerRule: rule }),
    ).toBe('学生已转至清流县实验小学，不在本次计算范围内');
    expect(entitlementEndReason({ ...f, formerRule: rule, groupsNow: ['minimum_living'] })).toBe(
      '原应享依据“建档立卡”已不成立（如建档立卡名单、认定或学籍信息变动）；现有资助条件：低保',
    );
    expect(rerunWarning({ lists: 0, pupils: 0 })).toBeNull();
    expect(rerunWarning({ lists: 2, pupils: 6 })).toContain(
      '本学期已有 2 份已审批或已发放的发放名单（共 6 名学生）',
    );
  });
  it('refuses to submit a list that fails the checks before approval, saying why', () => {
    expect(canSubmit('draft', 2, []).ok).toBe(true);
    const issues = checkLines(
      [
        {
          lineId: 1,
          name: '张三',
          idNumber: '11010519491231002X',
          idProblem: null,
          amountFen: 60000,
          entitledFen: 50000,
          duplicates: [],
        },
      ],
      75000,
    );
    const r = canSubmit('draft', 1, issues);
    expect(!r.ok && r.reason).toBe(
      '发放名单未通过审批前检查（1 个问题），请先修改再提交：金额不符：张三，发放金额与应享金额不一致',
    );
  });
  it('re-sends or re-queues a failed bank line only, as approved and never twice', () => {
    const fine = { identityChanged: false, livePayments: 0 };
    expect(canResendLine('paid', 'failed', fine)).toEqual({ ok: true });
    expect(canResendLine('approved', 'failed', fine)).toEqual({ ok: true });
    expect((canResendLine('approved', 'paid', fine) as { reason: string }).reason).toContain(
      '发放状态为“已发放”',
    );
    expect((canResendLine('approved', 'requeued', fine) as { reason: string }).reason).toContain(
      '已转入补发',
    );
    expect((canResendLine('draft', 'failed', fine) as { reason: string }).reason).toContain('已审批');
    expect(
      (canResendLine('paid', 'failed', { ...fine, identityChanged: true }) as { reason: string }).reason,
    ).toContain('转入补发');
    expect(
      (canResendLine('paid', 'failed', { ...fine, livePayments: 1 }) as { reason: string }).reason,
    ).toContain('重复发放');
    expect(canRequeueLine('paid', 'failed')).toEqual({ ok: true });
    expect(canRequeueLine('approved', 'pending').ok).toBe(false);
    expect(canRequeueLine('submitted', 'failed').ok).toBe(false);
  });

  it('reads the bank’s payment date and refuses one still to come', () => {
    expect(checkBankPaidOn('', '2020-10-20')).toEqual({ ok: true, day: null });
    expect(checkBankPaidOn('2020/10/15', '2020-10-20')).toEqual({ ok: true, day: '2020-10-15' });
    expect(checkBankPaidOn('2020年10月20日', '2020-10-20')).toEqual({ ok: true, day: '2020-10-20' });
    expect(checkBankPaidOn('2021-01-01', '2020-10-20')).toEqual({
      ok: false,
      message: '发放日期 2021-01-01 晚于今天（2020-10-20），不能登记尚未到来的发放日期',
    });
    expect(checkBankPaidOn('2020-02-30', '2020-10-20').ok).toBe(false);
  });
  it('matches a bank return all or nothing', () => {
    const lines = [
      { id: 1, name: '张三', idNumber: '11010519491231002X', amountFen: 50000, status: 'pending' as const },
      { id: 2, name: '李四', idNumber: '350421201001010011', amountFen: 50000, status: 'pending' as const },
    ];
    const row = (rowNo: number, name: string, idNumber: string, amount: string, status: string) => ({
      rowNo,
      name,
      idNumber,
      amount,
      status,
      message: '',
    });
    const good = matchBankReturn(
      [
        row(2, '张三', '11010519491231002x', '500.00', '成功'),
        row(3, '李四', '350421201001010011', '500', '失败'),
      ],
      lines,
    );
    expect(good).toEqual({
      ok: true,
      results: [
        { lineId: 1, status: 'paid', message: null },
        { lineId: 2, status: 'failed', message: null },
      ],
    });
    const bad = matchBankReturn(
      [
        row(2, '张三', '11010519491231002X', '600', '成功'),
        row(3, '张三', '11010519491231002X', '500', '成功'),
        row(4, '王五', '350421201001010038', '500', '成功'),
      ],
      lines,
    );
    expect(!bad.ok && bad.errors.map((e) => e.row)).toEqual([2, 3, 4]);
  });
});
