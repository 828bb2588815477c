/**
 * A 建档立卡 export that carries a 出生日期 column: a child whose 证件号码 is missing, damaged or
 * mistyped takes the column's date, so the comparison knows the child's age (tester v26a F3: the
 * column was ignored, and a school-age child with a mistyped ID fell off the out-of-school list).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { makeId } from '../src/domain/matching/fixtures.test-helpers.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reg-birth-'));
let database: Database;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a 建档立卡 export with a 出生日期 column (${testDbKind})`, () => {
  it('dates a child without a usable ID by the column, a valid ID by itself, and counts the child on the out-of-school list', async () => {
    const good = makeId('350421', '20130119', 346);
    const typo = `${good.slice(0, 9)}6${good.slice(10)}`; // 2013 → 2016: fails its check
    const valid = makeId('350421', '20100303', 111);
    const file = path.join(dir, 'registry.csv');
    fs.writeFileSync(
      file,
      [
        '户编号,人编号,姓名,证件号码,出生日期,与户主关系,县(市、区),乡(镇)',
        'H1,P11,蔡华龙,,1988-04-12,户主,明溪县,雪峰镇',
        `H1,P12,蔡宇洁,${typo},2013-01-19,之女,明溪县,雪峰镇`,
        'H1,P13,蔡宇豪,,2012-05-05,之子,明溪县,雪峰镇',
        `H1,P14,蔡宇航,${valid},2011-03-03,之子,明溪县,雪峰镇`,
        // A date after today is no date (tester v26d F7): unknown, and said.
        'H1,P15,蔡未来,,2030-01-01,之女,明溪县,雪峰镇',
      ].join('\n'),
    );
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: 'registry.csv' });
    expect(r.ok).toBe(true);
    const rows = await database.db
      .selectFrom('registry_person')
      .select(['person_no', 'birth_date'])
      .orderBy('person_no')
      .execute();
    expect(rows.map((x) => [x.person_no, String(x.birth_date).slice(0, 10)])).toEqual([
      ['P11', '1988-04-12'],
      ['P12', '2013-01-19'],
      ['P13', '2012-05-05'],
      ['P14', '2010-03-03'],
      ['P15', 'null'],
    ]);
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ row: 6, column: '出生日期', message: expect.stringContaining('晚于今天') }),
    );
    // The valid ID decides over the column, and the row is told so.
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ row: 5, column: '出生日期', message: expect.stringContaining('2010-03-03') }),
    );
    const run = await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    // 蔡宇洁 (7), 蔡宇豪 (8) and 蔡宇航 (10): none of them is on any roll.
    expect(run.stats.outOfSchool).toBe(3);
  });
});

describe(`a 建档立卡 list that gives a kept 人编号 to another person (${testDbKind})`, () => {
  it('says so on the row (verifier v26f F9)', async () => {
    const file = path.join(dir, 'registry-2.csv');
    fs.writeFileSync(
      file,
      [
        '户编号,人编号,姓名,证件号码,出生日期,与户主关系,县(市、区),乡(镇)',
        'H1,P11,蔡华龙,,1988-04-12,户主,明溪县,雪峰镇',
        'H1,P12,蔡宇洁,,2013-01-19,之女,明溪县,雪峰镇',
        // P13 was 蔡宇豪; P14 蔡宇航 renamed by a typo fix keeps a character.
        'H1,P13,林小红,,2012-05-05,之女,明溪县,雪峰镇',
        'H1,P14,蔡雨航,,2011-03-03,之子,明溪县,雪峰镇',
      ].join('\n'),
    );
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: 'registry-2.csv' });
    expect(r.ok, JSON.stringify(r.fileError ?? r.errors)).toBe(true);
    const told = r.warnings.filter((w) => w.column === '人编号');
    expect(told).toEqual([
      expect.objectContaining({
        row: 4,
        message:
          '人编号 P13 在原名单中是 蔡宇豪，本名单中为 林小红：同一人编号换了人，请核实（原人员已不在名单中）',
      }),
    ]);
  });
});
