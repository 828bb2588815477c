/**
 * 发放名单 (payment lists) per programme × term × school: draft → submitted → approved → paid,
 * maker–checker (DESIGN.md: who prepares a list cannot approve it; approval at county level), the
 * checks before approval (工作要点 6: duplicate payment, wrong amount, not entitled, identity
 * errors) and the validation of the bank's return file.
 */
import { isValidId } from '../identity/id-number.ts';
import { type ChangeAfterApproval, changeAfterApprovalMessage } from './entitlement-change.ts';
import { parseYuanText } from './money.ts';

export type ListStatus = 'draft' | 'submitted' | 'approved' | 'paid';
export const LIST_STATUS_LABELS: Record<ListStatus, string> = {
  draft: '草稿',
  submitted: '已提交待审批',
  approved: '已审批（已锁定）',
  paid: '已发放',
};

export type Outcome = { ok: true } | { ok: false; reason: string };

/** A list may change (lines added, removed, amounts edited) only as a draft. */
export function canEditList(status: ListStatus): Outcome {
  if (status === 'draft') return { ok: true };
  if (status === 'submitted') return { ok: false, reason: '发放名单已提交审批，请先退回再修改' };
  return { ok: false, reason: '发放名单已审批锁定，不能修改' };
}

/**
 * A draft with lines may be submitted, and only while it passes the checks before approval
 * (`checkLines`): a list the county could not approve goes back to its maker before it is sent,
 * with the reasons.
 */
export function canSubmit(status: ListStatus, lines: number, issues: readonly LineIssue[] = []): Outcome {
  if (status !== 'draft')
    return { ok: false, reason: `发放名单状态为“${LIST_STATUS_LABELS[status]}”，不能提交` };
  if (lines === 0) return { ok: false, reason: '发放名单没有任何人员，不能提交' };
  const errors = blockingIssues(issues);
  if (errors.length)
    return {
      ok: false,
      reason: `发放名单未通过审批前检查（${errors.length} 个问题），请先修改再提交：${errors
        .slice(0, 3)
        .map((i) => i.message)
        .join('；')}${errors.length > 3 ? '；……' : ''}`,
    };
  return { ok: true };
}

export function canReturn(status: ListStatus): Outcome {
  return status === 'submitted' ? { ok: true } : { ok: false, reason: '只有待审批的发放名单可以退回' };
}

/** Maker–checker: a county-level user other than whoever made or submitted the list approves it. */
export function canApprove(
  list: { status: ListStatus; createdBy: number; submittedBy: number | null },
  approver: { id: number; level: 'city' | 'county' | 'other' },
): Outcome {
  if (list.status !== 'submitted')
    return {
      ok: false,
      reason: `发放名单状态为“${LIST_STATUS_LABELS[list.status]}”，只有已提交的名单可以审批`,
    };
  if (approver.level !== 'county')
    return { ok: false, reason: '发放名单须由县级教育局（县级管理员或县资助中心）审批' };
  if (approver.id === list.createdBy)
    return { ok: false, reason: '不能审批自己制作的发放名单（制单与审批须由不同人员完成）' };
  if (approver.id === list.submittedBy)
    return { ok: false, reason: '不能审批自己提交的发放名单（提交与审批须由不同人员完成）' };
  return { ok: true };
}

export type LineStatus = 'pending' | 'paid' | 'failed' | 'requeued';

/**
 * A line the bank could not pay (`failed`) does not hold up the rest of its list: the others are
 * paid, and the list is settled when none is left pending. The failed line is then dealt with on
 * its own, one of two ways:
 * - 重新发放 (`resend`): the cause was at the bank (an account closed, frozen or newly opened —
 *   惠民惠农一卡通 accounts are bound to the ID): the same person, the same amount, as approved, goes
 *   back to `pending` on the same list and into its next bank file. Not when the person's name or
 *   ID number has since been corrected — the bank would be paying someone other than the approved
 *   line names — nor when the same payment is already pending or paid on another line;
 * - 转入补发 (`requeue`): the line is closed on this list; the entitlement is listed again by the
 *   next 生成名单 (a 补发名单, checked and approved again like any list), e.g. after the identity
 *   was corrected.
 */
