/**
 * A new 建档立卡 list that changes a household's 脱贫状态 says so (an outside tester's P2, v19b F7:
 * a household became 已脱贫(不享受政策), two pupils lost their aid at the next run, and the import
 * said only 户和人员没有增减).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reg-exit-'));
let database: Database;

function importFile(name: string, zhu: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    [
      '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇),脱贫状态',
      `H1,P11,朱父,,户主,明溪县,雪峰镇,${zhu}`,
      `H1,P12,朱子涵,,之子,明溪县,雪峰镇,${zhu}`,
      'H2,P21,林父,,户主,明溪县,雪峰镇,未脱贫',
      'H2,P22,林小明,,之子,明溪县,雪峰镇,未脱贫',
    ].join('\n'),
  );
  return importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: name });
}

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a 建档立卡 list that changes a 脱贫状态 (${testDbKind})`, () => {
  it('names the household and persons whose status changed, and asks for a new entitlement run', async () => {
    const first = await importFile('first.csv', '未脱贫');
    expect(first.ok).toBe(true);
    expect((first.notices ?? []).some((n) => n.includes('脱贫状态变更'))).toBe(false);
    const second = await importFile('second.csv', '已脱贫(不享受政策)');
    expect(second.ok).toBe(true);
    const notice = (second.notices ?? []).find((n) => n.includes('脱贫状态变更'));
    expect(notice).toBe(
      '脱贫状态变更 1 户、2 人：朱父（户编号 H1）：未脱贫 → 已脱贫(不享受政策)；朱子涵（户编号 H1）：未脱贫 → 已脱贫(不享受政策)。脱贫状态决定建档立卡学生是否继续享受资助（如“已脱贫(不享受政策)”不再享受），请重新计算应享资助。',
    );
  });

  it('refuses a 脱贫状态 the 建档立卡 system does not give, naming row and column, and writes nothing (tester v20b F2)', async () => {
    const before = await database.db
      .selectFrom('registry_person')
      .select(['person_no', 'exit_status'])
      .where('current', '=', true)
      .orderBy('person_no')
      .execute();
    const r = await importFile('garbage.csv', '随便填');
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, '脱贫状态'],
      [3, '脱贫状态'],
    ]);
    const after = await database.db
      .selectFrom('registry_person')
      .select(['person_no', 'exit_status'])
      .where('current', '=', true)
      .orderBy('person_no')
      .execute();
    expect(after).toEqual(before);
  });

  it('warns of one ID on two 人编号: one person registered twice, or two persons given one number (tester v22a F2)', async () => {
    const file = path.join(dir, 'twice.csv');
    const girl = '350421201203030029';
    const other = '350421201005050010';
    fs.writeFileSync(
      file,
      [
        '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇),脱贫状态',
        'H1,P11,朱父,,户主,明溪县,雪峰镇,未脱贫',
        `H1,P12,朱子涵,${girl},之女,明溪县,雪峰镇,未脱贫`,
        'H2,P21,林父,,户主,明溪县,雪峰镇,未脱贫',
        `H2,P22,林小明,${other},之子,明溪县,雪峰镇,未脱贫`,
        `H3,P31,朱子涵,${girl},之孙女,明溪县,雪峰镇,未脱贫`,
        `H3,P32,林晓明,${other},之孙子,明溪县,雪峰镇,未脱贫`,
      ].join('\n'),
    );
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: 'twice.csv' });
    expect(r.ok).toBe(true);
    expect(
      r.warnings
        .filter((w) => w.column === '证件号码' && w.message !== '证件号码为空')
        .map((w) => [w.row, w.message]),
    ).toEqual([
      [6, '证件号码、姓名与第 3 行（人编号 P12）相同：同一人登记了两个人编号，请核实并注销重复的记录'],
      [7, '证件号码与第 5 行（林小明）相同：同一号码登记在两人名下，至少一人的号码有误，请核实'],
    ]);
  });

  it('ages the children a new list adds as of this school year, not as of a comparison of a past one (tester v22b F7)', async () => {
    await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    const before = process.env.JIAOFU_TODAY;
    process.env.JIAOFU_TODAY = '2021-09-15';
    try {
      const file = path.join(dir, 'year2.csv');
      fs.writeFileSync(
        file,
        [
          '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇),脱贫状态',
          'H1,P11,朱父,,户主,明溪县,雪峰镇,未脱贫',
          'H1,P12,朱子涵,,之子,明溪县,雪峰镇,未脱贫',
          'H1,P13,朱小刚,350421201503010011,之子,明溪县,雪峰镇,未脱贫',
          'H2,P21,林父,,户主,明溪县,雪峰镇,未脱贫',
          'H2,P22,林小明,,之子,明溪县,雪峰镇,未脱贫',
          `H3,P31,朱子涵,350421201203030029,之孙女,明溪县,雪峰镇,未脱贫`,
          `H3,P32,林晓明,350421201005050010,之孙子,明溪县,雪峰镇,未脱贫`,
        ].join('\n'),
      );
      const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: 'year2.csv' });
      expect(r.ok).toBe(true);
      const added = (r.notices ?? []).find((n) => n.startsWith('新增的义务教育适龄儿童'));
      expect(added).toContain('年龄按 2021-09-01 计');
      expect(added).toContain('朱小刚');
    } finally {
      if (before === undefined) delete process.env.JIAOFU_TODAY;
      else process.env.JIAOFU_TODAY = before;
    }
  });
});
