import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireFolderLock, type Database, openDatabase } from '../src/db/connect.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
  await sql`create table probe (id serial primary key, who text not null)`.execute(database.db);
});
afterAll(() => database.close());

describe(`database (${testDbKind})`, () => {
  it('runs the migrations', async () => {
    const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_name in ('region','school','app_user','audit_log','job') and table_schema = current_schema()`.execute(
      database.db,
    );
    expect(tables.rows[0]!.n).toBe(5);
  });

  it("keeps another request's write while one transaction is open and rolls back", async () => {
    const { db } = database;
    let signalOpen!: () => void;
    const opened = new Promise<void>((r) => {
      signalOpen = r;
    });
    let finishTx!: () => void;
    const canFinish = new Promise<void>((r) => {
      finishTx = r;
    });
    const tx = db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('probe' as any)
          .values({ who: 'tx' })
          .execute();
        signalOpen();
        await canFinish;
        throw new Error('roll back on purpose');
      })
      .catch((e: Error) => e.message);
    await opened;
    // A second request writes while the transaction is open.
    const other = db
      .insertInto('probe' as any)
      .values({ who: 'other' })
      .execute();
    await new Promise((r) => setTimeout(r, 50));
    finishTx();
    expect(await tx).toBe('roll back on purpose');
    await other;
    const rows = await db
      .selectFrom('probe' as any)
      .select('who')
      .execute();
    expect(rows.map((r: any) => r.who)).toEqual(['other']);
  });

  it('serialises many concurrent writes without losing any', async () => {
    const { db } = database;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? db.transaction().execute((trx) =>
              trx
                .insertInto('probe' as any)
                .values({ who: `t${i}` })
                .execute(),
            )
          : db
              .insertInto('probe' as any)
              .values({ who: `p${i}` })
              .execute(),
      ),
    );
    const n = await db
      .selectFrom('probe' as any)
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect((n as any).n).toBe(41);
  });
});

describe('embedded folder lock', () => {
  it('refuses a folder held by a live process and takes over a stale lock', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-lock-'));
    const folder = path.join(dir, 'data');
    // A live foreign owner: PID 1 always exists.
    fs.writeFileSync(`${folder}.lock`, '1');
    await expect(openDatabase(folder)).rejects.toThrow(/正被另一个进程/);
    // A dead owner: a PID that cannot exist.
    fs.writeFileSync(`${folder}.lock`, '999999999');
    const release = acquireFolderLock(folder);
    expect(fs.readFileSync(`${folder}.lock`, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${folder}.lock`)).toBe(false);
  });

  it('opens a folder database, closes it and opens it again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-db-'));
    const folder = path.join(dir, 'data');
    const a = await openDatabase(folder);
    await sql`create table t (x int)`.execute(a.db);
    await sql`insert into t values (7)`.execute(a.db);
    await expect(openDatabase(folder)).rejects.toThrow(/已在本进程中打开|正被另一个进程/);
    await a.close();
    const b = await openDatabase(folder);
    const r = await sql<{ x: number }>`select x from t`.execute(b.db);
    expect(r.rows[0]!.x).toBe(7);
    await b.close();
  });
});