export function canResendLine(
  list: ListStatus,
  line: LineStatus,
  facts: { identityChanged: boolean; livePayments: number },
): Outcome {
  const base = canSettleFailedLine(list, line);
  if (!base.ok) return base;
  if (facts.identityChanged)
    return {
      ok: false,
      reason:
        '该学生的姓名或身份证号已在审批后更正，不能按原名单重新发放：请“转入补发”，在补发名单中按更正后的信息重新审批',
    };
  if (facts.livePayments > 0)
    return { ok: false, reason: '同一学期同一项目已有待发放或已发放的记录，不能重新发放（重复发放）' };
  return { ok: true };
}

/** See canResendLine: only a failed line of an approved (or settled) list is re-queued. */
export function canRequeueLine(list: ListStatus, line: LineStatus): Outcome {
  return canSettleFailedLine(list, line);
}

function canSettleFailedLine(list: ListStatus, line: LineStatus): Outcome {
  if (list !== 'approved' && list !== 'paid')
    return { ok: false, reason: '只有已审批的发放名单中银行发放失败的人员可以重新发放或转入补发' };
  if (line !== 'failed')
    return {
      ok: false,
      reason:
        line === 'requeued'
          ? '该人员已转入补发，请在补发名单中处理'
          : `该人员的发放状态为“${LINE_STATUS_LABELS[line]}”，只有银行发放失败的人员可以重新发放或转入补发`,
    };
  return { ok: true };
}

export const LINE_STATUS_LABELS: Record<LineStatus, string> = {
  pending: '待发放',
  paid: '已发放',
  failed: '发放失败',
  requeued: '已转入补发',
};

export type IssueKind =
  | 'duplicate'
  | 'amount'
  | 'not_entitled'
  | 'identity'
  | 'entitlement_changed'
  | 'boarding'
  | 'moved';
export const ISSUE_LABELS: Record<IssueKind, string> = {
  duplicate: '重复发放',
  amount: '金额不符',
  not_entitled: '不在应享名单',
  identity: '身份信息问题',
  entitlement_changed: '审批后应享变动',
  boarding: '寄宿信息存疑',
  moved: '学籍变动',
};

/**
 * `error`: the list is wrong (it may not be submitted or approved so); `warning`: a fact to verify
 * before paying, which one of two records may have wrong (a boarder at a school recorded as
 * non-boarding); `notice`: something to follow up that does not make the payment wrong (an
 * entitlement a later run ended or changed). Only errors hold a list up.
 */
export type IssueSeverity = 'error' | 'warning' | 'notice';

export interface LineToCheck {
  lineId: number;
  name: string;
  idNumber: string | null;
  /** The roll's problem with the pupil's ID cell (学籍), if any. */
  idProblem: string | null;
  /**
   * The roll's valid ID of the pupil (null: none). When it is not the line's `idNumber`, the line
   * carries the ID of the pupil's 一生一档 (confirmed by the comparison), and a roll problem is a
   * warning to mend the roll, not a reason to hold the payment.
   */
  rollIdNumber?: string | null;
  /**
   * For a list not yet approved: the pupil is no longer at the list's school — enrolled at
   * `movedTo` now (a transfer the roll recorded after the list was made), or left school (null).
   */
  leftSchool?: { movedTo: string | null } | null;
  amountFen: number;
  /** The current entitlement for this programme and term; null = not entitled. */
  entitledFen: number | null;
  /** Lines for the same person, programme and term on other live lists (anywhere in the city). */
  duplicates: { listId: number; schoolName: string; status: string }[];
  /**
   * For a line of an approved or paid list: the first later run that removed or changed the
   * entitlement it was approved against (null when none did).
   */
  changedAfterApproval?: ChangeAfterApproval | null;
  /** The day its list was approved (YYYY-MM-DD), for the notice. */
  approvedOn?: string | null;
  /** The pupil's 是否寄宿 on the roll, and the paying school with its boarding flag (学校名单). */
  boarder?: boolean;
  school?: { name: string; boarding: boolean } | null;
}

