/**
 * Seeded synthetic data for tests, demos and benchmarks: a 建档立卡 registry of Sanming households and a
 * student roll (学籍) with registry children, non-poor students, hard negatives, out-of-school children,
 * every kind of damage POLICY.md lists, and ground truth for each row.
 *
 * Memory: the registry (≈ 0.65 KB per person: 200 000 persons ≈ 130 MB of heap) and a byte per roll row
 * are held; roll rows are generated on demand by `students()`, so a million rows stream in constant
 * memory apart from the set of issued IDs that keeps IDs unique (8–16 bytes per ID, typed arrays).
 */
import {
  type DamageType,
  DEFAULT_GUARDIAN_DAMAGE,
  DEFAULT_REGISTRY_DAMAGE,
  DEFAULT_STUDENT_DAMAGE,
  drawIdDamage,
  drawNameDamage,
  type IdDamageType,
} from './damage.ts';
import {
  areaFor,
  buildRegistry,
  type Household,
  hukouOf,
  type Person,
  populationTownships,
} from './households.ts';
import { ageOn, dayOf, IdFactory, isoDate, yearOf } from './ids.ts';
import { pickGivenName, pickMinorityName, pickSurname, type Sex } from './names.ts';
import { Rng, type WeightedTable } from './random.ts';
import { loadRegions, type RegionSet, regionYearFor, type Township } from './regions.ts';
import { buildSchools, chooseSchool, type Placement, placementFor, type SchoolIndex } from './schools.ts';
import type {
  GenerateOptions,
  RegistryPerson,
  ResolvedOptions,
  StudentRecord,
  StudentTruth,
  SynthDataset,
} from './types.ts';

export type {
  GenerateOptions,
  RegistryPerson,
  StudentRecord,
  StudentRow,
  StudentTruth,
  SynthDataset,
} from './types.ts';

/** Fill in defaults (see GenerateOptions for each). */
export function resolveOptions(o: GenerateOptions): ResolvedOptions {
  const asOf = o.asOf ?? '2020-09-01';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`asOf must be YYYY-MM-DD, got ${asOf}`);
  return {
    seed: o.seed,
    households: Math.max(0, Math.floor(o.households)),
    extraStudents: Math.max(0, Math.floor(o.extraStudents ?? 0)),
    asOf,
    damage: { ...DEFAULT_STUDENT_DAMAGE, ...o.damage },
    registryDamage: { ...DEFAULT_REGISTRY_DAMAGE, ...o.registryDamage },
    guardianDamage: { ...DEFAULT_GUARDIAN_DAMAGE, ...o.guardianDamage },
    hardNegativeRate: o.hardNegativeRate ?? 0.02,
    sameNameRate: o.sameNameRate ?? 0.03,
    outOfSchoolRate: o.outOfSchoolRate ?? 0.015,
    twinRate: o.twinRate ?? 0.02,
    schoolsPerTownship: o.schoolsPerTownship ?? 2,
    dataDir: o.dataDir ?? '',
  };
}

const KIND_REGISTRY = 0;
const KIND_HARD_NEGATIVE = 1;
const KIND_SAME_NAME = 2;
const KIND_NON_POOR = 3;

/** ID damage that happens after registration (Excel, copy-paste): the 学籍号 keeps the true ID. */
const FORMAT_DAMAGE = new Set<IdDamageType>([
  'scientific',
  'trailing000',
  'fullwidth',
  'spaces',
  'apostrophe',
  'lowercaseX',
]);

/**
 * Generate a dataset. Deterministic for a given `seed` and options. The registry is built eagerly; the roll
 * is streamed by `dataset.students()`.
 */
