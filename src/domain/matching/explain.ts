/**
 * Chinese explanations of every decision (匹配依据): the agreeing and disagreeing evidence of each
 * candidate, and why a row is confirmed, sent to review or left unmatched. Built on demand for the
 * output, from the packed levels — nothing is stored per pair but two integers.
 */
import { StudentFlag } from './collect.ts';
import { unpackPair } from './compare.ts';
import {
  distinctPerson,
  type MatchResult,
  nameOnly,
  otherPerson,
  ReviewReason,
  reviewCandidates,
  sameIdentity,
} from './decide.ts';
import type { RegistryIndex } from './registry-index.ts';
import {
  DateLevel,
  type DecisionCandidate,
  Detail,
  HouseLevel,
  IdLevel,
  NameLevel,
  type PairLevels,
  type RowIssue,
  SexLevel,
  type StudentDecision,
} from './types.ts';
import { scoreOf } from './weights.ts';

/** A pair of two valid IDs that differ beyond a typo (IdLevel.Conflict). */
const CONFLICT_TEXT = '身份证号不同（两个号码均有效，应为不同的人）';

const ymd = (n: number): string | null => {
  if (n === 0) return null;
  const s = String(n);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

/** The characters where two same-length names differ ('李娜','李纳' → ['娜','纳']), or the whole names. */
function differing(a: string, b: string): [string, string] {
  const ca = [...a];
  const cb = [...b];
  if (ca.length !== cb.length) return [a, b];
  let da = '';
  let db = '';
  for (let i = 0; i < ca.length; i++) {
    if (ca[i] !== cb[i]) {
      da += ca[i];
      db += cb[i];
    }
  }
  return da === '' ? [a, b] : [da, db];
}

function idText(l: PairLevels, flags: number, r: MatchResult, ix: RegistryIndex, i: number): string {
  const pos = l.detail & Detail.PositionMask;
  switch (l.id) {
    case IdLevel.Equal: {
      if ((l.detail & Detail.ViaStudentNo) === 0) return '身份证号一致';
      const col =
        flags & StudentFlag.IdScientific
          ? '身份证件号列被Excel损坏(科学计数法)'
          : flags & StudentFlag.IdTrailing000
            ? '身份证件号列被Excel损坏(末三位变为000)'
            : flags & StudentFlag.IdMissing
              ? '身份证件号列为空或无法识别'
              : flags & StudentFlag.OtherDocument
                ? '身份证件号列为其他证件的号码'
                : flags & StudentFlag.IdColumnTypo
                  ? '身份证件号列与之差一位或两位颠倒，疑似录入错误'
                  : flags & StudentFlag.IdInvalid
                    ? '身份证件号列无效'
                    : '身份证件号列为另一个号码';
      return `学籍号中的身份证号一致（${col}）`;
    }
    case IdLevel.OneDigit: {
      const src = l.detail & Detail.ViaStudentNo ? '学籍号中的身份证号' : '身份证号';
      return l.detail & Detail.Transposition
        ? `${src}第${pos}、${pos + 1}位颠倒，疑似录入错误`
        : `${src}第${pos}位不同，疑似录入错误`;
    }
    case IdLevel.Prefix:
      return flags & StudentFlag.IdTrailing000
        ? '身份证号被Excel损坏(末三位变为000)，前15位一致'
        : '身份证号被Excel损坏，保留的前几位一致';
    case IdLevel.ShortPrefix:
      return flags & StudentFlag.IdScientific
        ? '身份证号被Excel损坏(科学计数法)，仅地区码可比且一致'
        : '名单证件号被Excel损坏，仅前几位可比且一致';
    case IdLevel.Different:
      return flags & StudentFlag.IdOtherBirth
        ? '身份证号不同（学生身份证号中的出生日期与出生日期列不一致，疑似填写了他人的证件号）'
        : '身份证号不同';
    case IdLevel.Conflict:
      return CONFLICT_TEXT;
    case IdLevel.Guardian: {
      const o = r.block.guardianOwner[i]!;
      const p = o >= 0 ? ix.persons[o]! : null;
      return p
        ? `学生身份证号为该户${p.relation || '成员'}${p.rawName}的证件号，需更正`
        : '学生身份证号为该户成人的证件号，需更正';
    }
    default:
      if (flags & StudentFlag.OtherDocument) return '学生持非居民身份证件，无身份证号可比';
      if (flags & StudentFlag.IdMissing) return '学生身份证号缺失或无法识别';
      if (flags & StudentFlag.IdInvalid) return '学生身份证号无效';
      return '名单中证件号缺失或无效';
  }
}

function nameText(l: PairLevels, a: string, b: string): string {
  const [da, db] = differing(a, b);
  switch (l.name) {
    case NameLevel.Exact:
      if (l.detail & Detail.Traditional) return '姓名一致（繁体字已转简体）';
      return a === b ? '姓名一致' : `姓名一致（仅间隔号“·”有无不同）：${a}/${b}`;
    case NameLevel.Homophone:
      // (A '?' the file's encoding wrote for a character it lacks: prepare.ts nameWithLostChars.)
      if (a.includes('?') || b.includes('?')) return `姓名中有文件编码丢失的字符“?”，其余相符：${a}/${b}`;
      return l.detail & Detail.NameTransposed ? `姓名字序不同：${a}/${b}` : `姓名同音：${da}/${db}`;
    case NameLevel.OneChar:
      return `姓名一字之差：${da}/${db}`;
    case NameLevel.SurnameOnly:
      return `仅姓氏相同（可能改名）：${a}/${b}`;
    case NameLevel.Different:
      return `姓名不同：${a}/${b}`;
    default:
      // Say whose name is missing (or held no name characters at all) — the row's or the list's.
      if (a === '' && b === '') return '学生姓名和名单中姓名均缺失或无效';
      return a === '' ? '学生姓名缺失或无效' : '名单中姓名缺失或无效';
  }
}

/** "（名册未填出生日期或日期无效，按身份证号中的日期）" for a row whose date is its ID's, else nothing. */
function fromId(flags: number): string {
  return flags & StudentFlag.BirthFromId ? '（名册未填出生日期或日期无效，按身份证号中的日期）' : '';
}

function dateText(l: PairLevels, a: string | null, b: string | null, flags: number): string | null {
  switch (l.date) {
    case DateLevel.Exact:
      // (With no 出生日期 on the row, the date is its ID's: said so, not as evidence of its own.)
      return `出生日期一致${fromId(flags)}`;
    // (A date the row took from its ID is said to be the ID's when it differs too: verifier v26e F6.)
    case DateLevel.Month:
      return `出生日期同年同月不同日${fromId(flags)}：${a}/${b}`;
    case DateLevel.Year:
      return `出生年份相同、月日不同${fromId(flags)}：${a}/${b}`;
    case DateLevel.Different:
      return `出生日期不同${fromId(flags)}：${a}/${b}`;
    default:
      return '出生日期无法比对';
  }
}

const HOUSE_TEXT: Record<number, string | null> = {
  [HouseLevel.GuardianId]: '监护人身份证号为该户成员',
  [HouseLevel.GuardianName]: '监护人姓名与该户成员一致',
  [HouseLevel.Village]: '户籍地同村',
  [HouseLevel.Township]: '户籍地同乡镇',
  [HouseLevel.County]: '户籍地同县',
  [HouseLevel.Different]: '户籍地/监护人与该户不符',
  [HouseLevel.Missing]: null,
};

/** What agreed, for rows matched without a usable ID ('姓名+出生日期+监护人'). */
function basis(l: PairLevels): string {
  const parts: string[] = [];
  if (l.name <= NameLevel.Homophone) parts.push('姓名');
  if (l.date === DateLevel.Exact) parts.push('出生日期');
  if (l.house <= HouseLevel.GuardianName) parts.push('监护人');
  else if (l.house === HouseLevel.Village) parts.push('户籍地');
  return parts.join('+');
}

/** Evidence of pair `k` of row `i`, e.g. '身份证号第9位不同，疑似录入错误；姓名同音：娜/纳；出生日期一致'. */
export function explainPair(r: MatchResult, ix: RegistryIndex, i: number, k: number): string {
  const l = unpackPair(r.block.packed[k]!);
  const p = ix.persons[r.block.person[k]!]!;
  const flags = r.block.flags[i]!;
  const parts = [idText(l, flags, r, ix, i), nameText(l, r.block.names[i]!, p.name)];
  const d = dateText(l, ymd(r.block.birth[i]!), p.birthDate, flags);
  if (d) parts.push(d);
  if (l.sex === SexLevel.Different) parts.push('性别不一致');
  const h = HOUSE_TEXT[l.house];
  if (h) parts.push(h);
  return parts.join('；');
}

function candidate(r: MatchResult, ix: RegistryIndex, i: number, k: number): DecisionCandidate {
  const bits = r.pairBits[k]!;
  return {
    person: r.block.person[k]!,
    weight: bits,
    score: scoreOf(bits, r.weights),
    explanation: explainPair(r, ix, i, k),
    ...(otherPerson(r.block.packed[k]!) && { otherPerson: true as const }),
  };
}

/** The names of the twins among candidates `ks` (the first and the members of its household born that day), as 黄子涵/黄梓涵. */
function twinNames(r: MatchResult, ix: RegistryIndex, ks: number[]): string {
  const first = r.block.person[ks[0]!]!;
  const born = ix.persons[first]!.birthDate;
  return ks
    .map((k) => r.block.person[k]!)
    .filter((p) => ix.householdOf[p] === ix.householdOf[first] && ix.persons[p]!.birthDate === born)
    .map((p) => ix.persons[p]!.rawName)
    .join('/');
}

/**
 * Why a row goes to review whose best candidate has another name while a member of its household
 * has the row's (ReviewReason.HouseNamesake), in words true of the pair: the ID the same or one
 * digit off (or nothing of the ID), the namesake of the same name or one that sounds alike
 * (tester v22a F7). ks[0] is the namesake (reviewCandidates lists them first), ks[1] the best.
 */
function houseNamesakeText(r: MatchResult, ks: number[]): string {
  const namesake = unpackPair(r.block.packed[ks[0]!]!);
  const best = ks[1] === undefined ? null : unpackPair(r.block.packed[ks[1]]!);
  const twin = namesake.date === DateLevel.Exact;
  const held =
    best?.id === IdLevel.Equal
      ? '身份证号与该户一名子女相同'
      : best?.id === IdLevel.OneDigit
        ? '身份证号与该户一名子女的只差一位'
        : '最相符的是该户另一名子女';
  const carried =
    best !== null && best.id <= IdLevel.OneDigit
      ? `可能误填了兄弟姐妹${twin ? '（双胞胎）' : ''}的身份证号`
      : '可能填的是兄弟姐妹的信息';
  return `${held}，但同户另一名子女与该生${namesake.name === NameLevel.Exact ? '同名' : '姓名同音'}${twin ? '且出生日期相同' : ''}，${carried}，需人工确认`;
}

/** Why row `i` goes to review, in Chinese. */
function reviewReason(
  r: MatchResult,
  ix: RegistryIndex,
  i: number,
  ks: number[],
  rowOf: (j: number) => string,
): string {
  const first = ks[0] === undefined ? -1 : r.block.person[ks[0]]!;
  const second = ks[1] === undefined ? -1 : r.block.person[ks[1]]!;
  const sameHouse = first >= 0 && second >= 0 && ix.householdOf[first] === ix.householdOf[second];
  // (Two children whose birth dates are both unknown — IDs missing or cut short — are not twins.)
  const born = first >= 0 ? ix.persons[first]!.birthDate : null;
  const twins = sameHouse && born !== null && born === ix.persons[second]!.birthDate;
  switch (r.reason[i]) {
    case ReviewReason.Close:
      return twins
        ? '同户双胞胎，需人工确认'
        : sameHouse
          ? '同户兄弟姐妹，需人工确认'
          : '有多个相近的候选人员，需人工确认';
    case ReviewReason.Taken:
      return `最相符的人员已与${rowOf(r.rival[i]!)}确认匹配${twins ? '，其同户双胞胎也在候选人员中' : ''}，需人工确认`;
    case ReviewReason.Contested:
      return `最相符的人员同时与${rowOf(r.rival[i]!)}相符${twins ? '，其同户双胞胎也在候选人员中' : ''}，需人工确认`;
    case ReviewReason.NoIdentifier:
      // (Said of a row whose ID is there but invalid, too: tester v22b F12.)
      return '身份证号缺失、无效或与该人员不符，也无监护人佐证，仅凭姓名、出生日期（或户籍地）相同或相近，需人工确认';
    case ReviewReason.IdConflict:
      return '两个身份证号均有效且不同，虽监护人与该户相符，仍可能是该户其他子女，需人工确认';
    case ReviewReason.HouseholdOnly:
      return ks[0] !== undefined && unpackPair(r.block.packed[ks[0]]!).date === DateLevel.Exact
        ? '姓名完全不同，仅出生日期和监护人与该户成员相符，可能是亲属家的另一名儿童，需人工确认'
        : '仅监护人与该户相符，身份证号、姓名、出生日期均不能证明是同一人，需人工确认';
    case ReviewReason.HouseNamesake:
      return houseNamesakeText(r, ks);
    case ReviewReason.TwinNames:
      return `同户双胞胎姓名同音（${twinNames(r, ix, ks)}），没有身份证号可以区分，可能把一人的姓名误写成另一人的，需人工确认`;
    case ReviewReason.IdOnly: {
      const h = ks[0] === undefined ? HouseLevel.Missing : unpackPair(r.block.packed[ks[0]]!).house;
      return h === HouseLevel.County || h === HouseLevel.Different
        ? '仅身份证号相同，姓名不一致，户籍地或监护人也指向其他家庭，可能是名单中的身份证号登记有误，需人工确认'
        : '仅身份证号相同，姓名完全不同（姓氏也不同），也没有户籍地或监护人证明是该户的孩子，可能是名单中的身份证号登记有误，需人工确认';
    }
    default:
      return twins ? '同户双胞胎，证据不足以区分，需人工确认' : '证据不足以确认，需人工确认';
  }
}

/** `nearestPair`: no candidate, or only candidates that are provably other people. */
export const NO_NEAREST = -1;
/** `nearestPair`: as NO_NEAREST, but one of them has the row's name and birth date. */
export const NAMESAKE_ONLY = -2;
/** `nearestPair`: as NAMESAKE_ONLY, told apart by the ID in the row's 学籍号 (its ID column damaged or empty). */
export const NAMESAKE_BY_STUDENT_NO = -3;
const NAMESAKE_TEXT = '（名单中有同名且出生日期相同的人员，但两人身份证号均有效且不同，应为不同的人）';
const NAMESAKE_BY_STUDENT_NO_TEXT =
  '（名单中有同名且出生日期相同的人员，但学籍号中的身份证号与其身份证号均有效且不同，应为不同的人）';

/**
 * The pair an unmatched row's explanation names as 最相近: its highest-scoring candidate that is not
 * provably another person (`distinctPerson`) nor tied to the row by its name alone (`nameOnly`). A namesake born the same day with another valid ID
 * and household is not named: they are someone else, and naming a registry child beside an
 * unrelated pupil only discloses them (most such pairs merely share a surname and a birthday). When
 * no candidate is left: NAMESAKE_ONLY if one of them had the row's exact name and birth date (the
 * explanation says so, without naming them; NAMESAKE_BY_STUDENT_NO when the 学籍号's ID told them
 * apart), else NO_NEAREST — the row then reads exactly as a row without any candidate.
 */
export function nearestPair(r: MatchResult, i: number): number {
  const { block } = r;
  let top = NO_NEAREST;
  let namesake = NO_NEAREST;
  for (let k = block.offsets[i]!; k < block.offsets[i + 1]!; k++) {
    const packed = block.packed[k]!;
    if (nameOnly(packed)) continue;
    if (distinctPerson(packed)) {
      if (namesake === NO_NEAREST) {
        const l = unpackPair(packed);
        if (l.name === NameLevel.Exact && l.date === DateLevel.Exact)
          namesake = l.detail & Detail.ViaStudentNo ? NAMESAKE_BY_STUDENT_NO : NAMESAKE_ONLY;
      }
    } else if (top < 0 || r.pairBits[k]! > r.pairBits[top]!) top = k;
  }
  return top < 0 ? namesake : top;
}

/** How an explanation names another roll row `j`: in a file, by its row (第12行学生). */
export type RowLabel = (r: MatchResult, j: number) => string;
export const fileRowLabel: RowLabel = (r, j) => `第${r.block.rows[j]}行学生`;

/**
 * The full decision for roll row `i` (index in the roll, not the file row number). `rowLabel` names
 * another row the explanation refers to (a rival, the other enrolment of the same pupil): by its
 * file row in a file, by the pupil in the app, where a row number means nothing.
 */
export function explainDecision(
  r: MatchResult,
  ix: RegistryIndex,
  i: number,
  rowLabel: RowLabel = fileRowLabel,
): StudentDecision {
  const { block } = r;
  const rowOf = (j: number): string => (j >= 0 ? rowLabel(r, j) : '其他学生');
  const outcome = r.outcome[i] === 1 ? 'confirmed' : r.outcome[i] === 2 ? 'review' : 'unmatched';
  if (outcome === 'confirmed') {
    let k = block.offsets[i]!;
    while (block.person[k] !== r.confirmed[i]) k++;
    const c = candidate(r, ix, i, k);
    const l = unpackPair(block.packed[k]!);
    const noId = l.id === IdLevel.Prefix || l.id === IdLevel.ShortPrefix || l.id >= IdLevel.Missing;
    const shared = r.sharedWith[i]!;
    const explanation =
      (noId && basis(l) !== '' ? `${c.explanation}；按${basis(l)}匹配` : c.explanation) +
      (shared < 0
        ? ''
        : sameIdentity(block.packed[k]!)
          ? `；同一人另见${rowOf(shared)}（一人多籍：同一身份证号有两个学籍，请核实）`
          : `；同一人另见${rowOf(shared)}（两行信息相同：重复列出或一人多籍，请核实）`);
    return { outcome, candidates: [{ ...c, explanation }], explanation };
  }
  if (outcome === 'review') {
    const ks = reviewCandidates(r, ix, i);
    let candidates = ks.map((k) => candidate(r, ix, i, k));
    const head = ks[0] === undefined ? null : unpackPair(block.packed[ks[0]]!);
    if (head !== null && head.id === IdLevel.Conflict && head.name <= NameLevel.Homophone) {
      // The first candidate has the row's name, and the row's ID is a household member's (a sibling's
      // typed in, see reviewCandidates): the namesake's "two valid IDs, two people" is that very doubt.
      const house = ix.householdOf[block.person[ks[0]!]!];
      const holder = ks.find(
        (k) =>
          unpackPair(block.packed[k]!).id === IdLevel.Equal && ix.householdOf[block.person[k]!] === house,
      );
      if (holder !== undefined) {
        const text = `身份证号不同（该生的身份证号是同户${ix.persons[block.person[holder]!]!.rawName}的）`;
        candidates = candidates.map((c, j) =>
          j === 0 ? { ...c, explanation: c.explanation.replace(CONFLICT_TEXT, text) } : c,
        );
      }
    }
    // A candidate another row is confirmed to is said to be, wherever it is listed (tester v22a F12);
    // the reason says it already of the first when that row took it (ReviewReason.Taken).
    candidates = candidates.map((c, j) => {
      const holder = r.personRow[c.person]!;
      if (holder < 0 || holder === i || (j === 0 && r.reason[i] === ReviewReason.Taken)) return c;
      return { ...c, explanation: `${c.explanation}；该人员已与${rowOf(holder)}确认匹配` };
    });
    const reason = reviewReason(r, ix, i, ks, rowOf);
    return { outcome, candidates, explanation: `${reason}；${candidates[0]?.explanation ?? ''}` };
  }
  const owner = block.guardianOwner[i]!;
  const ownerText =
    owner >= 0
      ? `学生身份证号为建档立卡人员${ix.persons[owner]!.rawName}（${ix.persons[owner]!.relation || '成人'}）的证件号，不是该生本人；`
      : '';
  const top = nearestPair(r, i);
  if (top < 0)
    return {
      outcome,
      candidates: [],
      explanation: `${ownerText}建档立卡名单中未找到该生${
        top === NAMESAKE_ONLY
          ? NAMESAKE_TEXT
          : top === NAMESAKE_BY_STUDENT_NO
            ? NAMESAKE_BY_STUDENT_NO_TEXT
            : ''
      }`,
    };
  const p = ix.persons[block.person[top]!]!;
  return {
    outcome,
    candidates: [],
    explanation: `${ownerText}建档立卡名单中未找到该生（最相近：${p.rawName}，${explainPair(r, ix, i, top)}）`,
  };
}

/**
 * The explanation of a pair a reviewer confirmed. A pair of two valid IDs reads "应为不同的人" to
 * the matcher; once a person has looked, it says the two numbers need correcting instead.
 */
export function manualConfirmExplanation(pairExplanation: string): string {
  return `人工已确认；${pairExplanation.replace(
    CONFLICT_TEXT,
    '身份证号不同（两个号码均有效，人工核实为同一人，请更正有误的证件号）',
  )}`;
}

/**
 * The 证件号问题 of a pupil not confirmed to anybody (in review, or unmatched) whose valid ID is a
 * registry person's born on another day than the pupil's 出生日期 says: a brother's or a sister's ID
 * typed into the row, named (tester v21b F4) — the import could only say the dates disagree. Null
 * when the dates agree or either is unknown (a twin's: the review tells them apart), and when the
 * holder has the pupil's name (then it is the 出生日期 column that may be wrong, as the import says).
 */
export function heldIdProblem(
  pupil: { name: string; birthDate: string | null },
  holder: { name: string; relation: string | null; birthDate: string | null },
): string | null {
  if (pupil.birthDate === null || holder.birthDate === null || pupil.birthDate === holder.birthDate)
    return null;
  if (holder.name.trim() === pupil.name.trim()) return null;
  return `学生身份证号为建档立卡人员${holder.name}（${holder.relation || '家庭成员'}，生于${holder.birthDate}）的证件号，与该生的出生日期不符，请核实后更正`;
}

/**
 * The 证件号问题 of a pupil confirmed to a registry person (by the matcher or by a reviewer) whose
 * roll row carries a valid ID other than that person's: another registry person's ID — a sibling's
 * or a parent's typed in — is named; otherwise one of the two lists has the number wrong. Null
 * when the IDs agree or either is missing or invalid (those are reported by the import already).
 */
export function confirmedIdProblem(
  studentId: string | null,
  person: { name: string; idNumber: string | null },
  holder: { name: string; relation: string | null } | null,
): string | null {
  if (studentId === null || person.idNumber === null || studentId === person.idNumber) return null;
  return holder !== null
    ? `学生身份证号为建档立卡人员${holder.name}（${holder.relation || '家庭成员'}）的证件号，不是已确认的本人${person.name}的，请更正`
    : `学生身份证号与已确认的建档立卡人员${person.name}的证件号不同，请核实哪一个有误并更正`;
}

/**
 * The 问题清单 entry of a confirmed row whose ID ends in 000 and passes its check by chance (one
 * such ID in 11), while its first 15 digits are those of the confirmed person's ID, which does not
 * end so: Excel's copy, as the 匹配依据 says — the rows Excel damaged that fail the check are told
 * by prepare.ts (tester v22a F9).
 */
function zeroedIdIssue(r: MatchResult, ix: RegistryIndex, i: number): RowIssue | null {
  const { block } = r;
  const damaged =
    StudentFlag.IdTrailing000 | StudentFlag.IdScientific | StudentFlag.IdInvalid | StudentFlag.IdMissing;
  if (r.outcome[i] !== 1 || block.flags[i]! & damaged) return null;
  let k = block.offsets[i]!;
  while (block.person[k] !== r.confirmed[i]) k++;
  const l = unpackPair(block.packed[k]!);
  const p = ix.persons[r.confirmed[i]!]!;
  if (l.id !== IdLevel.Prefix || p.id === null || p.idKnown !== 18 || p.id.endsWith('000')) return null;
  return {
    row: block.rows[i]!,
    column: '身份证件号',
    reason: `身份证件号末三位为 000，前 15 位与已确认的建档立卡人员${p.rawName}的证件号相同：应是 Excel 保存时改的，请更正`,
  };
}

/** What a row is told whose ID column holds a registry adult's ID (`guardianOwner`). */
export function adultIdProblem(name: string, relation: string): string {
  return `身份证件号为建档立卡人员${name}（${relation || '成人'}）的证件号，不是该生本人的：请更正为学生本人的证件号`;
}

/**
 * 问题清单 entries of the file comparison for rows whose ID is a registry adult's (`adultIdProblem`)
 * or whose own valid ID is another registry person's: confirmed to someone else, the ID's
 * holder is named (`confirmedIdProblem`); not confirmed, when the holder has another name and birth
 * date (`heldIdProblem`). The row that carries the wrong ID is listed — not only, as the duplicate
 * check does, the later of two rows sharing it (tester v21a F3).
 */
export function idHolderIssues(r: MatchResult, ix: RegistryIndex): RowIssue[] {
  const { block } = r;
  const out: RowIssue[] = [];
  for (let i = 0; i < block.count; i++) {
    const owner = block.guardianOwner[i]!;
    if (owner >= 0) {
      // A registry adult's ID (a parent's, a grandparent's) in the pupil's column: named, whatever
      // the row was matched by — its 学籍号's ID, its name (tester v22a F5).
      const a = ix.persons[owner]!;
      out.push({ row: block.rows[i]!, column: '身份证件号', reason: adultIdProblem(a.rawName, a.relation) });
      continue;
    }
    const zeroed = zeroedIdIssue(r, ix, i);
    if (zeroed !== null) out.push(zeroed);
    let holder = -1;
    for (let k = block.offsets[i]!; k < block.offsets[i + 1]!; k++) {
      const l = unpackPair(block.packed[k]!);
      if (l.id === IdLevel.Equal && (l.detail & Detail.ViaStudentNo) === 0) {
        holder = block.person[k]!;
        break;
      }
    }
    if (holder < 0) continue;
    const h = ix.persons[holder]!;
    const mine = r.outcome[i] === 1 ? r.confirmed[i]! : -1;
    if (mine === holder || (mine < 0 && h.name === block.names[i])) continue;
    const reason =
      mine >= 0
        ? confirmedIdProblem(
            h.id,
            { name: ix.persons[mine]!.rawName, idNumber: ix.persons[mine]!.id },
            { name: h.rawName, relation: h.relation },
          )
        : heldIdProblem(
            { name: block.names[i]!, birthDate: ymd(block.birth[i]!) },
            { name: h.rawName, relation: h.relation, birthDate: h.birthDate },
          );
    if (reason !== null) out.push({ row: block.rows[i]!, column: '身份证件号', reason });
  }
  return out;
}
