/**
 * Who a new 建档立卡 list keeps under other numbers (outside tester v27b F3: a household split —
 * the same persons, the same 证件号码, under a new 户编号 and new 人编号 — was reported as removal and
 * addition, and a county renumbered whole would have tripped the removal guard). Pure: the caller
 * loads and stores.
 */

import { displayId, maskId } from '../identity/id-number.ts';
import { compareNames, noCharacterInCommon } from '../identity/name.ts';
import { differingPositions } from '../identity/personal-mask.ts';
import { CHANGE_NAMED, type ExitStatusChange } from './roll-diff.ts';

/** A registry person as the pairing reads them: numbers, name and the trusted (valid, whole) ID or null. */
export interface RegistryIdentity {
  personNo: string;
  householdNo: string;
  name: string;
  /** The valid 18-character ID, null when the cell was empty, Excel-damaged or failed its check. */
  idNumber: string | null;
  /** The cell as written (null: empty): said of a person paired without a trusted ID. */
  idRaw?: string | null;
  /** YYYY-MM-DD (from the valid ID, else the 出生日期 column), null when neither gives one. */
  birthDate?: string | null;
  /** The row of the new file (new list only). */
  row?: number;
}

/**
 * A 人编号 of both lists the new list gives to another person (verifier v27d F2a): its holder on the
 * current list left it — moved to another 人编号 or off the list — and its holder on the new list
 * came. Not an ID corrected under a kept number, and no 脱贫状态 of one compared with the other's.
 */
export interface ReusedNumber {
  personNo: string;
  before: { name: string; householdNo: string };
  after: { name: string; householdNo: string; row?: number };
}

/** How many persons of `xs` hold each trusted ID. */
function holders(xs: readonly RegistryIdentity[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const x of xs) if (x.idNumber) n.set(x.idNumber, (n.get(x.idNumber) ?? 0) + 1);
  return n;
}

/**
 * The 人编号 whose holder on the new list is another person than on the current one: the trusted
 * IDs differ (or one side has none) and the names share no character (noCharacterInCommon); or two
 * trusted IDs born on different days under names no closer than the surname; or the
 * current holder's trusted ID — one person's on each list — is on the new list under another
 * 人编号 with a name not unlike theirs, and the number's new holder has another ID and another given
 * name (赵晨文 → 赵新宇: compareNames no closer than the surname). A like name with a changed ID
 * stays an ID corrected (registryIdChanges); two rows without a trusted ID tell nothing.
 */
/**
 * Names no closer than the surname: compareNames says so, or two names of two characters one apart
 * — the given name wholly other (王丽/王强: verifier t28d N3, a sibling given the number).
 */
function namesUnlike(a: string, b: string): boolean {
  const level = compareNames(a, b).level;
  return (
    level === 'surname_only' ||
    level === 'different' ||
    (level === 'one_char' && [...a].length === 2 && [...b].length === 2)
  );
}

export function reusedNumbers(
  before: readonly RegistryIdentity[],
  after: readonly RegistryIdentity[],
): ReusedNumber[] {
  const heldBefore = holders(before);
  const heldAfter = holders(after);
  const now = new Map(after.map((q) => [q.personNo, q]));
  const byId = new Map(after.flatMap((q) => (q.idNumber ? [[q.idNumber, q] as const] : [])));
  const out: ReusedNumber[] = [];
  for (const p of before) {
    const q = now.get(p.personNo);
    if (q === undefined || p.idNumber === q.idNumber) continue;
    const elsewhere = p.idNumber ? byId.get(p.idNumber) : undefined;
    const unlike = namesUnlike(p.name, q.name);
    const other =
      noCharacterInCommon(p.name, q.name) ||
      // Two trusted IDs born on different days under names no closer than the surname: another
      // child of the family given the number of one who left the list (verifier v27e F1).
      (p.idNumber !== null &&
        q.idNumber !== null &&
        unlike &&
        p.idNumber.slice(6, 14) !== q.idNumber.slice(6, 14)) ||
      (elsewhere !== undefined &&
        elsewhere.personNo !== p.personNo &&
        heldBefore.get(p.idNumber!) === 1 &&
        heldAfter.get(p.idNumber!) === 1 &&
        !noCharacterInCommon(p.name, elsewhere.name) &&
        unlike);
    if (other)
      out.push({
        personNo: p.personNo,
        before: { name: p.name, householdNo: p.householdNo },
        after: { name: q.name, householdNo: q.householdNo, ...(q.row !== undefined && { row: q.row }) },
      });
  }
  return out;
}

