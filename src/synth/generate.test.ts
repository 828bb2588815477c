import { describe, expect, it } from 'vitest';
import { hasValidCheckChar } from '../domain/identity/checksum.ts';
import { DEFAULT_STUDENT_DAMAGE } from './damage.ts';
import { generate } from './generate.ts';
import { ageOn, dayOf } from './ids.ts';
import type { StudentRecord } from './types.ts';

const OPTIONS = { seed: 7, households: 3000, extraStudents: 20_000 };
const ds = generate(OPTIONS);
const rows: StudentRecord[] = [...ds.students()];
const registryByPersonNo = new Map(ds.registry.map((p) => [p.personNo, p]));

/** The birth date and sex an 18-digit ID encodes. */
function decode(id: string): { birth: string; male: boolean } {
  return {
    birth: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    male: Number(id[16]) % 2 === 1,
  };
}

describe('generate: determinism', () => {
  it('gives the same dataset for the same seed and a different one for another seed', () => {
    const again = generate(OPTIONS);
    expect(JSON.stringify(again.registry)).toBe(JSON.stringify(ds.registry));
    expect(again.outOfSchool).toEqual(ds.outOfSchool);
    // Compare serialised: a deep toEqual over 20 000 rows is slow.
    expect(JSON.stringify([...again.students()])).toBe(JSON.stringify(rows));
    // A second pass over the same dataset replays the same stream.
    expect([...ds.students()].slice(0, 500)).toEqual(rows.slice(0, 500));
    const other = generate({ ...OPTIONS, seed: 8 });
    expect(other.registry.slice(0, 50)).not.toEqual(ds.registry.slice(0, 50));
  });
});

