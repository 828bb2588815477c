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

async function main(): Promise<void> {
  const program = new Command();
  program
    .name('jiaofu')
    .description('教扶 — 三明市教育脱贫攻坚管理平台 (jiaofu education poverty-alleviation platform)')
    .showHelpAfterError();
  const first = process.argv[2];
  const loaders = first && MODULES[first] ? [MODULES[first]] : [...new Set(Object.values(MODULES))];
  const seen = new Set<Register>();
  for (const load of loaders) {
    for (const register of await load()) {
      if (seen.has(register)) continue;
      seen.add(register);
      register(program);
    }
  }
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  process.stderr.write(`错误: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
