import { type Kysely, sql } from 'kysely';

/**
 * Foundation: regions, schools, settings, users, sessions, the hash-chained audit trail,
 * jobs. Frozen once landed: later changes go into new migrations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setting')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Division tree. `code` is the NBS code; scope filters match on code prefixes
  // (3504 ⊃ 350421 ⊃ 350421100 ⊃ 350421100201), so no recursive query is needed.
  await db.schema
    .createTable('region')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('city','county','township','village')`),
    )
    .addColumn('parent_code', 'text')
    .addColumn('county_code', 'text')
    .addColumn('edition', 'text', (c) => c.notNull()) // '2020' tree in use; '2023' codes kept for mapping
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('is_county_seat', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_urban_district', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('region_parent_idx').on('region').column('parent_code').execute();

  // Old code → new code after the 2021 merges; ID numbers keep the old codes for life.
  await db.schema
    .createTable('region_code_map')
    .addColumn('old_code', 'text', (c) => c.notNull())
    .addColumn('new_code', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('region_code_map_pk', ['old_code', 'new_code'])
    .execute();

  await db.schema
    .createTable('school')
    .addColumn('code', 'text', (c) => c.primaryKey()) // 学校标识码, 10 digits
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('township_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull()) // the most specific node (township or village)
    .addColumn('stages', sql`text[]`, (c) => c.notNull())
    .addColumn('ownership', 'text', (c) => c.notNull().check(sql`ownership in ('public','private')`))
    .addColumn('boarding', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('kind', 'text', (c) =>
      c.notNull().defaultTo('regular').check(sql`kind in ('regular','village_school','teaching_point')`),
    )
    .addColumn('urban_rural', 'text', (c) => c.notNull().check(sql`urban_rural in ('urban','town','rural')`))
    .addColumn('urban_rural_manual', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('school_region_idx').on('school').column('region_code').execute();
  await db.schema.createIndex('school_name_idx').on('school').columns(['county_code', 'name']).execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('school_code', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('password_changed_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Append-only, hash-chained. `seq` has no gaps: a deleted row breaks the run of numbers,
  // an edited row breaks its hash, an inserted row breaks the link to its predecessor.
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_entity_idx')
    .on('audit_log')
    .columns(['entity', 'entity_id'])
    .execute();
  // The newest seq and hash, so that cutting entries off the end is detected too.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`
    create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception '审计日志只能追加，不能修改或删除 (audit_log is append-only)';
    end $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);

  await db.schema
    .createTable('job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued','running','succeeded','failed','cancelled')`),
    )
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total', 'integer')
    .addColumn('message', 'text')
    .addColumn('params', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('result', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('heartbeat_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('job_status_idx').on('job').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'job',
    'audit_head',
    'audit_log',
    'session',
    'app_user',
    'school',
    'region_code_map',
    'region',
    'setting',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists audit_log_append_only`.execute(db);
}