export interface LineIssue {
  lineId: number;
  kind: IssueKind;
  severity: IssueSeverity;
  message: string;
}

/** The issues that make a list wrong (notices do not block it). */
export function blockingIssues(issues: readonly LineIssue[]): LineIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

/**
 * The checks before approval; a list may be approved when no `error` is left (`blockingIssues`).
 * For a programme of boarders only (`programme.boardersOnly`), a boarder at a school recorded as
 * non-boarding is a warning naming both.
 * A line of an approved or paid list whose entitlement a later run removed or changed
 * (`changedAfterApproval`) is judged against the entitlement it was approved with: the roll or the
 * registry moving on afterwards is a notice naming the run and why, not a payment without
 * entitlement nor a wrong amount.
 */
export function checkLines(
  lines: readonly LineToCheck[],
  maxFen: number | null,
  programme: { boardersOnly: boolean } = { boardersOnly: false },
): LineIssue[] {
  const issues: LineIssue[] = [];
  for (const l of lines) {
    const add = (kind: IssueKind, message: string, severity: IssueSeverity = 'error') =>
      issues.push({
        lineId: l.lineId,
        kind,
        severity,
        message: `${ISSUE_LABELS[kind]}：${l.name}，${message}`,
      });
    for (const d of l.duplicates)
      add('duplicate', `同一学期同一项目已在${d.schoolName}的发放名单（第 ${d.listId} 号，${d.status}）中`);
    const later = l.changedAfterApproval ?? null;
    const endedLater = later !== null && (l.entitledFen === null || l.entitledFen !== l.amountFen);
    if (endedLater)
      add('entitlement_changed', changeAfterApprovalMessage(later, l.approvedOn ?? null), 'notice');
    else if (l.entitledFen === null) add('not_entitled', '本学期不享受该资助项目（无应享记录）');
    if (l.amountFen <= 0) add('amount', '发放金额必须大于 0');
    else if (maxFen !== null && l.amountFen > maxFen) add('amount', `发放金额超出政策标准上限`);
    else if (!endedLater && l.entitledFen !== null && l.amountFen !== l.entitledFen)
      add('amount', '发放金额与应享金额不一致');
    // 寄宿生生活费补助 at a school the school list records as non-boarding: one of the two records
    // (the school's 是否寄宿, the pupil's 是否寄宿) is likely wrong — verify before paying.
    if (programme.boardersOnly && l.boarder && l.school && !l.school.boarding)
      add(
        'boarding',
        `学籍登记为寄宿生，但${l.school.name}在学校名单中登记为非寄宿学校：请核实学校的“是否寄宿”或该生的“是否寄宿”`,
        'warning',
      );
    if (l.leftSchool)
      add(
        'moved',
        l.leftSchool.movedTo === null
          ? '名单生成后学籍已记为离校：请从本名单移出；如仍在读，请学校核实学籍后重新生成名单'
          : `名单生成后已转至${l.leftSchool.movedTo}：请从本名单移出，该生的资助由${l.leftSchool.movedTo}的发放名单发放`,
      );
    if (!l.idNumber)
      add(
        'identity',
        '缺少身份证号：请学校在学籍中补录后重新导入名册（或经信息比对确认其建档立卡身份），再重新生成名单',
      );
    else if (!isValidId(l.idNumber))
      add('identity', '身份证号校验不通过：请学校在学籍中更正后重新导入名册，再重新生成名单');
    else if (l.idProblem && l.rollIdNumber !== undefined && l.rollIdNumber !== l.idNumber)
      // The roll's ID cell is wrong, and the line carries the 一生一档's verified ID instead (the
      // comparison confirmed the pupil): the bank pays the right person; the roll still needs mending.
      add(
        'identity',
        `学籍中的身份证件号有误（${l.idProblem}），本名单按一生一档中经比对确认的身份证号发放：请学校在学籍系统中更正`,
        'warning',
      );
    else if (l.idProblem)
      add('identity', `${l.idProblem}：请核实该生身份证号，学校更正学籍后重新导入名册，再重新生成名单`);
  }
  return issues;
}

