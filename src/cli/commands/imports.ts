import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ListKind } from '../../db/types-comparison.ts';
import { asOfProblem } from '../../domain/matching/index.ts';
import { CONFIRM_REMOVAL_FLAG } from '../../domain/roll/registry-removal.ts';
import type { ImportReport } from '../../modules/imports/import-report.ts';
import {
  maskReport,
  reportToXlsx,
  shortMessage,
  unwrittenReport,
} from '../../modules/imports/import-report.ts';
import { checkWritable } from '../../modules/matching/run-file-match.ts';
import { importList, importRegistry } from '../../modules/registry/registry.import.ts';
import { importStudents } from '../../modules/students/students.import.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import { fail, progressBar, type withDb, withImportDb } from '../context.ts';

const LIST_KINDS: ListKind[] = ['minimum_living', 'extreme_poverty', 'disability', 'hardship'];

/** `jiaofu import students|registry|lists <file>`: all or nothing, every bad row reported. */
export function registerRollImportCommands(imp: Command): void {
  const common = (c: Command) =>
    c
      .option('--db <target>', '数据库：目录或 postgres:// 地址')
      .option('--report <file.xlsx>', '把全部问题行写入 xlsx 报告');
  common(
    imp
      .command('students <file>')
      .description('导入学生名册（学籍）.xlsx/.csv；按学籍号更新，记录新增、转学、离校')
      .option('--as-of <date>', '名册日期（离校日期），默认今天')
      .option(
        '--confirm-left',
        '确认文件是学校的完整名册：即使一所学校过半的在读学生不在文件中，也照常记为离校',
      ),
  ).action((file: string, opts: { db?: string; report?: string; asOf?: string; confirmLeft?: boolean }) => {
    const wrong = opts.asOf === undefined ? null : asOfProblem(opts.asOf, todayInChina());
    if (wrong !== null) fail(wrong);
    return run('导入学籍', file, opts, (db, f, p) =>
      importStudents(db, SYSTEM_ACTOR, f, {
        asOf: opts.asOf,
        onProgress: p,
        confirmLeft: !!opts.confirmLeft,
      }),
    );
  });
  common(
    imp
      .command('registry <file>')
      .description('导入建档立卡名单（扶贫办导出）.xlsx/.csv；按县(市、区)替换现有名单')
      .option(
        CONFIRM_REMOVAL_FLAG,
        '确认文件是所含县(市、区)的完整名单：即使一个县过半（且不少于 20 人）的现有人员不在文件中，也照常移出',
      ),
  ).action((file: string, opts: { db?: string; report?: string; confirmRemoval?: boolean }) =>
    run('导入建档立卡', file, opts, (db, f, p) =>
      importRegistry(db, SYSTEM_ACTOR, f, p, { confirmRemoval: !!opts.confirmRemoval }),
    ),
  );
  common(
    imp
      .command('lists <file>')
      .description('导入低保、特困供养、残疾、突发困难（含新冠疫情）名单 .xlsx/.csv')
      .option('--kind <kind>', `名单类别：${LIST_KINDS.join(' | ')}；不填则按“名单类别”列`),
  ).action((file: string, opts: { db?: string; report?: string; kind?: string }) => {
    if (opts.kind && !LIST_KINDS.includes(opts.kind as ListKind))
      fail(`未知的名单类别 ${opts.kind}，可选：${LIST_KINDS.join(', ')}`);
    return run('导入名单', file, opts, (db, f, p) =>
      importList(db, SYSTEM_ACTOR, f, (opts.kind as ListKind) ?? null, p),
    );
  });
}

async function run(
  label: string,
  file: string,
  opts: { db?: string; report?: string },
  work: (
    db: Parameters<Parameters<typeof withDb>[1]>[0]['db'],
    f: { path: string; filename: string },
    p: (d: number, t: number, m?: string) => void,
  ) => Promise<ImportReport>,
): Promise<void> {
  if (opts.report) {
    // Checked before the import: a report that cannot be written after a committed import would
    // read as a failed one.
    if (path.extname(opts.report).toLowerCase() !== '.xlsx') fail(`--report 应为 .xlsx 文件：${opts.report}`);
    try {
      checkWritable(opts.report, '问题报告');
    } catch (e) {
      fail((e as Error).message);
    }
  }
  const bar = progressBar(label);
  const report = await withImportDb(opts.db, async ({ db }) => {
    const r = await work(db, { path: path.resolve(file), filename: path.basename(file) }, (d, t, m) =>
      bar.update(d, t, m),
    );
    // Only an import that wrote its rows shows its last step finished (a refused one stopped there).
    if (r.ok) bar.finish();
    // Nothing written: no warning tells of what writing would have done (import-report.ts).
    return unwrittenReport(r);
  }).finally(() => bar.stop());
  // (IDs masked on the console as in the report file and the web — verifier t28e.)
  printImportReport(maskReport(report));
  if (opts.report) {
    // Masked as the web's download is (verifier t28d N5: the CLI's showed whole IDs in its messages).
    await writeFile(opts.report, await reportToXlsx(maskReport(report)));
    process.stdout.write(`问题报告已写入 ${opts.report}\n`);
  }
  if (!report.ok) process.exitCode = 1;
}

/** Prints counts, then errors and warnings (the first 50 of each) with row and column. */
export function printImportReport(r: ImportReport): void {
  if (r.fileError) {
    // A confirmation's message is the importer's own, naming schools or counties and the flag to
    // give: shown whole (a shortened one would lose the flag).
    process.stderr.write(`导入失败：${r.confirm ? r.fileError : shortMessage(r.fileError)}\n`);
    return;
  }
  const show = (title: string, list: ImportReport['errors']) => {
    if (!list.length) return;
    process.stderr.write(`${title}（共 ${list.length} 处）：\n`);
    for (const m of list.slice(0, 50))
      process.stderr.write(
        `  第 ${m.row} 行${m.column ? `【${m.column}】` : ''}：${shortMessage(m.message)}\n`,
      );
    if (list.length > 50) process.stderr.write(`  ……其余 ${list.length - 50} 处见 --report 报告\n`);
  };
  for (const n of r.notices ?? []) process.stderr.write(`${n}\n`);
  show('错误', r.errors);
  show(r.ok ? '警告（已导入并标记）' : '警告（不阻止导入）', r.warnings);
  if (r.ok) {
    process.stdout.write(
      `导入完成：${Object.entries(r.counts)
        .map(([k, v]) => `${COUNT_LABELS[k] ?? k} ${v}`)
        .join('，')}\n`,
    );
  } else {
    process.stderr.write(`导入失败：发现 ${r.errors.length} 处错误，未写入任何数据\n`);
  }
}

const COUNT_LABELS: Record<string, string> = {
  rows: '行数',
  new: '新增',
  moved: '转学',
  left: '离校',
  returned: '返校',
  updated: '信息变更',
  unchanged: '未变',
  warnings: '警告',
  households: '户数',
  counties: '县数',
  households_added: '新增户',
  households_removed: '移出户',
  persons_added: '新增人员',
  persons_removed: '移出人员',
  persons_moved: '分户或人编号变更',
  persons_id_changed: '证件号码变更',
  person_nos_reused: '人编号换人',
  minimum_living: '低保',
  extreme_poverty: '特困供养',
  disability: '残疾',
  hardship: '突发困难',
};