/**
 * How a person the new list keeps under another 人编号 moved: 'split' (分户: into another household
 * while the former one stays on the list), 'household' (户编号变更: the former household is no
 * longer on the list), 'personNo' (人编号变更: the same household, a new 人编号).
 */
export type MoveKind = 'split' | 'household' | 'personNo';

export const MOVE_LABELS: Record<MoveKind, string> = {
  split: '分户',
  household: '户编号变更',
  personNo: '人编号变更',
};

/** A person of the current list the new list holds under another 人编号 (and maybe 户编号). */
export interface RegistryMove {
  kind: MoveKind;
  /** The name on the new list. */
  name: string;
  /** The name on the current list, when the new list spells it otherwise (张涵 → 张恒涵). */
  formerName?: string;
  from: { personNo: string; householdNo: string };
  to: { personNo: string; householdNo: string; row?: number };
  /**
   * A person without a trusted ID on the current list, paired by name (and birth date) with a
   * household whose members moved by their IDs: the ID cells either side, as written.
   */
  withHousehold?: {
    before: { idNumber: string | null; raw: string | null };
    after: { idNumber: string | null; raw: string | null };
  };
}

/**
 * The persons of the current list whose 人编号 the new list no longer has — or gives to another
 * person (`reused`, reusedNumbers) — and whose ID it gives to a person under a 人编号 the current
 * list did not have (or gave to another): the same person moved or renumbered. Only a trusted ID
 * pairs (an Excel-damaged or invalid one is null), held by a single person on each list (an ID
 * two persons share tells no one apart), and names that have no character in common are two
 * persons given one ID, not one person renumbered. An ID that more rows carry pairs the one
 * leaving and the one coming with the same name, when each is the only one so named (verifier v27d
 * F2b). Then a person leaving without a trusted ID pairs with the one person coming of the same
 * name (and birth date, when both give one) in the household their household's members moved to
 * by ID (verifier v27d F2c: a county renumbered whole).
 */
