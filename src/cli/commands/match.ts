import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { runFileMatch } from '../../modules/matching/run-file-match.ts';
import { MatchInputError } from '../../modules/matching/table-reader.ts';

/**
 * Default as-of date: 1 September of the current school year (a school year starts in September,
 * so before September it is the previous year's).
 */
export function defaultAsOf(today: Date): string {
  const y = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
  return `${y}-09-01`;
}

const AS_OF_RE = /^\d{4}-\d{2}-\d{2}$/;

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
  students: string;
  registry: string;
  out: string;
  unenrolled?: string;
  asOf?: string;
  threads?: string;
}

/** `jiaofu match`: compares a student roll with the 建档立卡 registry, file to file, without a database. */
export function registerMatchCommands(program: Command): void {
  program
    .command('match')
    .description('学生名册与建档立卡名单比对（信息识别比对），无需数据库')
    .requiredOption('--students <file>', '学生名册 (.csv 或 .xlsx)')
    .requiredOption('--registry <file>', '建档立卡名单 (.csv 或 .xlsx)')
    .requiredOption('--out <file>', '比对结果 (.csv 或 .xlsx)')
    .option('--unenrolled <file>', '未匹配到学生的义务教育适龄(6–15岁)建档立卡人员名单')
    .option('--as-of <date>', '年龄计算日期 YYYY-MM-DD（默认：本学年9月1日）')
    .option('--threads <n>', '线程数（默认 2）')
    .action(async (opts: MatchCliOptions) => {
      const asOf = opts.asOf ?? defaultAsOf(new Date());
      if (!AS_OF_RE.test(asOf) || Number.isNaN(Date.parse(asOf))) {
        process.stderr.write(`错误: --as-of 日期格式应为 YYYY-MM-DD：${asOf}\n`);
        process.exitCode = 1;
        return;
      }
      const bar = phaseBar();
      try {
        const s = await runFileMatch({
          students: opts.students,
          registry: opts.registry,
          out: opts.out,
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
        if (opts.unenrolled) lines.push(`  未入学适龄人员 ${s.unenrolled} 人，已写入 ${opts.unenrolled}`);
        if (s.issuesFile) lines.push(`  发现 ${s.issues} 处数据问题（行号、列、原因），见 ${s.issuesFile}`);
        process.stdout.write(`${lines.join('\n')}\n`);
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
