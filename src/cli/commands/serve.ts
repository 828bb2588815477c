import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.ts';
import { isDatabaseEmpty, seedDemo } from '../../modules/demo/demo.ts';
import { type DemoPeopleSummary, seedDemoPeople } from '../../modules/demo/demo-people.ts';
import { buildApp, DEFAULT_WEB_DIST } from '../../server/app.ts';
import { JobRunner } from '../../server/jobs.ts';
import { openForCli, withDb } from '../context.ts';

/**
 * Builds the web app when it is missing or older than its sources (scripts/ensure-web-build.mjs, as
 * `npm start` does), so `npx jiaofu serve` on a fresh checkout serves the pages and not only the API.
 * Without the build tools (a deployment of the built app alone) it says so and serves the API.
 */
function ensureWebBuild(): void {
  const script = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../scripts/ensure-web-build.mjs',
  );
  if (!fs.existsSync(script)) return;
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0 && !fs.existsSync(path.join(DEFAULT_WEB_DIST, 'index.html')))
    process.stderr.write('警告：网页未能构建，只提供接口（/api）。请运行 npm install 后再启动\n');
}

export const DEMO_PASSWORD = () => process.env.JIAOFU_DEMO_PASSWORD || 'jiaofu2020';

/** `jiaofu serve` (API + web app in one process) and `jiaofu migrate`. */
export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('启动服务 (start the web app and API)')
    .option('--db <target>', '数据库：目录或 postgres:// 地址（默认 ./data 或 DATABASE_URL）')
    .option('--port <port>', '端口（默认 PORT 或 3000）')
    .option('--host <host>', '监听地址（默认 HOST 或 0.0.0.0）')
    .option('--no-demo', '空数据库时不写入演示数据')
    .action(async (opts: { db?: string; port?: string; host?: string; demo: boolean }) => {
      const database = await openForCli(opts.db);
      const jobs = new JobRunner(database.db);
      const interrupted = await jobs.recover();
      if (interrupted) process.stdout.write(`已将 ${interrupted} 个因重启中断的任务标记为失败\n`);
      if (opts.demo && (await isDatabaseEmpty(database.db))) {
        process.stdout.write('数据库为空，正在写入三明市演示数据…\n');
        const summary = await seedDemo(database.db, { password: DEMO_PASSWORD() });
        const people = await seedDemoPeople(database.db, {
          onProgress: (m) => process.stdout.write(`  ${m}\n`),
        });
        if (people) printPeople(people);
        printAccounts(summary.users, DEMO_PASSWORD());
      }
      ensureWebBuild();
      const app = await buildApp({ database, jobs, logger: process.env.JIAOFU_LOG === '1' });
      const port = Number(opts.port ?? process.env.PORT ?? 3000);
      const host = opts.host ?? process.env.HOST ?? '0.0.0.0';
      await app.listen({ port, host });
      process.stdout.write(
        `\n教扶 jiaofu 已启动: http://localhost:${port}  (数据库: ${database.kind} ${database.location})\n`,
      );
      process.stdout.write(`接口文档 API docs: http://localhost:${port}/api/docs\n`);
      const stop = async () => {
        await app.close();
        await jobs.drain();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('migrate')
    .description('执行数据库迁移 (run database migrations)')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(async (opts: { db?: string }) => {
      const applied = await withDb(opts.db, async ({ db }) => migrateToLatest(db));
      process.stdout.write(applied.length ? `已执行迁移: ${applied.join(', ')}\n` : '数据库已是最新\n');
    });
}

/** Prints the demo accounts so a new user can log in at once. */
export function printAccounts(
  users: Array<{ username: string; roleLabel: string; scope: string }>,
  password: string,
): void {
  process.stdout.write(`\n演示账号 (demo accounts)，密码均为 ${password}:\n`);
  for (const u of users)
    process.stdout.write(`  ${u.username.padEnd(16)} ${u.roleLabel.padEnd(8)} ${u.scope}\n`);
}

/** One line on the demo roll and registry just compared. */
export function printPeople(p: DemoPeopleSummary): void {
  process.stdout.write(
    `演示学籍 ${p.students} 人、建档立卡 ${p.registry} 人已导入并比对：确认匹配 ${p.confirmed}，疑似匹配 ${p.review}，未入学适龄儿童 ${p.outOfSchool}\n` +
      `2020 年秋季学期应享资助已计算：${p.entitlementLines} 条，合计 ${(p.entitledFen / 100).toFixed(2)} 元\n`,
  );
}