export function registryMoves(
  before: readonly RegistryIdentity[],
  after: readonly RegistryIdentity[],
  reused: readonly ReusedNumber[] = reusedNumbers(before, after),
): RegistryMove[] {
  const heldBefore = holders(before);
  const heldAfter = holders(after);
  const reusedNos = new Set(reused.map((r) => r.personNo));
  const beforeNos = new Set(before.map((p) => p.personNo));
  const afterNos = new Set(after.map((p) => p.personNo));
  const afterHouseholds = new Set(after.map((p) => p.householdNo));
  const leaving = before.filter((p) => !afterNos.has(p.personNo) || reusedNos.has(p.personNo));
  const coming = after.filter((q) => !beforeNos.has(q.personNo) || reusedNos.has(q.personNo));
  const paired = new Set<RegistryIdentity>();
  const out: RegistryMove[] = [];
  const move = (p: RegistryIdentity, q: RegistryIdentity, withHousehold?: RegistryMove['withHousehold']) => {
    paired.add(p).add(q);
    out.push({
      kind:
        q.householdNo === p.householdNo
          ? 'personNo'
          : afterHouseholds.has(p.householdNo)
            ? 'split'
            : 'household',
      name: q.name,
      ...(q.name !== p.name && { formerName: p.name }),
      from: { personNo: p.personNo, householdNo: p.householdNo },
      to: { personNo: q.personNo, householdNo: q.householdNo, ...(q.row !== undefined && { row: q.row }) },
      ...(withHousehold && { withHousehold }),
    });
  };
  // By an ID one person holds on each list, names not unlike.
  const arrived = new Map<string, RegistryIdentity>();
  for (const q of coming) if (q.idNumber && heldAfter.get(q.idNumber) === 1) arrived.set(q.idNumber, q);
  for (const p of leaving) {
    if (!p.idNumber || heldBefore.get(p.idNumber) !== 1) continue;
    const q = arrived.get(p.idNumber);
    if (q !== undefined && !noCharacterInCommon(p.name, q.name)) move(p, q);
  }
  // By an ID more rows carry: the only one leaving and the only one coming with it and one name.
  const byIdAndName = (xs: readonly RegistryIdentity[]) => {
    const m = new Map<string, RegistryIdentity | null>();
    for (const x of xs)
      if (x.idNumber && !paired.has(x)) {
        const k = `${x.idNumber}|${x.name}`;
        m.set(k, m.has(k) ? null : x);
      }
    return m;
  };
  const comingByName = byIdAndName(coming);
  for (const [k, p] of byIdAndName(leaving)) {
    const q = comingByName.get(k);
    if (p && q && (heldBefore.get(p.idNumber!)! > 1 || heldAfter.get(p.idNumber!)! > 1)) move(p, q);
  }
  // Without a trusted ID: by name (and birth date) into the household its members moved to by ID.
  const movedTo = new Map<string, Set<string>>();
  for (const m of out) {
    const to = movedTo.get(m.from.householdNo) ?? new Set<string>();
    movedTo.set(m.from.householdNo, to.add(m.to.householdNo));
  }
  const sameOne = (p: RegistryIdentity, q: RegistryIdentity) =>
    p.name === q.name && (!p.birthDate || !q.birthDate || p.birthDate === q.birthDate);
  // (Also one whose ID the new list no longer has anywhere: corrected on the way — verifier v27e F3.)
  const idless = leaving.filter(
    (p) => (!p.idNumber || !heldAfter.has(p.idNumber)) && !paired.has(p) && movedTo.has(p.householdNo),
  );
  const open = coming.filter((q) => !paired.has(q) && !(q.idNumber && heldBefore.has(q.idNumber)));
  const claims = new Map<RegistryIdentity, RegistryIdentity[]>();
  for (const p of idless) {
    const targets = movedTo.get(p.householdNo)!;
    const candidates = open.filter((q) => targets.has(q.householdNo) && sameOne(p, q));
    const rivals = idless.filter((r) => r.householdNo === p.householdNo && sameOne(r, candidates[0] ?? p));
    if (candidates.length === 1 && rivals.length === 1) {
      const q = candidates[0]!;
      claims.set(q, [...(claims.get(q) ?? []), p]);
    }
  }
  const byHousehold = (p: RegistryIdentity, q: RegistryIdentity) =>
    move(p, q, {
      before: { idNumber: p.idNumber, raw: p.idRaw ?? null },
      after: { idNumber: q.idNumber, raw: q.idRaw ?? null },
    });
  for (const [q, ps] of claims) if (ps.length === 1) byHousehold(ps[0]!, q);
  // The one left of a household that moved whole to one other, and the one come to it, renamed on
  // the way (邓轩天 → 邓轩): the same surname, no other birth date (verifier v27e F2).
  for (const [from, to] of movedTo) {
    if (to.size !== 1) continue;
    const target = [...to][0]!;
    const left = idless.filter((p) => p.householdNo === from && !paired.has(p));
    const come = open.filter((q) => q.householdNo === target && !paired.has(q));
    const p = left[0];
    const q = come[0];
    if (
      left.length === 1 &&
      come.length === 1 &&
      p !== undefined &&
      q !== undefined &&
      p.name[0] === q.name[0] &&
      !noCharacterInCommon(p.name.slice(1), q.name.slice(1)) &&
      (!p.birthDate || !q.birthDate || p.birthDate === q.birthDate)
    )
      byHousehold(p, q);
  }
  return out.sort((a, b) => (a.to.row ?? 0) - (b.to.row ?? 0) || a.to.personNo.localeCompare(b.to.personNo));
}

/** What a move changed, as the notice and the report say it: “分户：人编号 P12 → P91，户编号 H1 → H9”. */
export function moveText(m: RegistryMove): string {
  const household =
    m.from.householdNo === m.to.householdNo
      ? `户编号 ${m.to.householdNo} 不变`
      : `户编号 ${m.from.householdNo} → ${m.to.householdNo}`;
  const name = m.formerName === undefined ? '' : `，姓名 ${m.formerName} → ${m.name}`;
  return `${MOVE_LABELS[m.kind]}：人编号 ${m.from.personNo} → ${m.to.personNo}，${household}${name}`;
}

/**
 * Why a move is the same person, as the report says it: the same ID, or — without a trusted one —
 * the household's members moved by their IDs and the name (and birth date) agree.
 */
export function moveBasis(m: RegistryMove): string {
  if (!m.withHousehold) return '证件号码相同';
  const { before, after } = m.withHousehold;
  return `证件号码 ${idSide(before)} → ${idSide(after)}，同户成员按证件号码随户变更，本人按姓名认定`;
}

/**
 * The notice naming the persons a new list keeps under other numbers (registryMoves), or null:
 * they are neither removed nor new, and stay 建档立卡 persons.
 */
