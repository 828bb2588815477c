import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { appendAudit, verifyAudit } from '../src/server/audit.ts';
import type { App } from '../src/server/http.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');

async function seedEntries(database: Database, n: number) {
  for (let i = 1; i <= n; i++) {
    await appendAudit(database.db, SYSTEM_ACTOR, {
      action: 'update',
      entity: 'school',
      entityId: `s${i}`,
      scopeCode: '350421',
      before: { name: `旧名${i}`, stages: ['primary'], at: new Date('2020-03-19T08:00:00Z') },
      after: { name: `新名${i}`, amount: 1250.5, nested: { b: 1, a: [1, 2] } },
    });
  }
}

/** Lets a test play the attacker with direct SQL access: the append-only trigger is switched off. */
async function asAttacker(database: Database, work: () => Promise<unknown>) {
  await sql`alter table audit_log disable trigger audit_log_no_change`.execute(database.db);
  try {
    await work();
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_change`.execute(database.db);
  }
}

describe(`audit chain (${testDbKind})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDb();
  });
  afterAll(() => database.close());

  it('verifies an intact chain, including concurrent writers', async () => {
    await seedEntries(database, 5);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(database.db, SYSTEM_ACTOR, { action: 'create', entity: 'x', entityId: i, after: { i } }),
      ),
    );
    const r = await verifyAudit(database.db);
    expect(r).toEqual({ ok: true, entries: 25, problems: [] });
  });

  it('refuses UPDATE and DELETE through the trigger', async () => {
    await expect(
      sql`update audit_log set actor_name = 'x' where seq = 1`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('detects an edited entry even when the trigger is bypassed', async () => {
    await asAttacker(database, () =>
      sql`update audit_log set after = '{"name":"篡改"}'::jsonb where seq = 3`.execute(database.db),
    );
    const r = await verifyAudit(database.db);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ seq: 3 });
    expect(r.problems[0]!.reason).toContain('被修改');
  });
});

