import path from 'node:path';
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../../db/backup.ts';
import { withDb } from '../context.ts';

/** `jiaofu backup <file>` and `jiaofu restore <file>`. */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('备份整个数据库到文件 (back up the database to a .jsonl.gz file)')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (file: string, opts: { db?: string }) => {
      const r = await withDb(opts.db, ({ db }) => backupDatabase(db, path.resolve(file)));
      process.stdout.write(`备份完成：${r.tables} 张表，${r.rows} 行 → ${file}\n`);
    });
  program
    .command('restore <file>')
    .description('从备份文件恢复到空数据库 (restore a backup into an empty database)')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (file: string, opts: { db?: string }) => {
      const r = await withDb(opts.db, ({ db }) => restoreDatabase(db, path.resolve(file)));
      process.stdout.write(`恢复完成：${r.tables} 张表，${r.rows} 行\n`);
    });
}