export function registryMovesNotice(moves: readonly RegistryMove[]): string | null {
  if (moves.length === 0) return null;
  const named = moves
    .slice(0, CHANGE_NAMED)
    .map((m) => `${m.name}（${moveText(m)}）`)
    .join('、');
  const more = moves.length > CHANGE_NAMED ? `等 ${moves.length} 人` : '';
  const byName = moves.filter((m) => m.withHousehold).length;
  const same =
    byName === 0
      ? '他们的证件号码与原名单相同'
      : `他们的证件号码与原名单相同（其中 ${byName} 人证件号码为空或无效，与同户成员一同变更，按姓名认定）`;
  return `分户或人编号变更的人员（${moves.length} 人）：${named}${more}。${same}，仍是建档立卡人员，不计为移出和新增；重新比对后按新的人编号列出。`;
}

/** A person of both lists under one 人编号 whose trusted ID the new list changes (tester v27b F4). */
export interface RegistryIdChange {
  personNo: string;
  householdNo: string;
  name: string;
  /** The row of the new file. */
  row?: number;
  /** The trusted ID of the current list, else the cell as it was written (null: empty). */
  before: { idNumber: string | null; raw: string | null };
  after: { idNumber: string | null; raw: string | null };
}

/**
 * The persons the new list keeps under their 人编号 whose trusted ID it changes: corrected, lost (now
 * empty, Excel-damaged or invalid) or first given. The comparison pairs by ID first: what it found
 * for them may change. A cell that was and stays without a trusted ID is no change, nor is a number
 * the new list gives to another person (`reused`: reusedNumbers).
 */
export function registryIdChanges(
  before: ReadonlyArray<{ personNo: string; idNumber: string | null; idRaw: string | null }>,
  after: ReadonlyArray<{
    personNo: string;
    householdNo: string;
    name: string;
    idNumber: string | null;
    idRaw: string | null;
    row?: number;
  }>,
  reused: readonly ReusedNumber[] = [],
): RegistryIdChange[] {
  const was = new Map(before.map((p) => [p.personNo, p]));
  const other = new Set(reused.map((r) => r.personNo));
  const out: RegistryIdChange[] = [];
  for (const p of after) {
    const b = was.get(p.personNo);
    if (b === undefined || b.idNumber === p.idNumber || other.has(p.personNo)) continue;
    out.push({
      personNo: p.personNo,
      householdNo: p.householdNo,
      name: p.name,
      ...(p.row !== undefined && { row: p.row }),
      before: { idNumber: b.idNumber, raw: b.idRaw },
      after: { idNumber: p.idNumber, raw: p.idRaw },
    });
  }
  return out;
}

/** “人编号 P12 原为赵晨文，新名单中为赵新宇”. */
export function reusedText(r: ReusedNumber): string {
  return `人编号 ${r.personNo} 原为${r.before.name}，新名单中为${r.after.name}`;
}

/**
 * The notice naming the 人编号 a new list gives to other persons (reusedNumbers), or null: each
 * number's former holder is moved or removed, its new one added; their IDs and 脱贫状态 are not
 * compared with each other.
 */
export function reusedNumbersNotice(reused: readonly ReusedNumber[]): string | null {
  if (reused.length === 0) return null;
  const named = reused.slice(0, CHANGE_NAMED).map(reusedText).join('；');
  const more = reused.length > CHANGE_NAMED ? `等 ${reused.length} 个` : '';
  return `人编号换人（${reused.length} 个）：${named}${more}。同一人编号在新名单中是另一个人（姓名和证件号码都不同）：原人员按分户、人编号变更或移出计，新人员按新增计，两人的证件号码和脱贫状态不作比较；请核实。`;
}

/** One side of an ID change, masked: the trusted ID, else the cell and 无效, else 空. */
function idSide(s: { idNumber: string | null; raw: string | null }): string {
  if (s.idNumber) return maskId(s.idNumber);
  if (s.raw?.trim()) return `${displayId(null, s.raw)}（无效）`;
  return '空';
}

/** “350421***********5 → 350421***********1（第17、18位不同）”: masked, and where two valid IDs differ. */
export function idChangeText(c: RegistryIdChange): string {
  const where =
    c.before.idNumber && c.after.idNumber ? differingPositions(c.before.idNumber, c.after.idNumber) : null;
  return `${idSide(c.before)} → ${idSide(c.after)}${where ? `（${where}）` : ''}`;
}

