import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase, tablesInDependencyOrder } from '../src/db/backup.ts';
import type { Database } from '../src/db/connect.ts';
import { appendAudit, verifyAudit } from '../src/server/audit.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

async function dump(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await tablesInDependencyOrder(database.db)) {
    const rows = await sql<{ j: string }>`select to_jsonb(t)::text as j from ${sql.table(t)} t`.execute(
      database.db,
    );
    out[t] = rows.rows.map((r) => r.j).sort();
  }
  return out;
}

let source: Database;
let target: Database;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-backup-')), 'b.jsonl.gz');
beforeAll(async () => {
  source = await createTestDb();
  target = await createTestDb();
  await seedMiniRegions(source);
  await addUser(source, 'mingxi', 'county_admin', { scopeCode: '350421' });
  await addUser(source, 'school1', 'school_aid_officer', { schoolCode: '2135000001' });
  await appendAudit(source.db, SYSTEM_ACTOR, {
    action: 'update',
    entity: 'school',
    entityId: '2135000001',
    after: { 名称: '“引号”\n换行' },
  });
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe(`backup and restore (${testDbKind})`, () => {
  it('restores into an empty database with identical data and an intact audit chain', async () => {
    const b = await backupDatabase(source.db, file);
    expect(b.rows).toBeGreaterThan(10);
    const r = await restoreDatabase(target.db, file);
    expect(r.rows).toBe(b.rows);
    expect(await dump(target)).toEqual(await dump(source));
    expect((await verifyAudit(target.db)).ok).toBe(true);
    // Sequences moved on: a new user gets a fresh id.
    const id = await addUser(target, 'newcomer', 'county_admin', { scopeCode: '350423' });
    expect(id).toBeGreaterThan(2);
  });

  it('refuses to restore into a database that has data, changing nothing', async () => {
    const before = await dump(target);
    await expect(restoreDatabase(target.db, file)).rejects.toThrow(/只能恢复到空数据库/);
    expect(await dump(target)).toEqual(before);
  });

  it('refuses a file that is not a backup', async () => {
    const junk = path.join(path.dirname(file), 'junk.gz');
    fs.writeFileSync(junk, 'not gzip at all');
    await expect(restoreDatabase(target.db, junk)).rejects.toThrow(/备份文件格式不正确/);
  });
});
