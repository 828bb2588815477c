import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { asOfProblem, schoolYearStart } from '../../domain/matching/index.ts';
import type { ComparisonStats } from '../../modules/comparison/comparison.service.ts';
import { runFileMatch } from '../../modules/matching/run-file-match.ts';
import { MatchInputError } from '../../modules/matching/table-reader.ts';
import { todayInChina } from '../../server/today.ts';

/**
 * `jiaofu match --students <file> --registry <file> --out <file>` compares two files without a
 * database; `jiaofu match --apply` runs the in-app comparison (the 开始比对 button) on the database,
 * as a recorded job. The database layer is loaded only for --apply.
 */

/**
 * A progress bar on stderr that follows the phases of the comparison. No database is opened, so
 * this does not use the shared helper in context.ts (which loads the database layer).
 */
function phaseBar() {
  const tty = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} |{bar}| {percentage}%',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  let lastPct = -1;
  return {
    update(phase: string, done: number, total: number) {
      const t = Math.max(total, 1);
      if (tty) {
        if (phase !== current) {
          if (current !== '') bar.stop();
          bar.start(t, 0, { phase });
          current = phase;
        }
        bar.setTotal(t);
        bar.update(Math.min(done, t), { phase });
        return;
      }
      const pct = Math.floor((done / t) * 4) * 25;
      if (phase !== current || pct !== lastPct) {
        current = phase;
        lastPct = pct;
        process.stderr.write(`${phase} ${pct}%\n`);
      }
    },
    stop() {
      if (tty && current !== '') bar.stop();
    },
  };
}

interface MatchCliOptions {
  students?: string;
  registry?: string;
  out?: string;
  unenrolled?: string;
  asOf?: string;
  threads?: string;
  apply?: boolean;
  scope?: string;
  db?: string;
}

/** Told on stderr, with exit code 2, when a file's lines were swallowed by a quote left open. */
export const INCOMPLETE_MESSAGE =
  '比对结果不完整：输入文件中有行因引号未闭合没有被读取（见上方“注意”），改正后请重新比对（退出码 2）';

/** Prints a Chinese error and sets a failing exit code. */
function refuse(message: string): void {
  process.stderr.write(`错误: ${message}\n`);
  process.exitCode = 1;
}

/**
 * `--apply`: the enrolled students of `scope` against the latest 建档立卡 registry in the database,
 * through the same job the web page starts (results, review queue, out-of-school list, audit).
 */
async function applyInDatabase(opts: MatchCliOptions, asOf: string): Promise<void> {
  const scope = opts.scope ?? '3504';
  if (!/^3504\d{0,8}$/.test(scope)) {
    refuse(`--scope 应为三明市内的行政区划代码（3504 开头），收到 ${scope}`);
    return;
  }
  const [{ progressBar, withDb }, { JobRunner }, { registerComparisonJobs }, { SYSTEM_ACTOR }] =
    await Promise.all([
      import('../context.ts'),
      import('../../server/jobs.ts'),
      import('../../modules/comparison/comparison.jobs.ts'),
      import('../../server/scope.ts'),
    ]);
  const bar = progressBar('信息比对');
  const job = await withDb(opts.db, async ({ db }) => {
    const jobs = new JobRunner(db, { onProgress: (_id, done, total, msg) => bar.update(done, total, msg) });
    registerComparisonJobs(jobs);
    const id = await jobs.start('comparison', { asOf }, { ...SYSTEM_ACTOR, scopeCode: scope });
    const done = await jobs.wait(id);
    if (done.status === 'succeeded') bar.finish();
    return done;
  }).finally(() => bar.stop());
  if (job.status !== 'succeeded') {
    refuse(`比对未完成：${job.error ?? job.status}`);
    return;
  }
  const { stats: s } = job.result as { runId: number; stats: ComparisonStats };
  process.stdout.write(
    [
      `比对完成（区域 ${scope}，年龄按 ${asOf} 计算，任务 ${job.id}）：在读学生 ${s.students} 人，建档立卡 ${s.registry} 人`,
      `  确认匹配 ${s.confirmed}（其中沿用人工核实结果 ${s.remembered}），疑似匹配 ${s.review}（需人工核实），未匹配 ${s.unmatched}`,
      `  义务教育适龄未入学 ${s.outOfSchool} 人，身份证号问题 ${s.idProblems} 处，疑似错认 ${s.suspect} 人`,
      '  结果可在“信息比对”页面查看、核实和导出',
      '',
    ].join('\n'),
  );
}