describe('generate: IDs', () => {
  it('gives clean rows valid IDs that encode the row birth date and sex', () => {
    let clean = 0;
    for (const { row, truth } of rows) {
      expect(hasValidCheckChar(truth.trueIdNumber)).toBe(true);
      const { birth, male } = decode(truth.trueIdNumber);
      expect(birth).toBe(row.birthDate);
      expect(male).toBe(row.sex === '男');
      if (truth.damage.length === 0) {
        clean++;
        expect(row.idNumber).toBe(truth.trueIdNumber);
        expect(row.studentNo.startsWith('G') ? row.studentNo.slice(1) : truth.trueIdNumber).toBe(
          truth.trueIdNumber,
        );
      }
    }
    expect(clean / rows.length).toBeGreaterThan(0.8);
    for (const p of ds.registry) {
      expect(hasValidCheckChar(p.trueIdNumber)).toBe(true);
      expect(decode(p.trueIdNumber).birth).toBe(p.birthDate);
      expect(decode(p.trueIdNumber).male).toBe(p.sex === '男');
      if (p.damage.length === 0) expect(p.idNumber).toBe(p.trueIdNumber);
    }
  });

  it("gives every roll row its own 学籍号, even when siblings were entered with their guardian's ID", () => {
    const heavy = generate({ seed: 3, households: 2000, extraStudents: 1000, damage: { guardianId: 0.3 } });
    const numbers = [...heavy.students()].map((r) => r.row.studentNo);
    expect(numbers.filter((n) => n.startsWith('L')).length).toBeGreaterThan(0);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('keeps every person ID unique', () => {
    const ids = new Set<string>();
    for (const p of ds.registry) ids.add(p.trueIdNumber);
    for (const { truth } of rows) if (truth.kind !== 'registry') ids.add(truth.trueIdNumber);
    const nonRegistry = rows.filter((r) => r.truth.kind !== 'registry').length;
    expect(ids.size).toBe(ds.registry.length + nonRegistry);
  });

  it('includes pre-2021 area codes and migrants from other provinces', () => {
    const areas = new Set(ds.registry.map((p) => p.trueIdNumber.slice(0, 6)));
    for (const code of ['350402', '350403', '350427']) expect(areas).toContain(code);
    expect([...areas].some((a) => !a.startsWith('35'))).toBe(true);
  });

  it('keeps old area codes after the 2021 merger', () => {
    const later = generate({ seed: 3, households: 1500, asOf: '2023-09-01' });
    const merged = later.registry.filter((p) => p.countyCode === '350404' || p.countyCode === '350405');
    expect(merged.length).toBeGreaterThan(0);
    const areas = new Set(merged.map((p) => p.trueIdNumber.slice(0, 6)));
    expect(areas).toContain('350427');
    expect(areas.has('350402') || areas.has('350403')).toBe(true);
    for (const p of merged)
      if (p.birthDate < '2021') expect(['350404', '350405']).not.toContain(p.trueIdNumber.slice(0, 6));
    expect(later.registry.some((p) => p.countyCode === '350402')).toBe(false);
  });
});

describe('generate: households and roll', () => {
  it('has twins: two children of one household with the same birth date', () => {
    const byKey = new Map<string, number>();
    for (const p of ds.registry) {
      if (!/^之(子|女|孙子|孙女)$/.test(p.relation)) continue;
      const k = `${p.householdNo}|${p.birthDate}`;
      byKey.set(k, (byKey.get(k) ?? 0) + 1);
    }
    const pairs = [...byKey.values()].filter((n) => n >= 2).length;
    expect(pairs).toBeGreaterThan(10);
  });

  it('gives each household one head and consistent head columns', () => {
    const heads = new Map<string, number>();
    for (const p of ds.registry)
      if (p.relation === '户主') heads.set(p.householdNo, (heads.get(p.householdNo) ?? 0) + 1);
    expect(heads.size).toBe(ds.householdCount);
    expect([...heads.values()].every((n) => n === 1)).toBe(true);
  });

  it('places students by age on the roll date', () => {
    const asOf = dayOf(ds.options.asOf);
    const stageAges: Record<string, [number, number]> = {
      学前: [3, 5],
      小学: [6, 11],
      初中: [12, 15],
      普通高中: [15, 18],
      中职: [15, 18],
    };
    for (const { row } of rows) {
      const age = ageOn(dayOf(row.birthDate), asOf);
      const [lo, hi] = stageAges[row.stage]!;
      expect(age).toBeGreaterThanOrEqual(lo);
      expect(age).toBeLessThanOrEqual(hi);
      expect(row.schoolCode).toMatch(/^\d{10}$/);
    }
  });

  it('lists out-of-school children of compulsory age that are absent from the roll', () => {
    expect(ds.outOfSchool.length).toBeGreaterThan(0);
    const onRoll = new Set(rows.map((r) => r.truth.personNo).filter((p) => p !== null));
    const asOf = dayOf(ds.options.asOf);
    for (const personNo of ds.outOfSchool) {
      const p = registryByPersonNo.get(personNo)!;
      expect(p).toBeDefined();
      const age = ageOn(dayOf(p.birthDate), asOf);
      expect(age).toBeGreaterThanOrEqual(6);
      expect(age).toBeLessThanOrEqual(15);
      expect(onRoll.has(personNo)).toBe(false);
    }
    // Most compulsory-age registry children are on the roll.
    const compulsory = ds.registry.filter((p) => {
      const age = ageOn(dayOf(p.birthDate), asOf);
      return /^之/.test(p.relation) && p.birthDate >= '2000' && age >= 6 && age <= 15;
    });
    expect(ds.outOfSchool.length / compulsory.length).toBeLessThan(0.04);
  });

  it('contains hard negatives: same name and birth date as a registry child, another person', () => {
    expect(ds.hardNegativeRows.length).toBeGreaterThan(20);
    for (const i of ds.hardNegativeRows) {
      const { truth, row } = rows[i]!;
      expect(truth.kind).toBe('hardNegative');
      expect(truth.personNo).toBeNull();
      const twin = registryByPersonNo.get(truth.lookalikeOf!)!;
      expect(truth.trueName).toBe(twin.trueName);
      expect(row.birthDate).toBe(twin.birthDate);
      expect(truth.trueIdNumber).not.toBe(twin.trueIdNumber);
      expect(row.guardianIdNumber).not.toBe(twin.headIdNumber);
    }
    for (const i of ds.sameNameRows) {
      const { truth, row } = rows[i]!;
      const source = registryByPersonNo.get(truth.lookalikeOf!)!;
      expect(truth.trueName).toBe(source.trueName);
      expect(row.birthDate).not.toBe(source.birthDate);
    }
  });
});

describe('generate: damage', () => {
  it('applies damage at roughly the configured rates', () => {
    const counts: Record<string, number> = {};
    for (const { truth } of rows) for (const d of truth.damage) counts[d] = (counts[d] ?? 0) + 1;
    const n = rows.length;
    for (const t of ['scientific', 'missingId', 'spaces', 'homophone', 'nameSpaces'] as const) {
      const rate = (counts[t] ?? 0) / n;
      expect(rate).toBeGreaterThan(DEFAULT_STUDENT_DAMAGE[t] * 0.7);
      expect(rate).toBeLessThan(DEFAULT_STUDENT_DAMAGE[t] * 1.3);
    }
    for (const t of [
      'trailing000',
      'fullwidth',
      'apostrophe',
      'oneDigit',
      'swap',
      'guardianId',
      'lowercaseX',
      'traditional',
      'renamed',
    ]) {
      expect(counts[t] ?? 0).toBeGreaterThan(0);
    }
  });

  it('makes an exact-ID lookup miss about one poor student in nine', () => {
    const registryIds = new Set(ds.registry.map((p) => p.idNumber));
    const poor = rows.filter((r) => r.truth.kind === 'registry');
    // Excel's VLOOKUP is case-insensitive, so a lower-case x still matches.
    const missed = poor.filter((r) => !registryIds.has(r.row.idNumber.toUpperCase())).length;
    expect(missed / poor.length).toBeGreaterThan(0.08);
    expect(missed / poor.length).toBeLessThan(0.14);
  });

  it('honours overrides', () => {
    const loud = generate({
      seed: 1,
      households: 300,
      extraStudents: 2000,
      damage: { scientific: 0.5, homophone: 0 },
    });
    let sci = 0;
    let homo = 0;
    let total = 0;
    for (const { truth, row } of loud.students()) {
      total++;
      if (truth.damage.includes('scientific')) {
        sci++;
        expect(row.idNumber).toMatch(/^\d\.\d+E\+17$/);
      }
      if (truth.damage.includes('homophone')) homo++;
    }
    expect(sci / total).toBeGreaterThan(0.4);
    expect(homo).toBe(0);
  });
});