/** A payment date as banks write it (2020-10-15, 2020/10/15, 20201015, 2020年10月15日); null otherwise. */
export function parseBankDay(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d ? d : null;
}

/**
 * The 发放日期 cell of a bank return row: a readable date that is not after `today` (money cannot
 * have been paid on a day still to come). `day` is null when the cell is empty.
 */
export function checkBankPaidOn(
  text: string,
  today: string,
): { ok: true; day: string | null } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, day: null };
  const day = parseBankDay(text);
  if (!day) return { ok: false, message: `发放日期“${text.trim()}”无法识别（应为 YYYY-MM-DD）` };
  if (day > today)
    return { ok: false, message: `发放日期 ${day} 晚于今天（${today}），不能登记尚未到来的发放日期` };
  return { ok: true, day };
}

const PAID_WORDS = ['成功', '已发放', '发放成功', '已到账', '入账成功', '已支付', 'success', 'paid', 'ok'];
const FAILED_WORDS = ['失败', '发放失败', '退回', '退票', '未到账', '入账失败', 'failed', 'fail'];

/** Reads a bank's result cell; null when it says neither. */
export function parseBankStatus(text: string): 'paid' | 'failed' | null {
  const t = text.trim().toLowerCase();
  if (FAILED_WORDS.includes(t)) return 'failed';
  if (PAID_WORDS.includes(t)) return 'paid';
  return null;
}

export interface BankRow {
  rowNo: number;
  name: string;
  idNumber: string;
  amount: string;
  status: string;
  message: string;
}

export interface ReturnLine {
  id: number;
  name: string;
  idNumber: string | null;
  amountFen: number;
  status: LineStatus;
}

export interface BankResult {
  lineId: number;
  status: 'paid' | 'failed';
  message: string | null;
}

/**
 * Matches a bank return file to the lines of an approved list. All or nothing: any unknown
 * person, duplicated row, wrong amount, unreadable result or line already settled is an error,
 * and then no result is recorded at all.
 */
export function matchBankReturn(
  rows: readonly BankRow[],
  lines: readonly ReturnLine[],
): { ok: true; results: BankResult[] } | { ok: false; errors: { row: number; message: string }[] } {
  const errors: { row: number; message: string }[] = [];
  const byId = new Map<string, ReturnLine>();
  for (const l of lines) if (l.idNumber) byId.set(l.idNumber.toUpperCase(), l);
  const seen = new Map<string, number>();
  const results: BankResult[] = [];
  for (const r of rows) {
    const err = (message: string) => errors.push({ row: r.rowNo, message });
    const id = r.idNumber.trim().toUpperCase();
    if (!id) {
      err('缺少身份证号');
      continue;
    }
    const first = seen.get(id);
    if (first !== undefined) {
      err(`与第 ${first} 行重复（同一身份证号出现两次）`);
      continue;
    }
    seen.set(id, r.rowNo);
    const line = byId.get(id);
    if (!line) {
      err(`${r.name || id} 不在本发放名单中`);
      continue;
    }
    if (r.name.trim() && r.name.trim() !== line.name)
      err(`姓名“${r.name.trim()}”与名单中的“${line.name}”不一致`);
    const fen = parseYuanText(r.amount);
    if (fen === null) err(`金额“${r.amount}”无法识别`);
    else if (fen !== line.amountFen) err(`金额 ${r.amount} 与名单金额不一致`);
    const status = parseBankStatus(r.status);
    if (!status) err(`发放结果“${r.status}”无法识别（应为 成功 或 失败）`);
    if (line.status !== 'pending') err(`${line.name} 已有银行发放结果，不能重复登记`);
    if (status) results.push({ lineId: line.id, status, message: r.message.trim() || null });
  }
  return errors.length ? { ok: false, errors } : { ok: true, results };
}
