import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** Which database the suite runs on: PostgreSQL when DATABASE_URL is set, else PGlite in memory. */
export const testDbKind = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new schema in
 * the PostgreSQL server named by DATABASE_URL (dropped again by `close`), so test files
 * never see each other's rows.
 */
export async function createTestDb(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase('memory://');
    await migrateToLatest(database.db);
    return database;
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const database = await withSchemaLock(url, async (admin) => {
    await admin.query(`create schema ${schema}`);
    const opened = await openDatabase(url, { schema, poolSize: 5 });
    try {
      await migrateToLatest(opened.db);
    } catch (e) {
      await opened.close();
      throw e;
    }
    return opened;
  });
  const close = database.close;
  database.close = async () => {
    await close();
    await withSchemaLock(url, (c) => c.query(`drop schema ${schema} cascade`));
  };
  return database;
}

/** Advisory-lock key shared by every test file's schema set-up and drop. */
const SCHEMA_LOCK = 73_150_029;

/**
 * Runs `fn` while holding a server-wide advisory lock, on a client of its own. Kysely's migrator
 * introspects the tables of *every* schema (`pg_get_serial_sequence` on each, by name): a schema
 * that another test file drops meanwhile made it fail now and then with `schema "t_…" does not
 * exist` or `relation "t_….emergency_relief" does not exist` — another file's schema, not this
 * one's. Migrating and dropping under one lock keeps the two apart.
 */
async function withSchemaLock<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await fn(c);
  } finally {
    await c.end();
  }
}
