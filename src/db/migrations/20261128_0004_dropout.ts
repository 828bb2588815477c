import { type Kysely, sql } from 'kysely';

/**
 * 控辍保学 (工作要点 5): the case ledger (台账, 一人一案) with its status history, persuasion
 * attempts (劝返), home teaching (送教上门) plans and visits, responsibility letters (责任书) with
 * their signed scans, and written reports (书面报告). Every row carries `county_code` and
 * `region_code` (the child's township/village, or the school's region) for scope and Citus.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dropout_case')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('student_id', 'bigint', (c) => c.references('student.id'))
    .addColumn('registry_person_id', 'bigint', (c) => c.references('registry_person.id'))
    // One open case per child: person:<id>, else id:<ID number>, else registry:<id> / student:<id>.
    .addColumn('child_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sex', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('id_number', 'text')
    .addColumn('school_code', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('school','transfer','out_of_school')`),
    )
    .addColumn('left_at', 'date')
    .addColumn('reason', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`reason in ('learning_difficulty','family_hardship','working_away','school_weariness','illness_disability','early_marriage','other')`,
        ),
    )
    .addColumn('reason_note', 'text')
    .addColumn('key_groups', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('responsible_school', 'text')
    .addColumn('responsible_township', 'text')
    .addColumn('responsible_county', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('suspected','persuading','returned','home_teaching','special_education','reported','closed')`,
        ),
    )
    .addColumn('status_since', 'date', (c) => c.notNull())
    .addColumn('deadline', 'date')
    .addColumn('return_date', 'date')
    .addColumn('closed_at', 'date')
    .addColumn('closing_note', 'text')
    .addColumn('opened_at', 'date', (c) => c.notNull())
    .addColumn('opened_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index dropout_case_open_uq on dropout_case (county_code, child_key) where status <> 'closed'`.execute(
    db,
  );
  await db.schema
    .createIndex('dropout_case_region_idx')
    .on('dropout_case')
    .columns(['region_code', 'status'])
    .execute();
  await db.schema.createIndex('dropout_case_person_idx').on('dropout_case').column('person_id').execute();
  await db.schema
    .createIndex('dropout_case_registry_idx')
    .on('dropout_case')
    .column('registry_person_id')
    .execute();
  await db.schema.createIndex('dropout_case_student_idx').on('dropout_case').column('student_id').execute();

  // Status history: every change, so the written report and the person file can tell the story.
  await db.schema
    .createTable('dropout_case_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('dropout_case.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('dropout_case_event_case_idx')
    .on('dropout_case_event')
    .column('case_id')
    .execute();

  await db.schema
    .createTable('persuasion')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('dropout_case.id'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('persuader', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) =>
      c.notNull().check(sql`method in ('home_visit','phone','interview','written_notice','other')`),
    )
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('failed','pending','succeeded')`))
    .addColumn('note', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('persuasion_case_idx').on('persuasion').column('case_id').execute();

  await db.schema
    .createTable('home_teaching')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().unique().references('dropout_case.id'))
    .addColumn('decision_date', 'date', (c) => c.notNull())
    .addColumn('decision_note', 'text') // e.g. 县残疾儿童少年入学评估委员会 decision
    .addColumn('teacher', 'text', (c) => c.notNull())
    .addColumn('school_code', 'text')
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('visits_per_month', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('home_teaching_visit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('home_teaching_id', 'bigint', (c) => c.notNull().references('home_teaching.id'))
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('dropout_case.id'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('teacher', 'text', (c) => c.notNull())
    .addColumn('hours', 'numeric')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('home_teaching_visit_case_idx')
    .on('home_teaching_visit')
    .column('case_id')
    .execute();

  // 责任书: one per school or township per year. The signed scan is kept in the database so that
  // it is backed up and restored with everything else.
  await db.schema
    .createTable('responsibility_letter')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('party_kind', 'text', (c) => c.notNull().check(sql`party_kind in ('school','township')`))
    .addColumn('party_code', 'text', (c) => c.notNull())
    .addColumn('party_name', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'date', (c) => c.notNull())
    .addColumn('signed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('signed_at', 'date')
    .addColumn('signer', 'text')
    .addColumn('scan', 'bytea')
    .addColumn('scan_name', 'text')
    .addColumn('scan_type', 'text')
    .addColumn('scan_size', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('responsibility_letter_uq', ['county_code', 'year', 'party_kind', 'party_code'])
    .execute();
  await db.schema
    .createIndex('responsibility_letter_region_idx')
    .on('responsibility_letter')
    .columns(['region_code', 'year'])
    .execute();

  // 书面报告: the generated .docx is kept as issued, so the record shows exactly what was sent.
  await db.schema
    .createTable('written_report')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('dropout_case.id'))
    .addColumn('recipient', 'text', (c) => c.notNull().check(sql`recipient in ('township','county')`))
    .addColumn('recipient_name', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('document', 'bytea', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('written_report_case_idx').on('written_report').column('case_id').execute();

  // Defaults of the configurable figures (src/domain/dropout/settings.ts reads them over its own).
  await sql`insert into setting (key, value) values ('dropout', ${JSON.stringify({
    deadlines: {
      suspected: 7,
      persuading: 30,
      reported: 30,
      returned: 30,
      home_teaching: null,
      special_education: 30,
    },
    transferDays: 15,
    homeTeachingVisitsPerMonth: 4,
    compulsoryAge: { min: 6, max: 15 },
  })}::jsonb) on conflict (key) do nothing`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'written_report',
    'responsibility_letter',
    'home_teaching_visit',
    'home_teaching',
    'persuasion',
    'dropout_case_event',
    'dropout_case',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`delete from setting where key = 'dropout'`.execute(db);
}
