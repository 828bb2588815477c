import type { Command } from 'commander';
import { createUser } from '../../modules/users/users.service.ts';
import { isRole, ROLE_LABELS, ROLES } from '../../server/roles.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import { fail, withDb } from '../context.ts';

/** `jiaofu user add`: creates an account (run by the operator, audited as 系统). */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('用户管理 (user accounts)');
  user
    .command('add')
    .description('新增用户 (add a user)')
    .requiredOption('--username <name>', '用户名')
    .requiredOption('--role <role>', `角色: ${ROLES.map((r) => `${r}(${ROLE_LABELS[r].zh})`).join(', ')}`)
    .option('--name <displayName>', '姓名/显示名')
    .option('--scope <code>', '管辖区域代码，如 3504 或 350421')
    .option('--school <code>', '学校标识码（学校角色）')
    .option('--password <password>', '初始密码（也可用环境变量 JIAOFU_PASSWORD）')
    .option('--db <target>', '数据库：目录或 postgres:// 地址')
    .action(
      async (opts: {
        username: string;
        role: string;
        name?: string;
        scope?: string;
        school?: string;
        password?: string;
        db?: string;
      }) => {
        if (!isRole(opts.role)) fail(`未知角色 ${opts.role}，可选: ${ROLES.join(', ')}`);
        const password = opts.password ?? process.env.JIAOFU_PASSWORD;
        if (!password) fail('请用 --password 或环境变量 JIAOFU_PASSWORD 提供初始密码');
        const created = await withDb(opts.db, ({ db }) =>
          db.transaction().execute((trx) =>
            createUser(trx, SYSTEM_ACTOR, {
              username: opts.username,
              displayName: opts.name ?? opts.username,
              role: opts.role as (typeof ROLES)[number],
              scopeCode: opts.scope,
              schoolCode: opts.school ?? null,
              password: password!,
            }),
          ),
        );
        process.stdout.write(
          `已创建用户 ${created.username}（${ROLE_LABELS[opts.role as (typeof ROLES)[number]].zh}，范围 ${created.scope_code}）\n`,
        );
      },
    );
}