export function generate(options: GenerateOptions): SynthDataset {
  const opts = resolveOptions(options);
  const regions = loadRegions(regionYearFor(opts.asOf), opts.dataDir || undefined);
  const schools = buildSchools(regions, opts.schoolsPerTownship);
  const root = new Rng(opts.seed);
  const registryRng = root.fork(1);
  const planRng = root.fork(2);
  const streamSeed = root.nextU32();
  const ids = new IdFactory();
  const reg = buildRegistry(registryRng, regions, ids, opts);

  // Roll composition: which registry children are enrolled, which are imitated by namesakes.
  const enrolled = reg.children.filter((c) => c.enrolled);
  const poorOrder = planRng.shuffle(enrolled.map((_, i) => i));
  const sourcePool = planRng.shuffle(reg.children.map((_, i) => i));
  let hard = Math.round(reg.children.length * opts.hardNegativeRate);
  let same = Math.round(reg.children.length * opts.sameNameRate);
  if (hard + same > opts.extraStudents) {
    const scale = opts.extraStudents / (hard + same);
    hard = Math.floor(hard * scale);
    same = Math.floor(same * scale);
  }
  const hardSources = sourcePool.slice(0, hard);
  const sameSources = sourcePool.slice(hard, hard + same);
  const total = enrolled.length + opts.extraStudents;
  const kinds = new Uint8Array(total).fill(KIND_NON_POOR);
  kinds.fill(KIND_REGISTRY, 0, enrolled.length);
  kinds.fill(KIND_HARD_NEGATIVE, enrolled.length, enrolled.length + hardSources.length);
  const sameStart = enrolled.length + hardSources.length;
  kinds.fill(KIND_SAME_NAME, sameStart, sameStart + sameSources.length);
  for (let i = total - 1; i > 0; i--) {
    const j = Math.floor(planRng.next() * (i + 1));
    const t = kinds[i]!;
    kinds[i] = kinds[j]!;
    kinds[j] = t;
  }
  const hardNegativeRows: number[] = [];
  const sameNameRows: number[] = [];
  kinds.forEach((k, i) => {
    if (k === KIND_HARD_NEGATIVE) hardNegativeRows.push(i);
    else if (k === KIND_SAME_NAME) sameNameRows.push(i);
  });

  const ctx: StreamContext = {
    opts,
    regions,
    schools,
    reg,
    asOfDay: dayOf(opts.asOf),
    places: populationTownships(regions),
  };

  return {
    options: opts,
    regions,
    schools: schools.all,
    householdCount: reg.households.length,
    registry: reg.registry,
    outOfSchool: reg.outOfSchool,
    studentCount: total,
    hardNegativeRows,
    sameNameRows,
    *students(): Generator<StudentRecord> {
      const rng = new Rng(streamSeed);
      const stream = new RollStream(ctx, rng, new IdFactory(ids));
      let p = 0;
      let h = 0;
      let s = 0;
      for (let row = 0; row < total; row++) {
        const kind = kinds[row]!;
        if (kind === KIND_REGISTRY) yield stream.registryChild(row, enrolled[poorOrder[p++]!]!);
        else if (kind === KIND_HARD_NEGATIVE)
          yield stream.namesake(row, reg.children[hardSources[h++]!]!, true);
        else if (kind === KIND_SAME_NAME) yield stream.namesake(row, reg.children[sameSources[s++]!]!, false);
        else yield stream.nonPoor(row);
      }
    },
  };
}

interface StreamContext {
  opts: ResolvedOptions;
  regions: RegionSet;
  schools: SchoolIndex;
  reg: ReturnType<typeof buildRegistry>;
  asOfDay: number;
  places: WeightedTable<Township>;
}

/** A non-poor family on the roll: siblings share the guardian and address. */
interface Family {
  surname: string;
  township: Township;
  hukou: string;
  guardianName: string;
  guardianId: string;
  leftBehind: boolean;
  children: number;
}

type ChildPlanT = StreamContext['reg']['children'][number];

const FAMILY_RING = 256;

/** Builds roll rows one at a time; holds only the stream's RNG, the ID registry and a ring of recent families. */
class RollStream {
  private readonly families: Family[] = [];
  /** 学籍号 given from a wrongly entered ID so far (see `build`). */
  private readonly wrongIdNumbers = new Set<string>();

  constructor(
    private readonly ctx: StreamContext,
    private readonly rng: Rng,
    private readonly ids: IdFactory,
  ) {}

