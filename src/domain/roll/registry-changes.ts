/**
 * Who a new 建档立卡 list keeps under other numbers (outside tester v27b F3: a household split —
 * the same persons, the same 证件号码, under a new 户编号 and new 人编号 — was reported as removal and
 * addition, and a county renumbered whole would have tripped the removal guard). Pure: the caller
 * loads and stores.
 */

import { displayId, maskId } from '../identity/id-number.ts';
import { noCharacterInCommon } from '../identity/name.ts';
import { differingPositions } from '../identity/personal-mask.ts';
import { CHANGE_NAMED, type ExitStatusChange } from './roll-diff.ts';

/** A registry person as the pairing reads them: numbers, name and the trusted (valid, whole) ID or null. */
export interface RegistryIdentity {
  personNo: string;
  householdNo: string;
  name: string;
  /** The valid 18-character ID, null when the cell was empty, Excel-damaged or failed its check. */
  idNumber: string | null;
  /** The row of the new file (new list only). */
  row?: number;
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
  from: { personNo: string; householdNo: string };
  to: { personNo: string; householdNo: string; row?: number };
}

/**
 * The persons of the current list whose 人编号 the new list no longer has and whose ID it gives to
 * a person under a 人编号 the current list did not have: the same person moved or renumbered. Only a
 * trusted ID pairs (an Excel-damaged or invalid one is null), and only one that a single person
 * holds on each list (an ID two persons share tells no one apart); names that have no character
 * in common are two persons given one ID, not one person renumbered.
 */
export function registryMoves(
  before: readonly RegistryIdentity[],
  after: readonly RegistryIdentity[],
): RegistryMove[] {
  const holders = (xs: readonly RegistryIdentity[]) => {
    const n = new Map<string, number>();
    for (const x of xs) if (x.idNumber) n.set(x.idNumber, (n.get(x.idNumber) ?? 0) + 1);
    return n;
  };
  const heldBefore = holders(before);
  const heldAfter = holders(after);
  const beforeNos = new Set(before.map((p) => p.personNo));
  const afterNos = new Set(after.map((p) => p.personNo));
  const afterHouseholds = new Set(after.map((p) => p.householdNo));
  const arrived = new Map<string, RegistryIdentity>();
  for (const q of after)
    if (q.idNumber && !beforeNos.has(q.personNo) && heldAfter.get(q.idNumber) === 1)
      arrived.set(q.idNumber, q);
  const out: RegistryMove[] = [];
  for (const p of before) {
    if (!p.idNumber || afterNos.has(p.personNo) || heldBefore.get(p.idNumber) !== 1) continue;
    const q = arrived.get(p.idNumber);
    if (q === undefined || noCharacterInCommon(p.name, q.name)) continue;
    out.push({
      kind:
        q.householdNo === p.householdNo
          ? 'personNo'
          : afterHouseholds.has(p.householdNo)
            ? 'split'
            : 'household',
      name: q.name,
      from: { personNo: p.personNo, householdNo: p.householdNo },
      to: { personNo: q.personNo, householdNo: q.householdNo, ...(q.row !== undefined && { row: q.row }) },
    });
  }
  return out.sort((a, b) => (a.to.row ?? 0) - (b.to.row ?? 0) || a.to.personNo.localeCompare(b.to.personNo));
}

/** What a move changed, as the notice and the report say it: “分户：人编号 P12 → P91，户编号 H1 → H9”. */
export function moveText(m: RegistryMove): string {
  const household =
    m.from.householdNo === m.to.householdNo
      ? `户编号 ${m.to.householdNo} 不变`
      : `户编号 ${m.from.householdNo} → ${m.to.householdNo}`;
  return `${MOVE_LABELS[m.kind]}：人编号 ${m.from.personNo} → ${m.to.personNo}，${household}`;
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
  return `分户或人编号变更的人员（${moves.length} 人）：${named}${more}。他们的证件号码与原名单相同，仍是建档立卡人员，不计为移出和新增；重新比对后按新的人编号列出。`;
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
 * for them may change. A cell that was and stays without a trusted ID is no change.
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
): RegistryIdChange[] {
  const was = new Map(before.map((p) => [p.personNo, p]));
  const out: RegistryIdChange[] = [];
  for (const p of after) {
    const b = was.get(p.personNo);
    if (b === undefined || b.idNumber === p.idNumber) continue;
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
}): RegistryChangeLine[] {
  const movedFrom = new Set(c.moves.map((m) => m.from.personNo));
  const movedTo = new Set(c.moves.map((m) => m.to.personNo));
  const beforeNos = new Set(c.before.map((p) => p.personNo));
  const afterNos = new Set(c.after.map((p) => p.personNo));
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
      .filter((p) => !afterNos.has(p.personNo) && !movedFrom.has(p.personNo))
      .sort((a, b) => a.personNo.localeCompare(b.personNo))
      .map((p) =>
        line(
          '移出',
          { ...p, row: undefined },
          `不在新名单中${c.enrolled?.has(p.personNo) ? '（在读学生）' : ''}`,
        ),
      ),
    ...c.moves.map((m) =>
      line(MOVE_LABELS[m.kind], { ...m.to, name: m.name }, `${moveText(m)}（证件号码相同）`),
    ),
    ...c.idChanges.map((x) => line('证件号码变更', x, idChangeText(x))),
    ...c.statuses.map((x) => line('脱贫状态变更', x, `${x.before ?? '未填'} → ${x.after ?? '未填'}`)),
    ...c.after
      .filter((p) => !beforeNos.has(p.personNo) && !movedTo.has(p.personNo))
      .map((p) => line('新增', p, '新列入名单')),
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
