import { Command } from 'commander';

/**
 * `jiaofu` — the command line of the platform. Every command accepts --db.
 *
 * Command modules load lazily: `jiaofu match` on a million rows should not first compile the
 * web server, the database layer and every importer (seconds of start-up on a busy machine).
 * The first word picks the module; without one (or with --help) all are loaded for the help.
 */
type Register = (program: Command) => void;
const MODULES: Record<string, () => Promise<Register[]>> = {
  serve: async () => [(await import('./commands/serve.ts')).registerServeCommands],
  migrate: async () => [(await import('./commands/serve.ts')).registerServeCommands],
  demo: async () => [(await import('./commands/data.ts')).registerDataCommands],
  import: async () => [(await import('./commands/data.ts')).registerDataCommands],
  reference: async () => [(await import('./commands/data.ts')).registerDataCommands],
  match: async () => [(await import('./commands/match.ts')).registerMatchCommands],
  export: async () => {
    const [exp, aid] = await Promise.all([import('./commands/export.ts'), import('./commands/aid.ts')]);
    // `export out-of-school` (控辍保学) and `export coverage` (学生资助) share one parent command.
    const withCoverage: Register = (program) => {
      exp.registerExportCommands(program);
      const parent = program.commands.find((c) => c.name() === 'export');
      if (parent) aid.registerCoverageExport(parent);
    };
    return [withCoverage];
  },
  aid: async () => [(await import('./commands/aid.ts')).registerAidCommands],
  user: async () => [(await import('./commands/user.ts')).registerUserCommands],
  audit: async () => [(await import('./commands/audit.ts')).registerAuditCommands],
  backup: async () => [(await import('./commands/backup.ts')).registerBackupCommands],
  restore: async () => [(await import('./commands/backup.ts')).registerBackupCommands],
};

/** commander's own messages (a mistyped command or option, a missing argument), in Chinese. */
const COMMANDER_ZH: Array<[RegExp, string]> = [
  [/^error: unknown option '(.+?)'/, "错误：没有选项 '$1'"],
  [/^error: unknown command '(.+?)'/, "错误：没有命令 '$1'"],
  [/^error: missing required argument '(.+?)'/, "错误：缺少参数 '$1'"],
  [/^error: required option '(.+?)' not specified/, "错误：缺少必需的选项 '$1'"],
  [/^error: option '(.+?)' argument missing/, "错误：选项 '$1' 缺少取值"],
  [/^error: too many arguments.*/, '错误：参数过多'],
  [/\(Did you mean (.+?)\?\)/, '（是否想输入 $1？）'],
];

function commanderMessageZh(text: string): string {
  let out = text;
  for (const [re, zh] of COMMANDER_ZH) out = out.replace(re, zh);
  return out;
}

/**
 * `jiaofu --db DIR import …`: --db written before the command, as one would for a global option,
 * is moved after it (every command takes --db as its own option).
 */
function dbOptionLast(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  const at = args[0] === '--db' && args.length >= 2 ? 2 : args[0]?.startsWith('--db=') ? 1 : 0;
  if (at === 0 || args.length <= at) return [...argv];
  return [...argv.slice(0, 2), ...args.slice(at), ...args.slice(0, at)];
}

async function main(): Promise<void> {
  const program = new Command();
  program
    .name('jiaofu')
    .description('教扶 — 三明市教育脱贫攻坚管理平台 (jiaofu education poverty-alleviation platform)')
    .configureOutput({ outputError: (text, write) => write(commanderMessageZh(text)) })
    .showHelpAfterError();
  const argv = dbOptionLast(process.argv);
  const first = argv[2];
  const loaders = first && MODULES[first] ? [MODULES[first]] : [...new Set(Object.values(MODULES))];
  const seen = new Set<Register>();
  for (const load of loaders) {
    for (const register of await load()) {
      if (seen.has(register)) continue;
      seen.add(register);
      register(program);
    }
  }
  await program.parseAsync(argv);
}

main().catch((err: unknown) => {
  process.stderr.write(`错误: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