  registryChild(row: number, plan: ChildPlanT): StudentRecord {
    const { reg } = this.ctx;
    const person = reg.people[plan.person]!;
    const hh: Household = reg.households[plan.household]!;
    const guardianIdx = hh.leftBehind && hh.leftBehindGuardian !== null ? hh.leftBehindGuardian : hh.guardian;
    const g = reg.people[guardianIdx]!;
    const registryRow: RegistryPerson = reg.registry[plan.registryRow]!;
    return this.build(row, 'registry', registryRow.personNo, null, person, plan.placement!, hh.township, {
      hukou: hh.hukou,
      guardianName: g.surname + g.given,
      guardianId: g.id,
      leftBehind: hh.leftBehind,
      disabled: plan.disabled,
    });
  }

  namesake(row: number, source: ChildPlanT, sameBirth: boolean): StudentRecord {
    const { reg, regions, asOfDay } = this.ctx;
    const rng = this.rng;
    const src = reg.people[source.person]!;
    let birthDay = src.birthDay;
    if (!sameBirth) {
      do birthDay = src.birthDay + rng.int(-1200, 1200);
      while (birthDay === src.birthDay || ageOn(birthDay, asOfDay) < 3 || ageOn(birthDay, asOfDay) > 17);
    }
    const srcTownship = reg.households[source.household]!.township;
    const county = regions.countyByCode.get(srcTownship.countyCode)!;
    const township = rng.chance(0.5)
      ? rng.pick(county.townships.filter((t) => t.villages.length > 0))
      : this.ctx.places.pick(rng);
    const area = rng.chance(0.5)
      ? src.id.slice(0, 6)
      : areaFor(rng, regions, township, yearOf(birthDay), 0.03);
    const { id, seq } = this.ids.issue(rng, area, birthDay, src.sex === 'M');
    const person: Person = { surname: src.surname, given: src.given, sex: src.sex, birthDay, id, seq };
    const family = this.newFamily(township, src.surname, yearOf(birthDay));
    const kind = sameBirth ? 'hardNegative' : 'sameName';
    const placement = placementFor(rng, ageOn(birthDay, asOfDay))!;
    const personNo = reg.registry[source.registryRow]!.personNo;
    return this.build(row, kind, null, personNo, person, placement, township, this.familyInfo(family));
  }

  nonPoor(row: number): StudentRecord {
    const rng = this.rng;
    const { asOfDay, regions } = this.ctx;
    const age = rng.chance(0.18) ? rng.int(3, 5) : rng.chance(0.82) ? rng.int(6, 14) : rng.int(15, 17);
    const birthDay = asOfDay - Math.floor((age + rng.next()) * 365.2425) - 1;
    const year = yearOf(birthDay);
    const sex: Sex = rng.chance(0.53) ? 'M' : 'F';
    let family: Family | undefined;
    if (this.families.length > 0 && rng.chance(0.25)) {
      family = this.families[rng.int(0, this.families.length - 1)]!;
      if (family.children >= 3) family = undefined;
    }
    family ??= this.newFamily(this.ctx.places.pick(rng), pickSurname(rng), year);
    family.children++;
    const minority = rng.chance(0.0005);
    const surname = minority ? '' : rng.chance(0.95) ? family.surname : pickSurname(rng);
    const given = minority ? pickMinorityName(rng, sex) : pickGivenName(rng, sex, year);
    const area = areaFor(rng, regions, family.township, year, 0.03);
    const { id, seq } = this.ids.issue(rng, area, birthDay, sex === 'M');
    const placement = placementFor(rng, ageOn(birthDay, asOfDay)) as Placement;
    const person: Person = { surname, given, sex, birthDay, id, seq };
    return this.build(
      row,
      'nonPoor',
      null,
      null,
      person,
      placement,
      family.township,
      this.familyInfo(family),
    );
  }

  private familyInfo(f: Family): FamilyInfo {
    return {
      hukou: f.hukou,
      guardianName: f.guardianName,
      guardianId: f.guardianId,
      leftBehind: f.leftBehind,
      disabled: this.rng.chance(0.008),
    };
  }

