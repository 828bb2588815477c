import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';

/**
 * Logical backup: every application table as JSON lines (gzip), rows serialised by
 * PostgreSQL itself (`to_jsonb`) and read back with `jsonb_populate_recordset`, so every
 * type (timestamps to the microsecond, numerics, arrays, jsonb) round-trips exactly and
 * the same file restores into PGlite or a PostgreSQL server.
 */
const FORMAT = 'jiaofu-backup';
/** Migration bookkeeping, and derived tables that triggers rebuild while the restore inserts. */
const SKIP = new Set(['kysely_migration', 'kysely_migration_lock', 'coverage_pair', 'coverage_student']);
/** Tables whose default rows migrations write; a restore replaces those rows with the backup's. */
const SEEDED_BY_MIGRATIONS = new Set(['setting']);
const BATCH = 2000;

interface Header {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

/** Application tables in an order where every table comes after the tables it references. */
export async function tablesInDependencyOrder(db: Kysely<any>): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((t) => !SKIP.has(t));
  const deps = (
    await sql<{ child: string; parent: string }>`select cl.relname as child, pl.relname as parent
      from pg_constraint c join pg_class cl on cl.oid = c.conrelid join pg_class pl on pl.oid = c.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`.execute(db)
  ).rows;
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: Set<string>) => {
    if (seen.has(t) || stack.has(t)) return;
    stack.add(t);
    for (const d of deps) if (d.child === t && d.parent !== t) visit(d.parent, stack);
    seen.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Writes a backup of the whole database to `file` (gzip JSON lines). */
export async function backupDatabase(
  db: Kysely<any>,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<{ tables: number; rows: number }> {
  const gzip = createGzip();
  const out = fs.createWriteStream(file);
  gzip.pipe(out);
  const write = (obj: unknown) =>
    new Promise<void>((resolve) =>
      gzip.write(`${JSON.stringify(obj)}\n`) ? resolve() : gzip.once('drain', resolve),
    );
  let total = 0;
  const tables = await tablesInDependencyOrder(db);
  // One snapshot for every table, so the backup is consistent even while the server writes.
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const header: Header = {
        format: FORMAT,
        version: 1,
        createdAt: new Date().toISOString(),
        migrations: await appliedMigrations(trx),
        tables,
      };
      await write(header);
      for (const table of tables) {
        await write({ table });
        let offset = 0;
        for (;;) {
          const rows = await sql<{ j: string }>`select to_jsonb(t)::text as j from ${sql.table(table)} t
          order by ctid limit ${BATCH} offset ${offset}`.execute(trx);
          for (const r of rows.rows) gzip.write(`${r.j}\n`);
          offset += rows.rows.length;
          total += rows.rows.length;
          onProgress?.(table, offset);
          if (rows.rows.length < BATCH) break;
        }
      }
    });
  gzip.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  return { tables: tables.length, rows: total };
}

/**
 * Restores a backup into an EMPTY, migrated database, in one transaction: either every
 * row is restored or none. Sequences are moved past the restored ids.
 */
export async function restoreDatabase(
  db: Kysely<any>,
  file: string,
  onProgress?: (table: string, rows: number) => void,
): Promise<{ tables: number; rows: number }> {
  const lines = readline.createInterface({
    input: fs.createReadStream(file).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  const iter = lines[Symbol.asyncIterator]();
  const first = await iter.next().catch(() => ({ done: true, value: undefined }));
  let header: Header;
  try {
    header = JSON.parse(String(first.value ?? ''));
  } catch {
    throw new Error('备份文件格式不正确（不是 jiaofu 备份文件或已损坏）');
  }
  if (header?.format !== FORMAT) throw new Error('备份文件格式不正确（不是 jiaofu 备份文件）');
  const have = await appliedMigrations(db);
  const missing = header.migrations.filter((m) => !have.includes(m));
  if (missing.length) throw new Error(`备份来自更新版本的程序，缺少数据库迁移: ${missing.join(', ')}`);
  const existing = new Set(await tablesInDependencyOrder(db));
  for (const t of existing) {
    if (SEEDED_BY_MIGRATIONS.has(t)) continue;
    const n = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
    if (n.rows[0]!.n > 0) throw new Error(`只能恢复到空数据库：表 ${t} 中已有数据`);
  }
  let total = 0;
  let tables = 0;
  await db.transaction().execute(async (trx) => {
    for (const t of SEEDED_BY_MIGRATIONS)
      if (existing.has(t)) await sql`delete from ${sql.table(t)}`.execute(trx);
    let table: string | null = null;
    let batch: string[] = [];
    let count = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${`[${batch.join(',')}]`}::jsonb)`.execute(
        trx,
      );
      count += batch.length;
      total += batch.length;
      onProgress?.(table, count);
      batch = [];
    };
    for (;;) {
      const next = await iter.next();
      if (next.done) break;
      const line = next.value;
      if (!line) continue;
      if (line.startsWith('{"table":')) {
        await flush();
        const name = JSON.parse(line).table as string;
        if (!existing.has(name)) throw new Error(`备份中的表 ${name} 在当前数据库中不存在`);
        table = name;
        count = 0;
        tables += 1;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    await resetSequences(trx);
  });
  return { tables, rows: total };
}

/** Moves every serial sequence past the highest restored value. */
async function resetSequences(db: Kysely<any>): Promise<void> {
  const cols = await sql<{ table_name: string; column_name: string; seq: string }>`
    select table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) as seq
    from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`.execute(db);
  for (const c of cols.rows) {
    if (!c.seq) continue;
    await sql`select setval(${c.seq}, coalesce((select max(${sql.ref(c.column_name)}) from ${sql.table(c.table_name)}), 0) + 1, false)`.execute(
      db,
    );
  }
}
