/**
 * `jiaofu import …` with its output going to a file (not a terminal): the progress is logged as
 * lines, and after a successful import every step's lines end at 100% — no stale "写入数据库 0%"
 * above the summary.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';

const exec = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-cli-progress-'));
const folder = path.join(root, 'data');
const jiaofu = (args: string[]) =>
  exec('node', [path.join(repo, 'bin/jiaofu.mjs'), 'import', ...args, '--db', folder], { cwd: repo });

beforeAll(async () => {
  const database = await openDatabase(folder);
  try {
    await migrateToLatest(database.db);
    await loadReferenceData(database.db);
  } finally {
    await database.close();
  }
  // A small registry (under 1,000 rows): its 写入数据库 step reports only its first batch, at 0%.
  await writeDataset(generate({ seed: 3, households: 60, extraStudents: 40 }), {
    outDir: root,
    format: 'csv',
  });
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Each step's last progress line, by step name (the text between the label and the percentage). */
function lastLines(stderr: string, label: string): Map<string, string> {
  const last = new Map<string, string>();
  for (const line of stderr.split('\n')) {
    const m = new RegExp(`^${label} (.*?) ?\\d+% \\(\\d+/\\d+\\)$`).exec(line);
    if (m) last.set(m[1]!, line);
  }
  return last;
}

describe('jiaofu import, output not a terminal', () => {
  it('ends every step of a successful import at 100%', async () => {
    const stderr = new Map<string, string>();
    for (const [kind, label] of [
      ['schools', '导入学校'],
      ['registry', '导入建档立卡'],
      ['students', '导入学籍'],
    ] as const) {
      const r = await jiaofu([kind, path.join(root, `${kind}.csv`)]);
      expect(r.stdout).toMatch(/导入(完成|成功)/);
      stderr.set(kind, r.stderr);
      const last = lastLines(r.stderr, label);
      expect(last.size, `${kind}: ${r.stderr}`).toBeGreaterThan(0);
      for (const [step, line] of last) expect(line, `${kind} ${step}`).toMatch(/ 100% \((\d+)\/\1\)$/);
    }
    // The registry's writing step was reported at 0% only: it is closed, not left there.
    expect(stderr.get('registry')).toContain('导入建档立卡 写入数据库 0% (');
  });

  it('loads the divisions first into a database that has none, and says so', async () => {
    const fresh = path.join(root, 'fresh');
    const r = await exec(
      'node',
      [
        path.join(repo, 'bin/jiaofu.mjs'),
        'import',
        'registry',
        path.join(root, 'registry.csv'),
        '--db',
        fresh,
      ],
      { cwd: repo },
    );
    expect(r.stderr).toContain('数据库中还没有行政区划：已先载入三明市行政区划');
    expect(r.stdout).toMatch(/导入(完成|成功)/);
    expect(r.stderr).not.toContain('未知的县');
  });
});
