/**
 * Registry (建档立卡) households: parents, sometimes grandparents, 0–4 children (twins included),
 * with relations to the household head, poverty attributes, and IDs that carry the area code
 * of the person's birth (pre-2021 codes in merged districts, other provinces for migrants).
 */
import { drawIdDamage, drawNameDamage } from './damage.ts';
import { ageOn, dayOf, type IdFactory, isoDate, randomDay, yearOf } from './ids.ts';
import { pickGivenName, pickSurname, pickTwinGivenName, type Sex } from './names.ts';
import { type Rng, WeightedTable, weightedPick } from './random.ts';
import { idAreaCode, MIGRANT_AREAS, type RegionSet, type Township, type Village } from './regions.ts';
import { type Placement, placementFor, registrySchoolStatus } from './schools.ts';
import type { RegistryPerson, ResolvedOptions } from './types.ts';

/** A synthetic person's true identity. */
export interface Person {
  surname: string;
  given: string;
  sex: Sex;
  birthDay: number;
  id: string;
  seq: number;
}

/** Internal view of a household used to build roll rows for its children. */
export interface Household {
  township: Township;
  village: Village;
  hukou: string;
  guardian: number;
  leftBehindGuardian: number | null;
  leftBehind: boolean;
}

/** A registry child of roll age (3–18) and what happens to them on the roll date. */
export interface ChildPlan {
  /** Index into `registry`. */
  registryRow: number;
  /** Index into `people`. */
  person: number;
  household: number;
  placement: Placement | null;
  enrolled: boolean;
  disabled: boolean;
}

/** Everything the roll generator needs from the registry. */
export interface RegistryBuild {
  registry: RegistryPerson[];
  people: Person[];
  households: Household[];
  children: ChildPlan[];
  outOfSchool: string[];
}

/** Townships with villages, weighted for where registered poor households live (rural, key counties). */
export function povertyTownships(regions: RegionSet): WeightedTable<Township> {
  const items: Township[] = [];
  const weights: number[] = [];
  const kindWeight = { street: 0.15, town: 1, township: 0.9, other: 0.05 };
  for (const c of regions.counties) {
    const ts = c.townships.filter((t) => t.villages.length > 0);
    const cityDistrict = ['350402', '350403', '350404'].includes(c.code);
    const countyWeight = c.population * (c.keyPovertyCounty ? 2 : 1) * (cityDistrict ? 0.4 : 1);
    for (const t of ts) {
      items.push(t);
      weights.push((countyWeight / ts.length) * kindWeight[t.kind] * Math.sqrt(t.villages.length));
    }
  }
  return new WeightedTable(items, weights);
}

/** Townships with villages, weighted by resident population (towns and sub-districts). */
export function populationTownships(regions: RegionSet): WeightedTable<Township> {
  const items: Township[] = [];
  const weights: number[] = [];
  const kindWeight = { street: 2.5, town: 1, township: 0.6, other: 0.1 };
  for (const c of regions.counties) {
    const ts = c.townships.filter((t) => t.villages.length > 0);
    for (const t of ts) {
      items.push(t);
      weights.push((c.population / ts.length) * kindWeight[t.kind]);
    }
  }
  return new WeightedTable(items, weights);
}

/** Household address as written in 户籍所在地. */
export function hukouOf(regions: RegionSet, t: Township, v: Village): string {
  return `福建省三明市${regions.countyByCode.get(t.countyCode)!.name}${t.name}${v.name}`;
}

/**
 * Area code for a new ID: mostly the home township's (birth-era) county code; `migrantShare` from
 * another province or Fujian city; `otherCountyShare` from another Sanming county.
 */
export function areaFor(
  rng: Rng,
  regions: RegionSet,
  t: Township,
  birthYear: number,
  migrantShare: number,
  otherCountyShare = 0.03,
): string {
  const r = rng.next();
  if (r < migrantShare) return rng.pick(MIGRANT_AREAS).code;
  if (r < migrantShare + otherCountyShare) {
    const other = rng.pick(rng.pick(regions.counties).townships);
    return idAreaCode(other, birthYear);
  }
  return idAreaCode(t, birthYear);
}

const ATTRIBUTES: readonly (readonly [string, number])[] = [
  ['一般贫困户', 60],
  ['低保贫困户', 35],
  ['特困供养贫困户', 5],
];
const EXIT: readonly (readonly [string, number])[] = [
  ['已脱贫(享受政策)', 85],
  ['已脱贫(不享受政策)', 8],
  ['未脱贫', 7],
];
const CHILD_COUNT: readonly (readonly [number, number])[] = [
  [0, 8],
  [1, 30],
  [2, 38],
  [3, 17],
  [4, 7],
];