/** The notice naming the persons whose ID a new list changes under their 人编号, or null. */
export function registryIdChangesNotice(changes: readonly RegistryIdChange[]): string | null {
  if (changes.length === 0) return null;
  const named = changes
    .slice(0, CHANGE_NAMED)
    .map((c) => `${c.name}（人编号 ${c.personNo}）：${idChangeText(c)}`)
    .join('；');
  const more = changes.length > CHANGE_NAMED ? `等 ${changes.length} 人` : '';
  return `证件号码变更（${changes.length} 人，人编号不变）：${named}${more}。信息比对按证件号码比对，这些人员的比对结果可能随之改变（如已确认的学生变为疑似匹配），请重新比对并核实。`;
}

/**
 * One person a new 建档立卡 list changes, as the downloadable import report lists them — every one
 * (tester v27b F5: the notices name a few, “等 10 人”, and the report kept for audit named no more).
 */
export interface RegistryChangeLine {
  /** 移出, 分户 / 户编号变更 / 人编号变更, 证件号码变更, 脱贫状态变更 or 新增. */
  change: string;
  /** The row of the new file; null for a person it removes. */
  row: number | null;
  name: string;
  /** The person's numbers on the new list (a person removed: on the current one). */
  personNo: string;
  householdNo: string;
  /** What changed, IDs masked. */
  detail: string;
}

/** A registry person as the change lines name them. */
interface Named {
  personNo: string;
  householdNo: string;
  name: string;
  row?: number;
}

/**
 * Every person a new list changes against the current one, in the order 移出, moved, 证件号码变更,
 * 脱贫状态变更, 新增 (each in the file's order; those removed by 人编号). `enrolled`: the 人编号 of
 * removed persons who are enrolled pupils of some school.
 */
export function registryChangeLines(c: {
  before: readonly Named[];
  after: readonly Named[];
  moves: readonly RegistryMove[];
  idChanges: readonly RegistryIdChange[];
  statuses: readonly ExitStatusChange[];
  enrolled?: ReadonlySet<string>;
  /** 人编号 the new list gives to another person (reusedNumbers). */
  reused?: readonly ReusedNumber[];
}): RegistryChangeLine[] {
  const movedFrom = new Set(c.moves.map((m) => m.from.personNo));
  const movedTo = new Set(c.moves.map((m) => m.to.personNo));
  const reused = new Map((c.reused ?? []).map((r) => [r.personNo, r]));
  const beforeNos = new Set(c.before.map((p) => p.personNo));
  const afterNos = new Set(c.after.map((p) => p.personNo));
  /** “；人编号 P12 原为…”, for a line of a reused number (its former holder's, or its new holder's). */
  const reuse = (personNo: string) => {
    const r = reused.get(personNo);
    return r ? `；${reusedText(r)}` : '';
  };
  const line = (change: string, p: Named, detail: string): RegistryChangeLine => ({
    change,
    row: p.row ?? null,
    name: p.name,
    personNo: p.personNo,
    householdNo: p.householdNo,
    detail,
  });
  return [
    ...c.before
      .filter((p) => (!afterNos.has(p.personNo) || reused.has(p.personNo)) && !movedFrom.has(p.personNo))
      .sort((a, b) => a.personNo.localeCompare(b.personNo))
      .map((p) =>
        line(
          '移出',
          { ...p, row: undefined },
          `不在新名单中${c.enrolled?.has(p.personNo) ? '（在读学生）' : ''}${reuse(p.personNo)}`,
        ),
      ),
    ...c.moves.map((m) =>
      line(
        MOVE_LABELS[m.kind],
        { ...m.to, name: m.name },
        `${moveText(m)}（${moveBasis(m)}）${reuse(m.from.personNo)}${reuse(m.to.personNo)}`,
      ),
    ),
    ...c.idChanges.map((x) => line('证件号码变更', x, idChangeText(x))),
    ...c.statuses.map((x) => line('脱贫状态变更', x, `${x.before ?? '未填'} → ${x.after ?? '未填'}`)),
    ...c.after
      .filter((p) => (!beforeNos.has(p.personNo) || reused.has(p.personNo)) && !movedTo.has(p.personNo))
      .map((p) => line('新增', p, `新列入名单${reuse(p.personNo)}`)),
  ];
}

/** The notice of a report whose 名单变更 sheet lists every person changed, or null for none. */
export function changeLinesNotice(lines: readonly RegistryChangeLine[]): string | null {
  if (lines.length === 0) return null;
  const by = new Map<string, number>();
  for (const l of lines) by.set(l.change, (by.get(l.change) ?? 0) + 1);
  const counts = [...by].map(([k, n]) => `${k} ${n} 人`).join('、');
  return `名单变更共 ${lines.length} 项（${counts}），导入报告（xlsx）的“名单变更”工作表逐人列出。`;
}
