import type { Command } from 'commander';
import { verifyAudit } from '../../server/audit.ts';
import { progressBar, withDb } from '../context.ts';

/** `jiaofu audit verify`: walks the hash chain; exits 1 naming each broken entry. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计日志 (audit trail)');
  audit
    .command('verify')
    .description('校验审计日志哈希链 (verify the audit hash chain)')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (opts: { db?: string }) => {
      const result = await withDb(opts.db, async ({ db }) => {
        const bar = progressBar('校验审计链');
        const r = await verifyAudit(db, (done, total) => bar.update(done, total));
        bar.finish();
        bar.stop();
        return r;
      });
      if (result.ok) {
        process.stdout.write(`审计链完整：共 ${result.entries} 条记录，未发现篡改。\n`);
        return;
      }
      process.stderr.write(
        `审计链已被破坏：共 ${result.entries} 条记录，发现 ${result.problems.length} 处问题：\n`,
      );
      for (const p of result.problems) process.stderr.write(`  - 第 ${p.seq} 条: ${p.reason}\n`);
      process.exitCode = 1;
    });
}
