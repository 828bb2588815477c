import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-driver.ts';
import type { DB } from './types.ts';

/** Counts come back as int8 and money as numeric; both fit a JS number at our scale. */
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v); // date stays 'YYYY-MM-DD'

export type DbKind = 'pglite' | 'postgres';

/** An open database: the Kysely handle plus what differs between PGlite and PostgreSQL. */
export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  /** Human-readable location for logs (password removed). */
  location: string;
  /** The raw PGlite handle (embedded only), used for COPY and dumps under the driver's lock. */
  pglite?: PGlite;
  /** The pg pool (server only), used for COPY streams. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

/** True when the target names a PostgreSQL server rather than an embedded folder. */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Chooses the database: an explicit `--db` value, else DATABASE_URL, else `./data`.
 * `memory://` opens a throw-away embedded database (tests).
 */
export function resolveDbTarget(explicit?: string): string {
  return explicit || process.env.DATABASE_URL || path.resolve(process.cwd(), 'data');
}

export interface OpenOptions {
  /** PostgreSQL only: run every statement in this schema (tests use one schema per file). */
  schema?: string;
  /** PostgreSQL only: pool size. */
  poolSize?: number;
}

/** Opens PGlite (folder or memory) or PostgreSQL (URL) behind one Kysely type. */
export async function openDatabase(target: string, opts: OpenOptions = {}): Promise<Database> {
  if (isPostgresUrl(target)) return openPostgres(target, opts);
  return openPglite(target);
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // Fail fast with a clear message when the server is unreachable.
  const client = await pool.connect().catch((err: Error) => {
    throw new Error(`无法连接 PostgreSQL 数据库 (${redact(url)}): ${err.message}`);
  });
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location: redact(url),
    pool,
    close: () => db.destroy(),
  };
}

async function openPglite(target: string): Promise<Database> {
  const memory = target === 'memory://' || target === ':memory:';
  let unlock = () => {};
  if (!memory) {
    fs.mkdirSync(target, { recursive: true });
    unlock = acquireFolderLock(target);
  }
  try {
    const pglite = await PGlite.create(memory ? undefined : target, {
      parsers: {
        20: (v: string) => Number(v),
        1700: (v: string) => Number(v),
        1082: (v: string) => v,
      },
    });
    // Keep the embedded folder small: checkpoint often instead of growing the WAL.
    await pglite.exec("set max_wal_size = '64MB'; set min_wal_size = '32MB';").catch(() => {});
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      location: memory ? 'memory' : target,
      pglite,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          unlock();
        }
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/**
 * Two processes must never open the same PGlite folder: both would write its files and
 * corrupt them. A sibling `<folder>.lock` holds the owner's PID; a lock whose process is
 * gone is stale and taken over.
 */
export function acquireFolderLock(folder: string): () => void {
  const lockPath = `${path.resolve(folder)}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      const release = () => {
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `数据目录 ${folder} 正被另一个进程 (PID ${owner}) 使用，请先停止该进程 (database folder is locked by another process)`,
        );
      }
      if (owner === process.pid) {
        throw new Error(`数据目录 ${folder} 已在本进程中打开 (database folder already open in this process)`);
      }
      fs.unlinkSync(lockPath); // stale: its owner died without cleaning up
    }
  }
  throw new Error(`无法锁定数据目录 ${folder}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