/** `jiaofu match`: compares a student roll with the 建档立卡 registry, file to file, without a database. */
export function registerMatchCommands(program: Command): void {
  program
    .command('match')
    .description(
      '学生名册与建档立卡名单比对（信息识别比对）：文件对文件，无需数据库；或 --apply 在数据库中按管辖区域比对',
    )
    .option('--students <file>', '学生名册 (.csv 或 .xlsx)')
    .option('--registry <file>', '建档立卡名单 (.csv 或 .xlsx)')
    .option('--out <file>', '比对结果 (.csv 或 .xlsx)')
    .option('--unenrolled <file>', '未匹配到学生的义务教育适龄(6–15岁)建档立卡人员名单')
    .option('--as-of <date>', '年龄计算日期 YYYY-MM-DD（默认：本学年9月1日）')
    .option('--threads <n>', '线程数（默认 2）')
    .option(
      '--apply',
      '在数据库中比对（同“信息比对”页面的“开始比对”）：在读学生与最新建档立卡名单，保存结果与待核实清单',
    )
    .option('--scope <code>', '与 --apply 同用：只比对该区域的学生（默认全市 3504）')
    .option('--db <target>', '与 --apply 同用：数据库目录或 postgres:// 地址')
    .addHelpText(
      'after',
      '\n退出码：0 比对完成；1 出错，未写出结果；2 已写出结果，但输入文件中有行因引号未闭合没有被读取，结果不完整',
    )
    .action(async (opts: MatchCliOptions) => {
      const asOf = opts.asOf ?? schoolYearStart(todayInChina());
      const wrong = asOfProblem(asOf, todayInChina());
      if (wrong !== null) {
        refuse(wrong);
        return;
      }
      if (opts.threads !== undefined && !/^[1-9]\d{0,2}$/.test(opts.threads)) {
        refuse(`--threads 应为正整数（1 或 2）：${opts.threads}`);
        return;
      }
      const fileOptions = (['students', 'registry', 'out', 'unenrolled', 'threads'] as const).filter(
        (k) => opts[k] !== undefined,
      );
      if (opts.apply) {
        if (fileOptions.length > 0) {
          refuse(
            `--apply 比对数据库中的学籍与建档立卡名单，不能与 ${fileOptions.map((k) => `--${k}`).join('、')} 同用`,
          );
          return;
        }
        await applyInDatabase(opts, asOf);
        return;
      }
      if (opts.scope !== undefined || opts.db !== undefined) {
        refuse('--scope 和 --db 只用于 --apply（在数据库中比对）');
        return;
      }
      const missing = (['students', 'registry', 'out'] as const).filter((k) => opts[k] === undefined);
      if (missing.length > 0) {
        refuse(
          `缺少 ${missing.map((k) => `--${k}`).join('、')}：文件比对需要 --students、--registry 和 --out；在数据库中比对请用 --apply`,
        );
        return;
      }
      const bar = phaseBar();
      try {
        const s = await runFileMatch({
          students: opts.students!,
          registry: opts.registry!,
          out: opts.out!,
          unenrolled: opts.unenrolled,
          asOf,
          threads: opts.threads === undefined ? undefined : Number(opts.threads),
          onProgress: (phase, done, total) => bar.update(phase, done, total),
        });
        bar.stop();
        const lines = [
          `比对完成：学生 ${s.students} 人，建档立卡 ${s.registryPersons} 人（年龄按 ${asOf} 计算）`,
          `  确认匹配 ${s.confirmed}，疑似匹配 ${s.review}（需人工确认），未匹配 ${s.unmatched}`,
          `  结果已写入 ${opts.out}（${s.outputRows} 行）`,
        ];
        if (opts.unenrolled)
          lines.push(
            `  未入学适龄人员 ${s.unenrolled} 人${unenrolledNotes(s.unknownAge, s.unenrolledInReview, s.unenrolledReviewRows)}，已写入 ${opts.unenrolled}`,
          );
        if (s.issuesFile) lines.push(`  发现 ${s.issues} 处数据问题（行号、列、原因），见 ${s.issuesFile}`);
        for (const n of s.notices) lines.push(`  ${n}`);
        const tip = excelCsvTip([opts.out!, opts.unenrolled]);
        if (tip) lines.push(`  ${tip}`);
        process.stdout.write(`${lines.join('\n')}\n`);
        if (s.incomplete) {
          // Written, but without the lines a stray quote swallowed: a script must not take it as done.
          process.stderr.write(`${INCOMPLETE_MESSAGE}\n`);
          process.exitCode = 2;
        }
      } catch (e) {
        bar.stop();
        if (e instanceof MatchInputError) {
          process.stderr.write(`错误: ${e.message}\n`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
    });
}

/** What the out-of-school count leaves to check: persons of unknown age, persons a 疑似 row may be. */
export function unenrolledNotes(
  unknownAge: number,
  inReview: number,
  reviewRows: { from: number; to: number } | null = null,
): string {
  const notes: string[] = [];
  if (unknownAge > 0)
    notes.push(
      `${unknownAge} 人证件号码缺失、无效或不是本人的（见问题清单），出生日期不详或只有无效证件号中的日期，无法确定是否适龄，列在名单末尾，请核实`,
    );
  // The file's columns are fixed (DESIGN.md): the candidates come last among those of compulsory age,
  // and their rows are said here (tester v24a F2).
  const rows = reviewRows
    ? reviewRows.from === reviewRows.to
      ? `，列在名单第 ${reviewRows.from} 行`
      : `，适龄的列在名单第 ${reviewRows.from}–${reviewRows.to} 行`
    : '';
  if (inReview > 0) notes.push(`${inReview} 人是疑似匹配的候选人${rows}，核实疑似匹配后可能已在读`);
  return notes.length === 0 ? '' : `（其中 ${notes.join('；')}）`;
}

/**
 * Excel opens a CSV's 18-digit numbers as numbers: 3.50421E+17 on screen, and …000 once saved — the
 * very damage the importers repair. Said when an output with ID columns is CSV.
 */
export function excelCsvTip(outputs: Array<string | undefined>): string | null {
  if (!outputs.some((f) => f && path.extname(f).toLowerCase() === '.csv')) return null;
  return `提示：用 Excel 直接打开 CSV 时，身份证件号等长数字会显示为科学计数法，保存后末三位变成 000；要在 Excel 中查看或修改，请把输出文件名改为 .xlsx（如 --out 结果.xlsx）`;
}
