import cliProgress from 'cli-progress';
import { type Database, openDatabase, resolveDbTarget } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ensureReferenceData } from '../modules/regions/reference-data.ts';
import { progressLines } from './progress-lines.ts';

/** Opens the database chosen by --db / DATABASE_URL / ./data and brings it up to date. */
export async function openForCli(dbOption?: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  const database = await openDatabase(resolveDbTarget(dbOption));
  if (opts.migrate !== false) await migrateToLatest(database.db);
  return database;
}

/** Runs `work` with an open database and always closes it. */
/** Message of an import that loaded the reference data first (the database had none). */
export const REFERENCE_LOADED =
  '数据库中还没有行政区划：已先载入三明市行政区划（2020 版在用，2023 版代码及对照；同 jiaofu reference load）';

/** `withDb` for the imports: the divisions loaded first when the database has none (said on stderr). */
export function withImportDb<T>(dbOption: string | undefined, work: (d: Database) => Promise<T>): Promise<T> {
  return withDb(dbOption, async (d) => {
    if (await ensureReferenceData(d.db)) process.stderr.write(`${REFERENCE_LOADED}\n`);
    return work(d);
  });
}

export async function withDb<T>(dbOption: string | undefined, work: (d: Database) => Promise<T>): Promise<T> {
  const database = await openForCli(dbOption);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/**
 * A terminal progress bar; when the output is not a terminal (a file, a pipe, a CI log), log lines
 * instead (progress-lines.ts). Call `finish` once the work has succeeded, so that the last step
 * ends at 100% rather than where its last report left it; `stop` (in a `finally`) ends the bar.
 */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% {value}/{total} {msg}`,
      stream: process.stderr,
      noTTYOutput: false,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const log = progressLines(label);
  const write = (lines: string[]) => {
    for (const l of lines) process.stderr.write(`${l}\n`);
  };
  let started = false;
  let barTotal = 1;
  return {
    update(done: number, total: number | null, msg?: string | null) {
      if (!tty) return write(log.update(done, total, msg));
      barTotal = Math.max(total ?? done, 1);
      if (!started) {
        bar.start(barTotal, 0, { msg: '' });
        started = true;
      }
      bar.setTotal(barTotal);
      bar.update(done, { msg: msg ?? '' });
    },
    /** The work succeeded: its last step is shown finished. */
    finish() {
      if (!tty) return write(log.finish());
      if (started) bar.update(barTotal);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Prints a Chinese error and sets a failing exit code. */
export function fail(message: string): never {
  process.stderr.write(`错误: ${message}\n`);
  process.exit(1);
}
