/**
 * Shapes of the synthetic dataset: registry rows (建档立卡), student roll rows (学籍) and ground truth.
 * Field names follow docs/GLOSSARY.md; `write.ts` maps them to the Chinese headers of real exports.
 */
import type { DamageRates, DamageType } from './damage.ts';
import type { RegionSet } from './regions.ts';
import type { School, StageLabel } from './schools.ts';

/** Options of `generate`. Only `seed` and `households` are required. */
export interface GenerateOptions {
  seed: number;
  /** Number of registry (建档立卡) households; about 3.6 persons each. */
  households: number;
  /** Non-poor students added to the roll (they include the hard negatives). Default 0. */
  extraStudents?: number;
  /** Roll date `YYYY-MM-DD`; ages, stages and the division year (2020 before 2021) follow it. Default 2020-09-01. */
  asOf?: string;
  /** Damage rates on the student roll (merged over DEFAULT_STUDENT_DAMAGE). */
  damage?: Partial<DamageRates>;
  /** Damage rates on the registry export (merged over DEFAULT_REGISTRY_DAMAGE). */
  registryDamage?: Partial<DamageRates>;
  /** Damage rates on the roll's guardian ID column (merged over DEFAULT_GUARDIAN_DAMAGE). */
  guardianDamage?: Partial<DamageRates>;
  /** Share of roll-age registry children (3–18) given a non-poor namesake with the same birth date. Default 0.02. */
  hardNegativeRate?: number;
  /** Share of roll-age registry children given a non-poor namesake born on another date. Default 0.03. */
  sameNameRate?: number;
  /** Share of compulsory-age (6–15) registry children not enrolled anywhere. Default 0.015. */
  outOfSchoolRate?: number;
  /** Share of births that are twins. Default 0.02. */
  twinRate?: number;
  /** 村小 per township. Default 2. */
  schoolsPerTownship?: number;
  /** Folder with sanming-divisions-2020.csv / -2023.csv. Default: see regions.defaultDataDir. */
  dataDir?: string;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<
  Omit<GenerateOptions, 'damage' | 'registryDamage' | 'guardianDamage'>
> & {
  damage: DamageRates;
  registryDamage: DamageRates;
  guardianDamage: Partial<DamageRates>;
};

/** 性别 as written in exports. */
export type SexLabel = '男' | '女';

/** One row of the 建档立卡 registry export, plus its ground truth (the `true*`, `damage` and code fields). */
export interface RegistryPerson {
  householdNo: string;
  personNo: string;
  name: string;
  idNumber: string;
  sex: SexLabel;
  relation: string;
  headName: string;
  headIdNumber: string;
  county: string;
  township: string;
  village: string;
  povertyAttribute: string;
  exitStatus: string;
  schoolStatus: string;
  // ground truth
  trueName: string;
  trueIdNumber: string;
  birthDate: string;
  countyCode: string;
  townshipCode: string;
  villageCode: string;
  damage: DamageType[];
}

/** One row of the student roll (学籍), as written to the file. */
export interface StudentRow {
  studentNo: string;
  name: string;
  sex: SexLabel;
  birthDate: string;
  idNumber: string;
  schoolName: string;
  schoolCode: string;
  stage: StageLabel;
  grade: string;
  className: string;
  hukou: string;
  guardianName: string;
  guardianIdNumber: string;
  boarding: '是' | '否';
  leftBehind: '是' | '否';
  disabled: '是' | '否';
}

/**
 * What a roll row really is. `kind`: `registry` (a registry child; `personNo` set), `hardNegative`
 * (non-poor, same name and birth date as registry child `lookalikeOf`), `sameName` (non-poor, same
 * name, other birth date), `nonPoor`.
 */
export interface StudentTruth {
  row: number;
  kind: 'registry' | 'hardNegative' | 'sameName' | 'nonPoor';
  personNo: string | null;
  lookalikeOf: string | null;
  trueName: string;
  trueIdNumber: string;
  damage: DamageType[];
  guardianDamage: DamageType[];
}

/** A roll row with its truth. */
export interface StudentRecord {
  row: StudentRow;
  truth: StudentTruth;
}

/**
 * A generated dataset. The registry is held in memory (≈ 0.65 KB per person); the roll is produced
 * lazily by `students()` — each call replays the same rows from the seed — so a million rows never sit
 * in memory at once. Row numbers in truth are 0-based positions in that stream.
 */
export interface SynthDataset {
  options: ResolvedOptions;
  regions: RegionSet;
  schools: School[];
  householdCount: number;
  registry: RegistryPerson[];
  /** personNos of compulsory-age (6–15) registry children with no roll row. */
  outOfSchool: string[];
  /** Total roll rows `students()` yields. */
  studentCount: number;
  /** Roll rows that are hard negatives (same name and birth date as a registry child). */
  hardNegativeRows: number[];
  /** Roll rows that share a registry child's name but not the birth date. */
  sameNameRows: number[];
  /** The roll, in file order. */
  students(): Generator<StudentRecord>;
}
