import { type Kysely, sql } from 'kysely';

/**
 * 学生资助 (工作要点 1, 2, 4, 6): versioned policy configuration, 家庭经济困难学生认定 with its
 * 公示 and objections, entitlement runs, payment lists (发放名单) with lines locked in the
 * database once approved, and bank return files. Money is integer fen (分) everywhere: no float,
 * no rounding surprises, sums in bigint. Every per-person table carries county_code + region_code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One config per policy year, versioned: edits make a new version, the old one stays readable.
  await db.schema
    .createTable('policy_version')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','active','superseded')`))
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('activated_by', 'integer')
    .addColumn('activated_at', 'timestamptz')
    .addUniqueConstraint('policy_version_year_version_uq', ['year', 'version'])
    .execute();
  await sql`create unique index policy_version_active_uq on policy_version (year) where status = 'active'`.execute(
    db,
  );

  await db.schema
    .createTable('public_notice')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('school_year', 'integer', (c) => c.notNull())
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open','closed')`))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('public_notice_region_idx')
    .on('public_notice')
    .columns(['region_code', 'school_year'])
    .execute();

  // 家庭经济困难学生认定 (教财〔2018〕16号): one live recognition per student and school year.
  await db.schema
    .createTable('recognition')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('school_year', 'integer', (c) => c.notNull()) // 2020 = the 2020–2021 school year
    .addColumn('student_id', 'bigint', (c) => c.notNull().references('student.id'))
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('tier', 'text')
    .addColumn('priority_groups', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('prefilled_groups', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('reason', 'text', (c) => c.notNull()) // sensitive: never on the 公示 list
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('applied','school_reviewed','in_notice','confirmed','archived','rejected','revoked')`,
        ),
    )
    .addColumn('mid_year', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('mid_year_reason', 'text')
    .addColumn('class_review', 'text')
    .addColumn('school_review', 'text')
    .addColumn('reviewed_by', 'integer')
    .addColumn('notice_id', 'bigint', (c) => c.references('public_notice.id'))
    .addColumn('confirmed_by', 'integer')
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('archived_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .addColumn('semester_reviews', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index recognition_live_uq on recognition (county_code, school_year, student_id)
    where status not in ('rejected','revoked')`.execute(db);
  await db.schema
    .createIndex('recognition_region_idx')
    .on('recognition')
    .columns(['region_code', 'school_year'])
    .execute();
  await db.schema
    .createIndex('recognition_student_idx')
    .on('recognition')
    .columns(['student_id', 'school_year'])
    .execute();
  await db.schema.createIndex('recognition_person_idx').on('recognition').column('person_id').execute();

  await db.schema
    .createTable('recognition_attachment')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recognition_id', 'bigint', (c) => c.notNull().references('recognition.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('recognition_attachment_rec_idx')
    .on('recognition_attachment')
    .column('recognition_id')
    .execute();

  await db.schema
    .createTable('objection')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('notice_id', 'bigint', (c) => c.notNull().references('public_notice.id'))
    .addColumn('recognition_id', 'bigint', (c) => c.references('recognition.id'))
    .addColumn('received_on', 'date', (c) => c.notNull())
    .addColumn('raised_by', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open','upheld','dismissed')`),
    )
    .addColumn('resolution', 'text')
    .addColumn('resolved_by', 'integer')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('objection_notice_idx').on('objection').column('notice_id').execute();

  await db.schema
    .createTable('entitlement_run')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('policy_version_id', 'integer', (c) => c.notNull().references('policy_version.id'))
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('stats', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('diff', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('duration_ms', 'integer')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The current entitlements of a term: the latest run's lines (older runs' lines are replaced,
  // their differences kept in entitlement_change).
  await db.schema
    .createTable('entitlement')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('entitlement_run.id'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('student_id', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'bigint')
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('policy_version_id', 'integer', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('entitlement_term_student_idx')
    .on('entitlement')
    .columns(['term', 'student_id', 'programme'])
    .execute();
  await db.schema
    .createIndex('entitlement_term_region_idx')
    .on('entitlement')
    .columns(['term', 'region_code'])
    .execute();
  await db.schema.createIndex('entitlement_person_idx').on('entitlement').column('person_id').execute();

  await db.schema
    .createTable('entitlement_change')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('entitlement_run.id'))
    .addColumn('student_id', 'bigint', (c) => c.notNull())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('added','removed','changed')`))
    .addColumn('old_fen', 'integer')
    .addColumn('new_fen', 'integer')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('entitlement_change_run_idx')
    .on('entitlement_change')
    .columns(['run_id', 'region_code'])
    .execute();

  await db.schema
    .createTable('payment_list')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`status in ('draft','submitted','approved','paid')`),
    )
    .addColumn('policy_version_id', 'integer')
    .addColumn('note', 'text')
    .addColumn('returned_reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('submitted_by', 'integer')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('approved_by', 'integer')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('payment_list_region_idx')
    .on('payment_list')
    .columns(['region_code', 'term'])
    .execute();

  await db.schema
    .createTable('bank_return')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('list_id', 'bigint', (c) => c.notNull().references('payment_list.id'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('paid', 'integer', (c) => c.notNull())
    .addColumn('failed', 'integer', (c) => c.notNull())
    .addColumn('imported_by', 'integer')
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payment_line')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('list_id', 'bigint', (c) => c.notNull().references('payment_list.id'))
    .addColumn('student_id', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'bigint')
    .addColumn('student_no', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('entitled_fen', 'integer')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','paid','failed','requeued')`),
    )
    .addColumn('paid_at', 'date')
    .addColumn('bank_status', 'text')
    .addColumn('bank_message', 'text')
    .addColumn('bank_return_id', 'bigint', (c) => c.references('bank_return.id'))
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('payment_line_list_idx').on('payment_line').column('list_id').execute();
  await db.schema
    .createIndex('payment_line_dup_idx')
    .on('payment_line')
    .columns(['term', 'programme', 'person_id'])
    .execute();
  await db.schema
    .createIndex('payment_line_student_idx')
    .on('payment_line')
    .columns(['term', 'student_id'])
    .execute();

  // 工作要点 6: "disbursement lists locked after approval" — enforced by the database itself, so
  // neither a bug nor a direct SQL session can change an approved line. Only the bank result may
  // still be recorded: status pending → paid/failed, failed → requeued, and the bank fields.
  await sql`
    create or replace function payment_line_guard() returns trigger language plpgsql as $$
    declare st text;
    begin
      if tg_op = 'INSERT' then
        select status into st from payment_list where id = new.list_id;
        if st in ('approved', 'paid') then
          raise exception '发放名单已审批锁定，不能增加人员 (payment list % is locked)', new.list_id;
        end if;
        return new;
      end if;
      select status into st from payment_list where id = old.list_id;
      if not (old.locked or st in ('approved', 'paid')) then
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end if;
      if tg_op = 'DELETE' then
        raise exception '发放名单已审批锁定，不能删除名单人员 (payment line % is locked)', old.id;
      end if;
      if (new.id, new.list_id, new.student_id, new.person_id, new.student_no, new.name, new.id_number,
          new.programme, new.term, new.amount_fen, new.entitled_fen, new.locked, new.school_code,
          new.county_code, new.region_code, new.created_at)
         is distinct from
         (old.id, old.list_id, old.student_id, old.person_id, old.student_no, old.name, old.id_number,
          old.programme, old.term, old.amount_fen, old.entitled_fen, old.locked, old.school_code,
          old.county_code, old.region_code, old.created_at) then
        raise exception '发放名单已审批锁定，只能登记银行发放结果，不能修改名单内容 (payment line % is locked)', old.id;
      end if;
      if new.status is distinct from old.status and not (
           (old.status = 'pending' and new.status in ('paid', 'failed'))
        or (old.status = 'failed' and new.status = 'requeued')) then
        raise exception '发放状态不能从 % 改为 % (payment line % is locked)', old.status, new.status, old.id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger payment_line_lock before insert or update or delete on payment_line
    for each row execute function payment_line_guard()`.execute(db);

  await sql`
    create or replace function payment_list_guard() returns trigger language plpgsql as $$
    begin
      if old.status not in ('approved', 'paid') then
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end if;
      if tg_op = 'DELETE' then
        raise exception '发放名单已审批锁定，不能删除 (payment list % is locked)', old.id;
      end if;
      if (new.id, new.programme, new.term, new.school_code, new.policy_version_id, new.created_by,
          new.submitted_by, new.approved_by, new.approved_at, new.county_code, new.region_code)
         is distinct from
         (old.id, old.programme, old.term, old.school_code, old.policy_version_id, old.created_by,
          old.submitted_by, old.approved_by, old.approved_at, old.county_code, old.region_code)
         or (new.status is distinct from old.status and not (old.status = 'approved' and new.status = 'paid')) then
        raise exception '发放名单已审批锁定，不能修改 (payment list % is locked)', old.id;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger payment_list_lock before update or delete on payment_list
    for each row execute function payment_list_guard()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'payment_line',
    'bank_return',
    'payment_list',
    'entitlement_change',
    'entitlement',
    'entitlement_run',
    'objection',
    'recognition_attachment',
    'recognition',
    'public_notice',
    'policy_version',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists payment_line_guard`.execute(db);
  await sql`drop function if exists payment_list_guard`.execute(db);
}
