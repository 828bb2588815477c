/**
 * `jiaofu export out-of-school --as-of 2020-09-01 --out <file.xlsx|csv> [--db] [--scope <code>]`:
 * the 工作要点 5 out-of-school list (registry children of compulsory age in no roll) as a file,
 * from the same query the web page uses. ID numbers are masked unless `--unmask` is given (then
 * the view is written to the audit trail, as DESIGN.md asks of every unmasked export).
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { isIsoDate } from '../../domain/dropout/index.ts';
import { writeOutOfSchool } from '../../modules/dropout/dropout.export.ts';
import { loadDropoutSettings, todayInChina } from '../../modules/dropout/dropout.settings.ts';
import { auditPersonalView } from '../../server/audit.ts';
import { type Actor, SYSTEM_ACTOR } from '../../server/scope.ts';
import { progressBar, withDb } from '../context.ts';

export interface OutOfSchoolExportOptions {
  asOf?: string;
  out: string;
  /** Division code to limit the list to (default the whole city, 3504). */
  scope?: string;
  unmask?: boolean;
  onProgress?: (rows: number) => void;
}

/** Checks the options and writes the file; returns the row count. Throws Chinese errors. */
export async function exportOutOfSchool(db: Kysely<DB>, o: OutOfSchoolExportOptions): Promise<number> {
  const asOf = o.asOf ?? todayInChina();
  if (!isIsoDate(asOf)) throw new Error(`--as-of 应为 YYYY-MM-DD 格式的日期，收到 ${asOf}`);
  const ext = path.extname(o.out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') throw new Error(`--out 须为 .xlsx 或 .csv 文件，收到 ${o.out}`);
  const scope = o.scope ?? '3504';
  if (!/^3504\d{0,8}$/.test(scope))
    throw new Error(`--scope 应为三明市内的行政区划代码（3504 开头），收到 ${scope}`);
  const actor: Actor = { ...SYSTEM_ACTOR, scopeCode: scope };
  const settings = await loadDropoutSettings(db);
  const rows = await writeOutOfSchool(db, actor, path.resolve(o.out), {
    asOf,
    ages: settings.compulsoryAge,
    unmask: !!o.unmask,
    onProgress: o.onProgress,
  });
  if (o.unmask) await auditPersonalView(db, actor, 'out_of_school_export', asOf, scope, ['id_number']);
  return rows;
}

/** Registers `jiaofu export …`. */
export function registerExportCommands(program: Command): void {
  const exp = program.command('export').description('导出数据 (export data)');
  exp
    .command('out-of-school')
    .description('导出失学儿童名单：建档立卡义务教育适龄儿童（默认 6–15 周岁）未在任何学籍中的人员')
    .requiredOption('--out <file>', '输出文件 .xlsx 或 .csv')
    .option('--as-of <date>', '计算年龄的日期 YYYY-MM-DD（默认今天）')
    .option('--scope <code>', '行政区划代码，只导出该区域（默认全市 3504）')
    .option('--unmask', '导出完整证件号码（记入审计日志）')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (opts: { out: string; asOf?: string; scope?: string; unmask?: boolean; db?: string }) => {
      const bar = progressBar('导出失学儿童名单');
      const rows = await withDb(opts.db, async ({ db }) => {
        const written = await exportOutOfSchool(db, { ...opts, onProgress: (n) => bar.update(n, null) });
        bar.finish();
        return written;
      }).finally(() => bar.stop());
      process.stdout.write(`已导出失学儿童 ${rows} 人 → ${path.resolve(opts.out)}\n`);
    });
}
