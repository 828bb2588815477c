import { type Kysely, sql } from 'kysely';

/**
 * A run's figures per school (and per programme; programme '*' for all of them: lines, 分 and
 * distinct pupils), written when the run ends: the 计算记录 shows a county or a school its part of a
 * wider run from these, so a later run that replaces the lines (a county's own run after the
 * city's) never changes a past run's figures. Runs before this migration get the figures of the
 * lines they still hold. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('entitlement_run_part')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('entitlement_run.id'))
    .addColumn('school_code', 'text', (c) => c.notNull())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('lines', 'integer', (c) => c.notNull())
    .addColumn('fen', 'bigint', (c) => c.notNull())
    .addColumn('students', 'integer', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('entitlement_run_part_run_idx')
    .on('entitlement_run_part')
    .columns(['run_id', 'region_code'])
    .execute();
  await sql`insert into entitlement_run_part (run_id, school_code, programme, lines, fen, students, county_code, region_code)
    select run_id, school_code, coalesce(programme, '*'), count(*)::int, sum(amount_fen)::bigint,
      count(distinct student_id)::int, county_code, region_code
    from entitlement
    group by grouping sets ((run_id, school_code, county_code, region_code, programme),
      (run_id, school_code, county_code, region_code))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('entitlement_run_part').ifExists().execute();
}