describe(`audit tampering kinds (${testDbKind})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDb();
    await seedEntries(database, 6);
  });
  afterAll(() => database.close());

  it('detects a deleted entry in the middle', async () => {
    await asAttacker(database, () => sql`delete from audit_log where seq = 4`.execute(database.db));
    const r = await verifyAudit(database.db);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.reason).join()).toContain('第 4–4 条审计记录缺失');
  });

  it('detects a forged entry inserted out of chain', async () => {
    await asAttacker(database, () =>
      sql`insert into audit_log (seq, at, actor_name, action, entity, scope_code, prev_hash, hash)
        values (4, now(), 'mallory', 'delete', 'school', '3504', 'forged', 'forged')`.execute(database.db),
    );
    const r = await verifyAudit(database.db);
    expect(r.problems.some((p) => p.seq === 4 && p.reason.includes('链接不符'))).toBe(true);
  });

  it('detects entries cut off the end', async () => {
    await asAttacker(database, () => sql`delete from audit_log where seq = 6`.execute(database.db));
    const r = await verifyAudit(database.db);
    expect(r.problems.some((p) => p.reason.includes('末尾'))).toBe(true);
  });
});

describe(`audit API (${testDbKind})`, () => {
  let database: Database;
  let app: App;
  beforeAll(async () => {
    database = await createTestDb();
    await seedMiniRegions(database);
    await addUser(database, 'auditor', 'auditor', { scopeCode: '3504' });
    await addUser(database, 'mingxi', 'county_admin', { scopeCode: '350421' });
    app = await testApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('lets the auditor read and verify the log, and nobody else', async () => {
    const auditor = await login(app, 'auditor');
    const list = await app.inject({
      method: 'GET',
      url: '/api/audit?entity=app_user',
      headers: { cookie: auditor },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.some((e: { action: string }) => e.action === 'create')).toBe(true);
    const verify = await app.inject({
      method: 'POST',
      url: '/api/audit/verify',
      headers: { cookie: auditor },
    });
    expect(verify.json().ok).toBe(true);
    const county = await login(app, 'mingxi');
    const denied = await app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: county } });
    expect(denied.statusCode).toBe(403);
  });

  it('shows the auditor personal numbers masked, and keeps them whole in the chain', async () => {
    await appendAudit(database.db, SYSTEM_ACTOR, {
      action: 'create',
      entity: 'student',
      entityId: 'G350421200301272393',
      scopeCode: '350421',
      after: {
        studentNo: 'G350421200301272393',
        fields: { id_number_raw: '350421200301272393', guardian_id_number: '350421197303314177' },
        note: '家长电话13812345678',
      },
    });
    const auditor = await login(app, 'auditor');
    const res = await app.inject({
      method: 'GET',
      url: '/api/audit?entity=student&entityId=G350421200301272393',
      headers: { cookie: auditor },
    });
    expect(res.statusCode).toBe(200);
    const [entry] = res.json().items;
    expect(entry.entity_id).toBe('G350421***********3');
    expect(entry.after).toEqual({
      studentNo: 'G350421***********3',
      fields: { id_number_raw: '350421***********3', guardian_id_number: '350421***********7' },
      note: '家长电话138****5678',
    });
    // Not even inside the 学籍号 (G + ID); a search by the full 学籍号 finds the entry all the same.
    expect(res.body).not.toContain('350421200301272393');
    expect(res.body).not.toContain('13812345678');
    const stored = await database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity_id', '=', 'G350421200301272393')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.after)).toContain('350421200301272393');
    expect((await verifyAudit(database.db)).ok).toBe(true);
    // The 学籍号 as the list shows it finds the entry too (tester v25b F9); another masked one not.
    const byMasked = (id: string) =>
      app.inject({
        method: 'GET',
        url: `/api/audit?entity=student&entityId=${encodeURIComponent(id)}`,
        headers: { cookie: auditor },
      });
    expect((await byMasked('G350421***********3')).json().items).toHaveLength(1);
    expect((await byMasked('G350421***********4')).json().items).toHaveLength(0);
    expect((await byMasked('G35042%')).json().items).toHaveLength(0);
  });

  it('records logins and user creation with before/after', async () => {
    const rows = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'app_user')
      .execute();
    expect(rows.some((r) => r.action === 'login' && r.actor_name === 'auditor')).toBe(true);
    const created = rows.find(
      (r) => r.action === 'create' && (r.after as { username: string }).username === 'mingxi',
    );
    expect(created?.scope_code).toBe('350421');
  });
});

describe('jiaofu audit verify (CLI on an embedded folder)', () => {
  // Two child processes each start tsx and PGlite: slow on a busy two-core machine.
  it('exits 0 on an intact chain and 1 naming the entry after one SQL edit', {
    timeout: 240_000,
  }, async () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-audit-')), 'data');
    const database = await openDatabase(folder);
    await migrateToLatest(database.db);
    await seedEntries(database, 4);
    await database.close();
    const ok = await run('node', [path.join(repo, 'bin/jiaofu.mjs'), 'audit', 'verify', '--db', folder], {
      cwd: repo,
    });
    expect(ok.stdout).toContain('审计链完整：共 4 条记录');
    // --db written before the command, as for a global option, works too.
    const before = await run('node', [path.join(repo, 'bin/jiaofu.mjs'), '--db', folder, 'audit', 'verify'], {
      cwd: repo,
    });
    expect(before.stdout).toContain('审计链完整：共 4 条记录');

    const again = await openDatabase(folder);
    await sql`alter table audit_log disable trigger audit_log_no_change`.execute(again.db);
    await sql`update audit_log set actor_name = 'mallory' where seq = 2`.execute(again.db);
    await again.close();
    const bad = await run('node', [path.join(repo, 'bin/jiaofu.mjs'), 'audit', 'verify', '--db', folder], {
      cwd: repo,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toContain('第 2 条');
  });
});
