import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import { generate } from '../../synth/generate.ts';
import { REGISTRY_HEADERS, registryValues, STUDENT_HEADERS, studentValues } from '../../synth/write.ts';
import { runEntitlements } from '../aid/entitlement.run.ts';
import { runComparison } from '../comparison/comparison.service.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { importRegistry } from '../registry/registry.import.ts';
import { importStudents } from '../students/students.import.ts';

const STAGE: Record<string, string> = {
  学前: 'preschool',
  小学: 'primary',
  初中: 'junior',
  普通高中: 'senior',
  中职: 'vocational',
};

export interface DemoPeopleSummary {
  registry: number;
  students: number;
  confirmed: number;
  review: number;
  outOfSchool: number;
  /** Entitlement lines of 2020-autumn computed for the demo roll, and their total in 分. */
  entitlementLines: number;
  entitledFen: number;
}

/** What `jiaofu demo` says when seedDemoPeople skipped (students or a 建档立卡 list are already there). */
export const DEMO_PEOPLE_SKIPPED =
  '数据库中已有学生或建档立卡名单：未写入演示学生和演示建档立卡名单（演示数据不与已导入的数据混合）';

/**
 * Demo students and 建档立卡 households (synthetic, seeded, with the damage real files carry),
 * placed in the demo schools and imported through the real importers, then compared — so a new
 * user sees the comparison, the review queue and the out-of-school list at once. Skipped when
 * students or a 建档立卡 list already exist: demo people never mix with, or replace, imported ones.
 */
export async function seedDemoPeople(
  db: Kysely<DB>,
  opts: { households?: number; extraStudents?: number; onProgress?: (msg: string) => void } = {},
): Promise<DemoPeopleSummary | null> {
  const has =
    (await db.selectFrom('student').select('id').limit(1).executeTakeFirst()) ??
    (await db.selectFrom('registry_person').select('id').limit(1).executeTakeFirst());
  if (has) return null;
  const say = opts.onProgress ?? (() => {});
  const ds = generate({
    seed: 2020,
    households: opts.households ?? 800,
    extraStudents: opts.extraStudents ?? 1200,
    asOf: '2020-09-01',
  });
  const schools = await db
    .selectFrom('school')
    .select(['code', 'name', 'county_code', 'township_code', 'stages', 'kind'])
    .execute();
  const byTownship = new Map<string, typeof schools>();
  const byCounty = new Map<string, typeof schools>();
  for (const s of schools) {
    byTownship.set(s.township_code, [...(byTownship.get(s.township_code) ?? []), s]);
    byCounty.set(s.county_code, [...(byCounty.get(s.county_code) ?? []), s]);
  }
  // Each generated school goes to a demo school of its stage in its township (else its county):
  // the regular ones in turn, a school a demo account works at first, so every school a demo user
  // signs in to has pupils — the head teacher's 中心小学 as well as the school officer's 实验小学
  // in the same 镇, and a district's 实验小学 beside the city's own schools there.
  const accountSchools = new Set(
    (
      await db.selectFrom('app_user').select('school_code').where('school_code', 'is not', null).execute()
    ).map((u) => u.school_code),
  );
  const first = (s: { code: string }) => (accountSchools.has(s.code) ? 0 : 1);
  const placeOf = new Map<string, { code: string; name: string } | null>();
  const turns = new Map<string, number>();
  const place = (code: string) => {
    if (placeOf.has(code)) return placeOf.get(code)!;
    const synth = ds.schools.find((s) => s.code === code)!;
    const stage = STAGE[synth.stage]!;
    const fits = (list: typeof schools | undefined) => {
      const all = (list ?? [])
        .filter((s) => (s.stages as string[]).includes(stage))
        .sort((a, b) => first(a) - first(b) || a.code.localeCompare(b.code));
      const regular = all.filter((s) => s.kind === 'regular');
      return regular.length > 0 ? regular : all;
    };
    const local = fits(synth.townshipCode ? byTownship.get(synth.townshipCode) : undefined);
    const among = local.length > 0 ? local : fits(byCounty.get(synth.countyCode));
    const key = `${local.length > 0 ? synth.townshipCode : synth.countyCode}|${stage}`;
    const turn = turns.get(key) ?? 0;
    turns.set(key, turn + 1);
    const hit = among.length > 0 ? among[turn % among.length]! : null;
    const p = hit ? { code: hit.code, name: hit.name } : null;
    placeOf.set(code, p);
    return p;
  };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'jiaofu-demo-'));
  try {
    say('生成演示学生与建档立卡名单…');
    const reg = openTableWriter(path.join(dir, 'registry.csv'), '建档立卡', REGISTRY_HEADERS);
    for (const p of ds.registry) await reg.write(registryValues(p));
    await reg.close();
    const roll = openTableWriter(path.join(dir, 'students.csv'), '学籍', STUDENT_HEADERS);
    for (const { row } of ds.students()) {
      const p = place(row.schoolCode);
      if (!p) continue;
      await roll.write(studentValues({ ...row, schoolCode: p.code, schoolName: p.name }));
    }
    await roll.close();
    say('导入建档立卡名单…');
    const r1 = await importRegistry(db, SYSTEM_ACTOR, {
      path: path.join(dir, 'registry.csv'),
      filename: '演示-建档立卡名单.csv',
    });
    if (!r1.ok) throw new Error(`演示建档立卡名单导入失败：${r1.fileError ?? r1.errors[0]?.message}`);
    say('导入学籍…');
    const r2 = await importStudents(
      db,
      SYSTEM_ACTOR,
      { path: path.join(dir, 'students.csv'), filename: '演示-学生名册.csv' },
      { asOf: '2020-09-01' },
    );
    if (!r2.ok)
      throw new Error(
        `演示学籍导入失败：${r2.fileError ?? `第 ${r2.errors[0]?.row} 行 ${r2.errors[0]?.message}`}`,
      );
    say('信息识别比对…');
    const { stats } = await runComparison(db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    // So the 学生资助 pages (coverage, payment lists) have something to show from the first start.
    say('计算 2020 年秋季学期应享资助…');
    const ent = await runEntitlements(db, SYSTEM_ACTOR, { term: '2020-autumn' });
    return {
      registry: r1.counts.rows ?? 0,
      students: r2.counts.rows ?? 0,
      confirmed: stats.confirmed,
      review: stats.review,
      outOfSchool: stats.outOfSchool,
      entitlementLines: ent.lines,
      entitledFen: ent.totalFen,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
