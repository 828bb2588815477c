import cliProgress from 'cli-progress';
import { type Database, openDatabase, resolveDbTarget } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** Opens the database chosen by --db / DATABASE_URL / ./data and brings it up to date. */
export async function openForCli(dbOption?: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  const database = await openDatabase(resolveDbTarget(dbOption));
  if (opts.migrate !== false) await migrateToLatest(database.db);
  return database;
}

/** Runs `work` with an open database and always closes it. */
export async function withDb<T>(dbOption: string | undefined, work: (d: Database) => Promise<T>): Promise<T> {
  const database = await openForCli(dbOption);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** A terminal progress bar (hidden when the output is not a terminal, e.g. in CI logs). */
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
  let started = false;
  let lastLogged = '';
  return {
    update(done: number, total: number | null, msg?: string | null) {
      const t = Math.max(total ?? done, 1);
      if (tty) {
        if (!started) {
          bar.start(t, 0, { msg: '' });
          started = true;
        }
        bar.setTotal(t);
        bar.update(done, { msg: msg ?? '' });
      } else {
        // One line per tenth of each step (a step's name is in `msg`).
        const pct = Math.floor((done / t) * 10) * 10;
        const at = `${msg ?? ''}|${pct}`;
        if (at !== lastLogged) {
          lastLogged = at;
          process.stderr.write(`${label}${msg ? ` ${msg}` : ''} ${pct}% (${done}/${t})\n`);
        }
      }
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
