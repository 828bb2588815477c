import path from 'node:path';
import type { Command } from 'commander';
import { seedDemo } from '../../modules/demo/demo.ts';
import { DEMO_PEOPLE_SKIPPED, seedDemoPeople } from '../../modules/demo/demo-people.ts';
import { loadReferenceData } from '../../modules/regions/reference-data.ts';
import { type ImportReport, importSchools } from '../../modules/schools/schools.import.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import { progressBar, withDb, withImportDb } from '../context.ts';
import { registerRollImportCommands } from './imports.ts';
import { DEMO_PASSWORD, printAccounts, printPeople } from './serve.ts';

/** `jiaofu demo`, `jiaofu import schools <file>`, `jiaofu reference load`. */
export function registerDataCommands(program: Command): void {
  program
    .command('demo')
    .description('写入三明市演示数据：行政区划、学校、演示账号 (seed demo data; safe to run again)')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (opts: { db?: string }) => {
      const password = DEMO_PASSWORD();
      const { summary, people } = await withDb(opts.db, async ({ db }) => {
        const summary = await seedDemo(db, { password });
        const people = await seedDemoPeople(db, { onProgress: (m) => process.stdout.write(`  ${m}\n`) });
        return { summary, people };
      });
      if (people) printPeople(people);
      else process.stdout.write(`  ${DEMO_PEOPLE_SKIPPED}\n`);
      process.stdout.write(
        `演示数据已就绪：学校 ${summary.schools} 所（本次新增 ${summary.schoolsInserted}），` +
          `账号 ${summary.users.length} 个（本次新增 ${summary.usersCreated}，已存在的账号未改动）\n`,
      );
      printAccounts(summary.users, password);
    });

  const imp = program.command('import').description('导入数据 (import data files)');
  imp
    .command('schools <file>')
    .description(
      '导入学校名单 .xlsx/.xls/.csv（列：学校标识码、学校名称、县(市、区)、乡(镇)、学段、办学类型（公办/民办）；可选：是否寄宿、学校类型（普通学校/村小/教学点）、村(居)、城乡类型（城区/镇区/乡村））',
    )
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (file: string, opts: { db?: string }) => {
      const bar = progressBar('导入学校');
      const report = await withImportDb(opts.db, async ({ db }) => {
        const r = await importSchools(
          db,
          SYSTEM_ACTOR,
          { path: path.resolve(file), filename: file },
          (done, total, msg) => bar.update(done, total, msg),
        );
        if (r.ok) bar.finish();
        return r;
      }).finally(() => bar.stop());
      printReport(report);
      if (!report.ok) process.exitCode = 1;
    });

  registerRollImportCommands(imp);

  const ref = program.command('reference').description('参考数据 (reference data)');
  ref
    .command('load')
    .description('载入行政区划（2020 版在用，2023 版代码及对照）与省级扶贫开发重点县设置')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .option('--dir <folder>', '参考数据目录（默认 data-ref/）')
    .action(async (opts: { db?: string; dir?: string }) => {
      const r = await withDb(opts.db, ({ db }) => loadReferenceData(db, { dataDir: opts.dir }));
      process.stdout.write(`已载入行政区划 ${r.regions} 条，新旧代码对照 ${r.mappings} 条\n`);
    });
}

/** Prints the import outcome; errors as an aligned table (行号 / 列 / 原因). */
export function printReport(report: ImportReport): void {
  if (report.ok) {
    process.stdout.write(
      `导入成功：共 ${report.rows} 行，新增 ${report.inserted} 所，更新 ${report.updated} 所，未变化 ${report.unchanged} 所\n`,
    );
    if (report.warnings.length > 0) {
      process.stdout.write(`\n提示 ${report.warnings.length} 条：\n`);
      printMessages(process.stdout, report.warnings);
    }
    return;
  }
  process.stderr.write(`导入失败：发现 ${report.errors.length} 处错误，未写入任何数据\n\n`);
  printMessages(process.stderr, report.errors);
}

/** Row messages as a table: 行号, 列, 原因 (a CJK character is two columns wide on a terminal). */
function printMessages(out: NodeJS.WriteStream, messages: ImportReport['errors']): void {
  const rows = messages.map((e) => [e.row > 0 ? String(e.row) : '-', e.column ?? '-', e.message]);
  const header = ['行号', '列', '原因'];
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  const cols = [0, 1].map((i) => Math.max(width(header[i]!), ...rows.map((r) => width(r[i]!))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  for (const r of [header, ...rows]) out.write(`${pad(r[0]!, cols[0]!)}  ${pad(r[1]!, cols[1]!)}  ${r[2]}\n`);
}
