/**
 * Shapes of the roll-vs-registry comparison (信息识别比对, 工作要点 2): the raw rows as read from the
 * files, the prepared (normalised once) records, comparison levels per field and the decisions.
 * Levels are small integers so a million candidate pairs fit in typed arrays.
 */

/** One roll (学籍) row as read from a file; every cell is text (empty string when absent). */
export interface RawStudent {
  /** 1-based row number in the source file, for reports. */
  row: number;
  studentNo: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumber: string;
  /** 身份证件类型 ('' or absent: 居民身份证). */
  idType?: string;
  hukou: string;
  guardianName: string;
  guardianIdNumber: string;
}

/** One 建档立卡 registry row as read from a file. */
export interface RawRegistryPerson {
  row: number;
  householdNo: string;
  personNo: string;
  name: string;
  idNumber: string;
  sex: string;
  relation: string;
  headName: string;
  headIdNumber: string;
  county: string;
  township: string;
  village: string;
  /** The export's 出生日期 column, when it has one (most do not: the ID carries the date). */
  birthDate?: string;
}

/** Per-row problems found while preparing a record (reported with row number and column). */
export interface RowIssue {
  row: number;
  column: string;
  reason: string;
}

/** A roll row normalised once: everything the blocking keys and comparisons need. */
export interface PreparedStudent {
  row: number;
  studentNo: string;
  /** Normalised (simplified, no spaces) name; '' when unusable. */
  name: string;
  /** The name had traditional characters converted. */
  nameTraditional: boolean;
  pinyin: string;
  surname: string;
  /**
   * The 身份证件类型 when the row's number belongs to another document than a 公民身份号码 (护照,
   * 通行证…): the number is then no ID (`id` null) and is not reported as damaged. Else null.
   */
  otherDocument: string | null;
  /** Cleaned 18-character ID text (possibly untrusted), or null. */
  id: string | null;
  idTrusted: boolean;
  /** How many leading characters of `id` are as issued (18 when complete; 15 or 6 after Excel damage). */
  idKnown: number;
  /** Short Chinese label of Excel damage ('科学计数法' / '末三位变为000'), or null. */
  idExcel: string | null;
  /** Valid ID found inside the 学籍号 (`G` + ID), or null. */
  studentNoId: string | null;
  /** 'YYYY-MM-DD' from the 出生日期 column, else from the ID; null when neither is usable. */
  birthDate: string | null;
  /** The birth date comes from the 出生日期 column or a trusted ID (not from a damaged ID). */
  birthTrusted: boolean;
  /** The row gives no 出生日期 of its own: `birthDate` is the ID's (an agreeing date says no more than the ID). */
  birthFromId: boolean;
  sex: 'M' | 'F' | null;
  /** The row gives no 性别 of its own: `sex` is the ID's. */
  sexFromId: boolean;
  guardianName: string;
  /** Guardian ID text as cleaned (trusted or not), or null. */
  guardianId: string | null;
  /**
   * The guardian ID passes its own check character (so not finding it in a household means
   * something); an old 15-digit number has none.
   */
  guardianIdValid: boolean;
  /** 户籍所在地 without the province/city prefix, spaces removed. */
  place: string;
}

/** A registry person normalised once. */
export interface PreparedPerson {
  row: number;
  /** 户编号 as written (for output). */
  householdNo: string;
  /**
   * What the household is grouped by: the 户编号, or — when Excel turned it into scientific notation,
   * so that every household of a county would read the same — the head's ID (户主证件号码), else the
   * head's name and place; '' when there is none of these (the person is a household of their own).
   */
  houseKey: string;
  personNo: string;
  /** Raw cells kept for output (姓名, 证件号码, 县/乡/村). */
  rawName: string;
  rawId: string;
  county: string;
  township: string;
  village: string;
  name: string;
  nameTraditional: boolean;
  pinyin: string;
  surname: string;
  id: string | null;
  idTrusted: boolean;
  /**
   * Trusted and written with its own check character: not an old 15-digit number, whose 18th
   * character is computed — a typo in it cannot be told from another person's number.
   */
  idChecked: boolean;
  idKnown: number;
  birthDate: string | null;
  /**
   * The birth date is only that of an ID failing its check (no 出生日期 column to confirm it): a
   * typo may sit in the date, so an age outside compulsory schooling is not sure (unenrolled.ts).
   */
  ageUncertain: boolean;
  sex: 'M' | 'F' | null;
  relation: string;
  /** Age in full years on the as-of date, or -1 when the birth date is unknown. */
  age: number;
  /** An adult of the household (户主/配偶/之父/之母… or 18+ and not a child relation). */
  adult: boolean;
  /**
   * A child or grandchild of the head (与户主关系) whose 证件号码 is the row's own 户主证件号码: the
   * head's number typed into the child's row (prepare.ts dropBorrowedIds), seen even when the
   * export leaves out the head's own row.
   */
  carriesHeadId: boolean;
  /**
   * An adult's ID this child's row carried and lost (dropBorrowedIds) when no row of the household
   * holds it — the 户主's of an export without the head's row, a guardian's not in the registry: a
   * roll's 监护人身份证件号 with it leads to the household (RegistryIndex.byHouseId). Else null.
   */
  borrowedId: string | null;
}

