import { Command } from 'commander';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerDataCommands } from './commands/data.ts';
import { registerMatchCommands } from './commands/match.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerUserCommands } from './commands/user.ts';

/** `jiaofu` — the command line of the platform. Every command accepts --db. */
const program = new Command();
program
  .name('jiaofu')
  .description('教扶 — 三明市教育脱贫攻坚管理平台 (jiaofu education poverty-alleviation platform)')
  .showHelpAfterError();

registerServeCommands(program);
registerDataCommands(program);
registerMatchCommands(program);
registerUserCommands(program);
registerAuditCommands(program);
registerBackupCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`错误: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
