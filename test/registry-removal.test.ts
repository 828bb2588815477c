import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reg-removal-'));
const CH = '一二三四五六七八九十百千万东南西北春夏秋冬';

/** Registry rows of `n` persons of one county (two a household), numbered from `from`. */
const rows = (county: string, township: string, tag: string, n: number, from = 0): string[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return `H${tag}${Math.floor(i / 2)},P${tag}${i},林${CH[i % 20]}${CH[Math.floor(i / 20) % 20]},,${county},${township}`;
  });
const mingxi = (n: number, from = 0) => rows('明溪县', '雪峰镇', 'MX', n, from);
const qingliu = (n: number, from = 0) => rows('清流县', '龙津镇', 'QL', n, from);

/** Writes a registry file of `lines` and imports it. */
function importFile(name: string, lines: string[], confirmRemoval?: boolean) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\n${lines.join('\n')}\n`);
  return importRegistry(
    database.db,
    SYSTEM_ACTOR,
    { path: file, filename: name },
    undefined,
    confirmRemoval === undefined ? undefined : { confirmRemoval },
  );
}

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Rows of each table an import writes, and the current persons of each county. */
async function state() {
  const n = async (table: 'registry_person' | 'import_batch' | 'person' | 'audit_log') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const current = await database.db
    .selectFrom('registry_person')
    .select(['county_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('current', '=', true)
    .groupBy('county_code')
    .orderBy('county_code')
    .execute();
  return {
    registry: await n('registry_person'),
    batches: await n('import_batch'),
    persons: await n('person'),
    audit: await n('audit_log'),
    current: Object.fromEntries(current.map((c) => [c.county_code, Number(c.n)])),
  };
}

describe(`a 建档立卡 import that would remove most of a county waits for confirmation (${testDbKind})`, () => {
  it('imports a first list of two counties without asking', async () => {
    const first = await importFile('first.csv', [...mingxi(40), ...qingliu(30)]);
    expect(first.errors).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.confirm).toBeUndefined();
    expect((await state()).current).toEqual({ '350421': 40, '350423': 30 });
  });

  it('holds a partial list, naming the county and its numbers, and writes nothing', async () => {
    const before = await state();
    // 明溪: 10 of its 40 (30 would go); 清流: all 30 and 2 new ones.
    const held = await importFile('partial.csv', [...mingxi(10), ...qingliu(30), ...qingliu(2, 100)]);
    expect(held.ok).toBe(false);
    expect(held.confirm).toBe('removal');
    expect(held.batchId).toBeNull();
    expect(held.errors).toEqual([]);
    expect(held.fileError).toContain(
      '明溪县：现有 40 人，文件中 10 人，其中 30 人不在文件中，将移出建档立卡名单',
    );
    expect(held.fileError).not.toContain('清流县');
    expect(held.fileError).toContain('--confirm-removal');
    expect(held.fileError).toContain('未写入任何数据');
    // No half-import: not 清流's two new persons, not a batch, not an audit entry.
    expect(await state()).toEqual(before);
    // Without the confirmation flag given as false, the same.
    expect((await importFile('partial.csv', [...mingxi(10), ...qingliu(30)], false)).confirm).toBe('removal');
    expect(await state()).toEqual(before);
  });

  it('lets a county lose fewer than 20, or exactly half, without asking', async () => {
    // 清流: 16 of 30 go (more than half, but fewer than 20); 明溪: 20 of 40 go (exactly half).
    const r = await importFile('small.csv', [...mingxi(20), ...qingliu(14)]);
    expect(r.ok).toBe(true);
    expect(r.counts).toMatchObject({ persons_removed: 36 });
    expect((await state()).current).toEqual({ '350421': 20, '350423': 14 });
  });

  it('imports the partial list once confirmed, removing the rest of the county', async () => {
    // Back to the whole list (a list growing asks nothing), then the partial one.
    expect((await importFile('whole.csv', [...mingxi(40), ...qingliu(30)])).ok).toBe(true);
    const lines = [...mingxi(10), ...qingliu(30), ...qingliu(2, 100)];
    expect((await importFile('partial.csv', lines)).confirm).toBe('removal');
    const before = await state();
    const ok = await importFile('partial.csv', lines, true);
    expect(ok.ok).toBe(true);
    expect(ok.confirm).toBeUndefined();
    expect(ok.batchId).not.toBeNull();
    expect(ok.counts).toMatchObject({ rows: 42, persons_removed: 30, persons_added: 2 });
    const after = await state();
    expect(after.current).toEqual({ '350421': 10, '350423': 32 });
    expect(after.batches).toBe(before.batches + 1);
    expect(after.registry).toBe(before.registry + 42);
  });
});
