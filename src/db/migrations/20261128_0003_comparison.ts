import { type Kysely, sql } from 'kysely';

/**
 * 信息识别比对 and 一生一档: the student roll, the poverty registry and the other assistance
 * lists as imported, the person file that links them, and the comparison's runs, results and
 * remembered review decisions. Every per-person table carries `county_code` (Citus later).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_batch')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // students | registry | list:<kind>
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // 一生一档: one row per person, keyed by the citizen ID, falling back to the 学籍号.
  await db.schema
    .createTable('person')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('id_number', 'text') // normalised, trusted 18-char ID
    .addColumn('fallback_key', 'text') // 'student:<学籍号>' or 'registry:<人编号>' when no trusted ID
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index person_id_number_uq on person (id_number) where id_number is not null`.execute(
    db,
  );
  await sql`create unique index person_fallback_uq on person (fallback_key) where fallback_key is not null`.execute(
    db,
  );
  await db.schema.createIndex('person_name_idx').on('person').columns(['name', 'birth_date']).execute();

  // 学籍: one row per enrolment (学籍号), updated by newer rolls; history in student_change.
  await db.schema
    .createTable('student')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('student_no', 'text', (c) => c.notNull().unique())
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('id_number_raw', 'text')
    .addColumn('id_number', 'text') // normalised when trusted, else null
    .addColumn('id_problem', 'text') // Chinese description of an ID problem, if any
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('class_name', 'text')
    .addColumn('hukou', 'text')
    .addColumn('guardian_name', 'text')
    .addColumn('guardian_id_number', 'text')
    .addColumn('boarding', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('left_behind', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('school_marked_poor', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('enrolled').check(sql`status in ('enrolled','left')`),
    )
    .addColumn('left_at', 'date')
    .addColumn('batch_id', 'integer', (c) => c.references('import_batch.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('student_region_idx')
    .on('student')
    .columns(['region_code', 'school_code'])
    .execute();
  await db.schema.createIndex('student_person_idx').on('student').column('person_id').execute();
  await db.schema.createIndex('student_id_number_idx').on('student').column('id_number').execute();
  await db.schema.createIndex('student_name_idx').on('student').column('name').execute();

  await db.schema
    .createTable('student_change')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('student_no', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('new','moved','left','updated','returned')`),
    )
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('student_change_no_idx').on('student_change').column('student_no').execute();

  // 建档立卡 registry as exported by the poverty office; each import replaces the scope's rows.
  await db.schema
    .createTable('registry_person')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id'))
    .addColumn('person_no', 'text', (c) => c.notNull())
    .addColumn('household_no', 'text', (c) => c.notNull())
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number_raw', 'text')
    .addColumn('id_number', 'text')
    .addColumn('sex', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('relation', 'text')
    .addColumn('head_name', 'text')
    .addColumn('head_id_number', 'text')
    .addColumn('county_name', 'text')
    .addColumn('township_name', 'text')
    .addColumn('village_name', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('poverty_attribute', 'text')
    .addColumn('exit_status', 'text')
    .addColumn('school_status', 'text')
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .createIndex('registry_person_no_idx')
    .on('registry_person')
    .columns(['person_no', 'current'])
    .execute();
  await db.schema
    .createIndex('registry_region_idx')
    .on('registry_person')
    .columns(['region_code', 'current'])
    .execute();
  await db.schema
    .createIndex('registry_household_idx')
    .on('registry_person')
    .column('household_no')
    .execute();

  // 低保 / 特困供养 / 残疾 / sudden hardship (COVID-19 …) lists.
  await db.schema
    .createTable('assistance_entry')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('import_batch.id'))
    .addColumn('list_kind', 'text', (c) =>
      c.notNull().check(sql`list_kind in ('minimum_living','extreme_poverty','disability','hardship')`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number_raw', 'text')
    .addColumn('id_number', 'text')
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('detail', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('current', 'boolean', (c) => c.notNull().defaultTo(true))
    .execute();
  await db.schema
    .createIndex('assistance_id_idx')
    .on('assistance_entry')
    .columns(['id_number', 'current'])
    .execute();

  await db.schema
    .createTable('match_run')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('job_id', 'text')
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('as_of', 'date', (c) => c.notNull())
    .addColumn('stats', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('actor_id', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('match_result')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('match_run.id').onDelete('cascade'))
    .addColumn('student_id', 'bigint', (c) => c.notNull().references('student.id'))
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('confirmed','review','unmatched')`))
    .addColumn('person_no', 'text')
    .addColumn('household_no', 'text')
    .addColumn('score', 'real')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('candidates', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('id_problem', 'text')
    .addColumn('decided_by', 'text') // 'auto' | 'review'
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('match_result_run_idx')
    .on('match_result')
    .columns(['run_id', 'result'])
    .execute();
  await db.schema.createIndex('match_result_student_idx').on('match_result').column('student_id').execute();

  // A reviewer's decision on a (student, registry person) pair, remembered by later runs.
  await db.schema
    .createTable('match_decision')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('student_no', 'text', (c) => c.notNull())
    .addColumn('person_no', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('confirm','reject')`))
    .addColumn('note', 'text')
    .addColumn('actor_id', 'integer', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('match_decision_pair_uq', ['student_no', 'person_no'])
    .execute();

  // Registry children of school age in no roll; handed to dropout control.
  await db.schema
    .createTable('out_of_school')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('match_run.id').onDelete('cascade'))
    .addColumn('registry_person_id', 'bigint', (c) => c.notNull().references('registry_person.id'))
    .addColumn('age', 'integer')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('out_of_school_run_idx').on('out_of_school').column('run_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'out_of_school',
    'match_decision',
    'match_result',
    'match_run',
    'assistance_entry',
    'registry_person',
    'student_change',
    'student',
    'person',
    'import_batch',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