/**
 * Generate `opts.households` registry households. `ids` records every issued ID so that later
 * (non-poor) people never collide with registry people.
 */
export function buildRegistry(
  rng: Rng,
  regions: RegionSet,
  ids: IdFactory,
  opts: ResolvedOptions,
): RegistryBuild {
  const asOfDay = dayOf(opts.asOf);
  const places = povertyTownships(regions);
  const out: RegistryBuild = { registry: [], people: [], households: [], children: [], outOfSchool: [] };
  const villageSeq = new Map<string, number>();

  for (let h = 0; h < opts.households; h++) {
    const township = places.pick(rng);
    const village = rng.pick(township.villages);
    const n = (villageSeq.get(village.code) ?? 0) + 1;
    villageSeq.set(village.code, n);
    const householdNo = `${village.code}${String(n).padStart(4, '0')}`;
    const members: number[] = [];

    const newPerson = (surname: string, sex: Sex, from: string, to: string, migrant: number): number => {
      const birthDay = randomDay(rng, from, to);
      const year = yearOf(birthDay);
      const area = areaFor(rng, regions, township, year, migrant);
      const { id, seq } = ids.issue(rng, area, birthDay, sex === 'M');
      out.people.push({ surname, given: pickGivenName(rng, sex, year), sex, birthDay, id, seq });
      return out.people.length - 1;
    };

    const shape = weightedPick(rng, [
      ['couple', 72],
      ['single', 13],
      ['elderly', 10],
      ['grandparents', 5],
    ] as const);
    const familySurname = pickSurname(rng);
    const fatherYear = Math.round(Math.min(1990, Math.max(1965, rng.normal(1978, 6))));
    let father: number | null = null;
    let mother: number | null = null;
    const grand: number[] = [];
    const withParents = shape === 'couple' || shape === 'single';
    if (withParents) {
      const singleMother = shape === 'single' && rng.chance(0.6);
      if (!singleMother)
        father = newPerson(familySurname, 'M', `${fatherYear}-01-01`, `${fatherYear}-12-31`, 0.02);
      if (shape === 'couple' || singleMother) {
        const my = Math.min(1995, Math.max(1965, fatherYear + rng.int(-2, 5)));
        mother = newPerson(
          singleMother ? familySurname : pickSurname(rng),
          'F',
          `${my}-01-01`,
          `${my}-12-31`,
          0.06,
        );
      }
    }
    if (!withParents || rng.chance(0.25)) {
      const gy = Math.min(1962, fatherYear - rng.int(22, 32));
      const count = rng.chance(0.7) ? 2 : 1;
      if (count === 2 || rng.chance(0.5))
        grand.push(newPerson(familySurname, 'M', `${gy}-01-01`, `${gy}-12-31`, 0.01));
      if (grand.length < count) {
        const gmy = Math.min(1962, gy + rng.int(-1, 4));
        grand.push(newPerson(pickSurname(rng), 'F', `${gmy}-01-01`, `${gmy}-12-31`, 0.01));
      }
    }
    const kids: number[] = [];
    if (shape !== 'elderly') {
      const parentYear = mother !== null ? yearOf(out.people[mother]!.birthDay) : fatherYear + 2;
      const from = Math.max(2000, parentYear + 19);
      const to = Math.min(2017, parentYear + 42);
      let count = weightedPick(rng, CHILD_COUNT);
      if (shape === 'grandparents' && count === 0) count = 1;
      const childSurname = rng.chance(0.05) && mother !== null ? out.people[mother]!.surname : familySurname;
      while (kids.length < count) {
        const sex: Sex = rng.chance(0.53) ? 'M' : 'F';
        const k = newPerson(childSurname, sex, `${from}-01-01`, `${to}-12-31`, 0.02);
        kids.push(k);
        if (rng.chance(opts.twinRate) && kids.length < 5) {
          const a = out.people[k]!;
          const tSex: Sex = rng.chance(0.65) ? a.sex : a.sex === 'M' ? 'F' : 'M';
          const area = a.id.slice(0, 6);
          const { id, seq } = ids.issue(
            rng,
            area,
            a.birthDay,
            tSex === 'M',
            a.seq + (tSex === a.sex ? 2 : 1),
          );
          const given = pickTwinGivenName(rng, tSex, yearOf(a.birthDay), a.given);
          out.people.push({ surname: a.surname, given, sex: tSex, birthDay: a.birthDay, id, seq });
          kids.push(out.people.length - 1);
        }
      }
      kids.sort((x, y) => out.people[x]!.birthDay - out.people[y]!.birthDay);
    }

    // Head and relations (与户主关系).
    const [gf, gm] = [
      grand.find((g) => out.people[g]!.sex === 'M'),
      grand.find((g) => out.people[g]!.sex === 'F'),
    ];
    let head: number;
    if (withParents) head = father !== null && (mother === null || rng.chance(0.88)) ? father : mother!;
    else head = gf ?? gm!;
    const headIsGrand = head === gf || head === gm;
    const headIsMother = head === mother;
    const rel = (p: number): string => {
      if (p === head) return '户主';
      const sex = out.people[p]!.sex;
      if (kids.includes(p))
        return headIsGrand ? (sex === 'M' ? '之孙子' : '之孙女') : sex === 'M' ? '之子' : '之女';
      if (grand.includes(p)) {
        if (headIsGrand) return '配偶';
        // The grandparents share the father's surname: the head mother's parents-in-law if she is married.
        if (headIsMother && father !== null) return sex === 'M' ? '之公公' : '之婆婆';
        return sex === 'M' ? '之父' : '之母';
      }
      if (headIsGrand) return p === father ? '之子' : '之儿媳';
      return '配偶';
    };
    for (const p of [head, father, mother, ...grand, ...kids]) {
      if (p !== null && !members.includes(p)) members.push(p);
    }

    const attribute = weightedPick(rng, ATTRIBUTES);
    const exit = weightedPick(rng, EXIT);
    const leftBehind = kids.length > 0 && withParents && rng.chance(0.3);
    const household: Household = {
      township,
      village,
      hukou: hukouOf(regions, township, village),
      guardian: mother !== null && (head !== father || rng.chance(0.3)) ? mother : head,
      leftBehindGuardian: grand[0] ?? mother,
      leftBehind,
    };
    out.households.push(household);
    const county = regions.countyByCode.get(township.countyCode)!;
    const firstRow = out.registry.length;
    members.forEach((p, i) => {
      const person = out.people[p]!;
      const trueName = person.surname + person.given;
      const year = yearOf(person.birthDay);
      const nameD = drawNameDamage(rng, opts.registryDamage, { ...person, birthYear: year });
      const idD = drawIdDamage(rng, opts.registryDamage, person.id);
      let schoolStatus = '非在校生';
      const age = ageOn(person.birthDay, asOfDay);
      if (kids.includes(p)) {
        const plan = planChild(rng, opts, age);
        if (plan) {
          out.children.push({ registryRow: out.registry.length, person: p, household: h, ...plan });
          if (plan.placement) schoolStatus = registrySchoolStatus(plan.placement.stage);
          if (!plan.enrolled && age >= 6 && age <= 15) {
            out.outOfSchool.push(`${householdNo}${String(i + 1).padStart(3, '0')}`);
            if (rng.chance(0.4)) schoolStatus = '非在校生';
          } else if (!plan.enrolled) schoolStatus = '非在校生';
        } else if (age < 3) schoolStatus = '学龄前儿童';
        else if (age > 18 && age <= 22) schoolStatus = rng.pick(['高职高专', '本科', '非在校生', '非在校生']);
      }
      out.registry.push({
        householdNo,
        personNo: `${householdNo}${String(i + 1).padStart(3, '0')}`,
        name: nameD.value,
        idNumber: idD.value,
        sex: person.sex === 'M' ? '男' : '女',
        relation: rel(p),
        headName: '',
        headIdNumber: '',
        county: county.name,
        township: township.name,
        village: village.name,
        povertyAttribute: attribute,
        exitStatus: exit,
        schoolStatus,
        trueName,
        trueIdNumber: person.id,
        birthDate: isoDate(person.birthDay),
        countyCode: county.code,
        townshipCode: township.code,
        villageCode: village.code,
        damage: [idD.damage, nameD.damage].filter((d) => d !== null),
      });
    });
    const headRow = out.registry[firstRow]!;
    for (let r = firstRow; r < out.registry.length; r++) {
      out.registry[r]!.headName = headRow.name;
      out.registry[r]!.headIdNumber = headRow.idNumber;
    }
  }
  return out;
}

function planChild(
  rng: Rng,
  opts: ResolvedOptions,
  age: number,
): { placement: Placement | null; enrolled: boolean; disabled: boolean } | null {
  if (age < 3 || age > 18) return null;
  const placement = placementFor(rng, age);
  const enrolRate = age <= 5 ? 0.85 : age <= 15 ? 1 - opts.outOfSchoolRate : age <= 17 ? 0.9 : 0.3;
  return { placement, enrolled: placement !== null && rng.chance(enrolRate), disabled: rng.chance(0.015) };
}