  private newFamily(township: Township, surname: string, childYear: number): Family {
    const rng = this.rng;
    const village = rng.pick(township.villages);
    const father = rng.chance(0.75);
    const gYear = Math.min(1998, Math.max(1960, childYear - rng.int(22, 40)));
    const gDay = dayOf(`${gYear}-01-01`) + rng.int(0, 364);
    const gArea = areaFor(rng, this.ctx.regions, township, gYear, 0.04);
    const gSurname = father ? surname : pickSurname(rng);
    const family: Family = {
      surname,
      township,
      hukou: hukouOf(this.ctx.regions, township, village),
      guardianName: gSurname + pickGivenName(rng, father ? 'M' : 'F', gYear),
      guardianId: this.ids.issue(rng, gArea, gDay, father).id,
      leftBehind: rng.chance(0.1),
      children: 0,
    };
    if (this.families.length < FAMILY_RING) this.families.push(family);
    else this.families[rng.int(0, FAMILY_RING - 1)] = family;
    return family;
  }

  private build(
    row: number,
    kind: StudentTruth['kind'],
    personNo: string | null,
    lookalikeOf: string | null,
    person: Person,
    placement: Placement,
    township: Township,
    info: FamilyInfo,
  ): StudentRecord {
    const { opts, schools, regions } = this.ctx;
    const rng = this.rng;
    const school = chooseSchool(rng, schools, regions, township, placement.stage);
    const idD = drawIdDamage(rng, opts.damage, person.id, info.guardianId);
    const nameD = drawNameDamage(rng, opts.damage, { ...person, birthYear: yearOf(person.birthDay) });
    const gD = drawIdDamage(rng, opts.guardianDamage, info.guardianId);
    const damage: DamageType[] = [];
    if (idD.damage) damage.push(idD.damage);
    if (nameD.damage) damage.push(nameD.damage);
    let studentNo: string;
    if (idD.damage === 'missingId' ? rng.chance(0.7) : rng.chance(0.005)) {
      const prefix = rng.chance(0.85) ? 'L' : 'J';
      studentNo = `${prefix}${school.countyCode}${yearOf(this.ctx.asOfDay)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    } else if (idD.damage && !FORMAT_DAMAGE.has(idD.damage) && idD.value) {
      // Registered under the wrong ID, the 学籍号 carries it too — unless another pupil already holds
      // that number (siblings both entered with their guardian's ID): 学籍号 are unique, so the
      // second got a local number instead (from the row, so no random draw shifts the rest).
      studentNo = `G${idD.value}`;
      if (this.wrongIdNumbers.has(studentNo))
        studentNo = `L${school.countyCode}${yearOf(this.ctx.asOfDay)}${String(row).padStart(8, '0')}`;
      this.wrongIdNumbers.add(studentNo);
    } else {
      studentNo = `G${person.id}`;
    }
    const stage = placement.stage;
    const boardingRate =
      stage === '初中' ? 0.4 : stage === '普通高中' || stage === '中职' ? 0.6 : stage === '小学' ? 0.06 : 0;
    return {
      row: {
        studentNo,
        name: nameD.value,
        sex: person.sex === 'M' ? '男' : '女',
        birthDate: isoDate(person.birthDay),
        idNumber: idD.value,
        schoolName: school.name,
        schoolCode: school.code,
        stage,
        grade: placement.grade,
        className: `${rng.int(1, school.classes)}班`,
        hukou: info.hukou,
        guardianName: info.guardianName,
        guardianIdNumber: gD.value,
        boarding: rng.chance(school.rural ? boardingRate : boardingRate / 3) ? '是' : '否',
        leftBehind: info.leftBehind ? '是' : '否',
        disabled: info.disabled ? '是' : '否',
      },
      truth: {
        row,
        kind,
        personNo,
        lookalikeOf,
        trueName: person.surname + person.given,
        trueIdNumber: person.id,
        damage,
        guardianDamage: gD.damage ? [gD.damage] : [],
      },
    };
  }
}

interface FamilyInfo {
  hukou: string;
  guardianName: string;
  guardianId: string;
  leftBehind: boolean;
  disabled: boolean;
}
