/**
 * `jiaofu aid entitle --term 2020-autumn [--db]`: the entitlement run of 工作要点 1 for the whole
 * city, with a progress bar; and `jiaofu export coverage --term 2020-autumn --out <file> [--db]`
 * (registered on the shared `export` command through `registerCoverageExport`).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { fenToYuan } from '../../domain/aid/index.ts';
import { writeCoverage } from '../../modules/aid/coverage.export.ts';
import { requireTerm, runEntitlements } from '../../modules/aid/entitlement.run.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import { progressBar, withDb } from '../context.ts';

/** Registers `jiaofu aid …`. */
export function registerAidCommands(program: Command): void {
  const aid = program.command('aid').description('学生资助 (student aid)');
  aid
    .command('entitle')
    .description('计算某学期全市学生的应享资助（按当前生效的资助政策），并显示与上次计算的差异')
    .requiredOption('--term <term>', '学期，如 2020-spring（春季）或 2020-autumn（秋季）')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (opts: { term: string; db?: string }) => {
      const bar = progressBar('计算应享资助');
      const r = await withDb(opts.db, async ({ db }) => {
        const run = await runEntitlements(db, SYSTEM_ACTOR, { term: opts.term }, (done, total, msg) =>
          bar.update(done, total ?? null, msg),
        );
        bar.finish();
        return run;
      }).finally(() => bar.stop());
      process.stdout.write(
        `${r.term}：学生 ${r.students} 人，应享 ${r.lines} 条，合计 ${fenToYuan(r.totalFen)} 元，用时 ${(r.durationMs / 1000).toFixed(1)} 秒\n` +
          (r.diff.firstRun
            ? '首次计算\n'
            : `与上次相比：新增 ${r.diff.added} 条，取消 ${r.diff.removed} 条，金额变化 ${r.diff.changed} 条\n`),
      );
      for (const [p, s] of Object.entries(r.byProgramme))
        process.stdout.write(`  ${p}: ${s.lines} 条，${fenToYuan(s.totalFen)} 元\n`);
    });
}

/** Adds `coverage` to the shared `jiaofu export` command. */
export function registerCoverageExport(exportCommand: Command): void {
  exportCommand
    .command('coverage')
    .description('导出资助覆盖情况（五个阶段全覆盖）：每名学生每个资助项目一行，含应享金额、已发金额、状态')
    .requiredOption('--term <term>', '学期，如 2020-autumn')
    .requiredOption('--out <file>', '输出文件 .xlsx 或 .csv')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (opts: { term: string; out: string; db?: string }) => {
      requireTerm(opts.term);
      const ext = path.extname(opts.out).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.csv')
        throw new Error(`--out 须为 .xlsx 或 .csv 文件，收到 ${opts.out}`);
      const bar = progressBar('导出资助覆盖情况');
      const rows = await withDb(opts.db, async ({ db }) => {
        const written = await writeCoverage(db, SYSTEM_ACTOR, opts.term, path.resolve(opts.out), (n) =>
          bar.update(n, null),
        );
        bar.finish();
        return written;
      }).finally(() => bar.stop());
      process.stdout.write(`已导出 ${rows} 行 → ${path.resolve(opts.out)}\n`);
    });
}