/** ID comparison levels, strongest first. */
export enum IdLevel {
  Equal = 0,
  /** One digit different or two adjacent digits swapped. */
  OneDigit = 1,
  /** Excel kept ≥ 14 leading digits (末三位变为000) and they agree. */
  Prefix = 2,
  /** Excel kept only the first few digits (科学计数法) and they agree. */
  ShortPrefix = 3,
  Different = 4,
  /**
   * Both IDs pass their own checks, the student's carries the row's birth date, and they differ
   * beyond a typo: two different people, whatever else agrees.
   */
  Conflict = 5,
  Missing = 6,
  /** The student's ID is the ID of an adult of this candidate's household (guardian's ID typed in). */
  Guardian = 7,
}
/** Name comparison levels (traditional counts as exact; a detail bit says so). */
export enum NameLevel {
  Exact = 0,
  Homophone = 1,
  OneChar = 2,
  SurnameOnly = 3,
  Different = 4,
  Missing = 5,
}
export enum DateLevel {
  Exact = 0,
  Month = 1,
  Year = 2,
  Different = 3,
  Missing = 4,
}
export enum SexLevel {
  Agree = 0,
  Different = 1,
  Missing = 2,
}
/**
 * Household evidence as one field (guardian and place agree together for every sibling, so taking
 * them as independent fields would count the same evidence twice).
 */
export enum HouseLevel {
  /** Guardian ID is the ID of an adult in the candidate's household. */
  GuardianId = 0,
  /** Guardian name is the name of an adult in the household and the place agrees to the township. */
  GuardianName = 1,
  Village = 2,
  Township = 3,
  County = 4,
  Different = 5,
  Missing = 6,
}

/** Number of levels per field, in field order (id, name, date, sex, house). 8·6·5·3·7 patterns fit 13 bits. */
export const LEVEL_COUNTS = [8, 6, 5, 3, 7] as const;
export const FIELD_NAMES = ['id', 'name', 'date', 'sex', 'house'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** Detail bits stored beside a pair's pattern, for the explanation. */
export enum Detail {
  /** Low 5 bits: 1-based ID position that differs (0 = none). */
  PositionMask = 0x1f,
  Transposition = 0x20,
  ViaStudentNo = 0x40,
  Traditional = 0x80,
  NameTransposed = 0x100,
  /**
   * Both IDs passed their own checks (so a difference means two different people); with
   * ViaStudentNo, the row's ID is the 学籍号's, which passed them.
   */
  BothTrusted = 0x200,
}

/** Levels of one pair. */
export interface PairLevels {
  id: IdLevel;
  name: NameLevel;
  date: DateLevel;
  sex: SexLevel;
  house: HouseLevel;
  detail: number;
}

/** Match weights in bits (log2 m/u) per field and level, plus the prior. */
export interface MatchWeights {
  id: number[];
  name: number[];
  date: number[];
  sex: number[];
  house: number[];
  /** log2 of the prior odds that a candidate pair is a match. */
  priorBits: number;
  /** m and u per field/level, for the report. */
  m: Record<FieldName, number[]>;
  u: Record<FieldName, number[]>;
  /** Average frequency of an agreeing name (Σ f²), the baseline of the name-frequency adjustment. */
  nameBaseline: number;
}

export type MatchOutcome = 'confirmed' | 'review' | 'unmatched';

/** One candidate listed in a decision. */
export interface DecisionCandidate {
  person: number;
  /** Total weight in bits. */
  weight: number;
  /** 匹配分, 0–100 (weights.ts scoreOf); null for a person the comparison did not score. */
  score: number | null;
  explanation: string;
  /**
   * Listed (a household member of a contested person) although provably another person: both IDs
   * are valid and differ beyond a typo. The review shows them; nobody takes them for possibly at
   * school (`countInReview`, the out-of-school list's 疑似匹配待核实).
   */
  otherPerson?: true;
}

/** The decision for one roll row. */
export interface StudentDecision {
  outcome: MatchOutcome;
  /** Confirmed: one entry; review: every candidate, best first; unmatched: best rejected candidate or none. */
  candidates: DecisionCandidate[];
  /** Chinese explanation of the whole decision (the first output row's 匹配依据). */
  explanation: string;
}
