import { type Kysely, sql } from 'kysely';

/**
 * 学生资助 extras (工作要点 1, 2, 4): 应急救助 applications with their approval steps, 学校资助基金
 * entries (extraction from 事业收入, spending on 减免学费 / 临时生活补助, adjustments), and the
 * 红烛暖心 / 立德树人 care pairings with their visits. Money is integer 分 (bigint), never float;
 * ratios are integer basis points. Every row carries `county_code` and `region_code` (Citus later).
 * Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('emergency_relief')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id'))
    .addColumn('student_id', 'bigint', (c) => c.references('student.id'))
    .addColumn('school_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('illness','disaster','accident','covid','other')`),
    )
    .addColumn('description', 'text', (c) => c.notNull())
    // 'county' or 'city': fixed when filed from the thresholds then in force.
    .addColumn('approval_level', 'text', (c) => c.notNull().check(sql`approval_level in ('county','city')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('applied','school_reviewed','county_approved','city_approved','paid','rejected')`,
        ),
    )
    .addColumn('applied_by', 'integer', (c) => c.notNull())
    .addColumn('applied_at', 'date', (c) => c.notNull())
    .addColumn('paid_at', 'date')
    .addColumn('voucher_no', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('emergency_relief_region_idx')
    .on('emergency_relief')
    .columns(['region_code', 'status'])
    .execute();
  await db.schema
    .createIndex('emergency_relief_person_idx')
    .on('emergency_relief')
    .column('person_id')
    .execute();
  // One open application per person and county: a second one is a duplicate, not new hardship.
  await sql`create unique index emergency_relief_open_uq on emergency_relief (county_code, person_id)
    where status not in ('paid','rejected')`.execute(db);

  // Who did what, when, with which comment: the approval chain's record (append-only by use).
  await db.schema
    .createTable('emergency_relief_step')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('relief_id', 'bigint', (c) => c.notNull().references('emergency_relief.id'))
    .addColumn('step', 'text', (c) =>
      c.notNull().check(sql`step in ('apply','review','county_approve','city_approve','pay','reject')`),
    )
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('emergency_relief_step_relief_idx')
    .on('emergency_relief_step')
    .column('relief_id')
    .execute();

  await db.schema
    .createTable('school_aid_fund_entry')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 2000 and 2100`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('extraction','fee_waiver','living_subsidy','adjustment')`),
    )
    .addColumn('revenue_fen', 'bigint')
    .addColumn('ratio_bp', 'integer')
    // Positive for extraction and spending (spending counts against the balance); signed for adjustment.
    .addColumn('amount_fen', 'bigint', (c) => c.notNull().check(sql`amount_fen <> 0`))
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('student_id', 'bigint', (c) => c.references('student.id'))
    .addColumn('recipient_name', 'text')
    .addColumn('entry_date', 'date', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'school_aid_fund_entry_shape',
      sql`(kind = 'extraction' and revenue_fen > 0 and ratio_bp > 0 and amount_fen > 0)
        or (kind in ('fee_waiver','living_subsidy') and amount_fen > 0 and student_id is not null)
        or (kind = 'adjustment' and note is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('school_aid_fund_entry_school_idx')
    .on('school_aid_fund_entry')
    .columns(['school_code', 'year'])
    .execute();
  await db.schema
    .createIndex('school_aid_fund_entry_region_idx')
    .on('school_aid_fund_entry')
    .column('region_code')
    .execute();
  // One extraction per school and year; corrections are adjustments.
  await sql`create unique index school_aid_fund_extraction_uq on school_aid_fund_entry (county_code, school_code, year)
    where kind = 'extraction'`.execute(db);

  await db.schema
    .createTable('care_pairing')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('programme', 'text', (c) => c.notNull().check(sql`programme in ('red_candle','mentoring')`))
    .addColumn('student_id', 'bigint', (c) => c.notNull().references('student.id'))
    .addColumn('person_id', 'bigint', (c) => c.references('person.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('teacher_name', 'text', (c) => c.notNull())
    .addColumn('teacher_phone', 'text')
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date')
    .addColumn('end_reason', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('care_pairing_dates', sql`end_date is null or end_date >= start_date`)
    .execute();
  await db.schema.createIndex('care_pairing_region_idx').on('care_pairing').column('region_code').execute();
  await db.schema.createIndex('care_pairing_person_idx').on('care_pairing').column('person_id').execute();
  // One active pairing per child and programme.
  await sql`create unique index care_pairing_active_uq on care_pairing (county_code, student_id, programme)
    where end_date is null`.execute(db);

  await db.schema
    .createTable('care_visit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('pairing_id', 'bigint', (c) => c.notNull().references('care_pairing.id'))
    .addColumn('date', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('home_visit','talk','tutoring','psychological','career','other')`),
    )
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('care_visit_pairing_idx')
    .on('care_visit')
    .columns(['pairing_id', 'date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'care_visit',
    'care_pairing',
    'school_aid_fund_entry',
    'emergency_relief_step',
    'emergency_relief',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
