import { type Kysely, sql } from 'kysely';

/**
 * 五个阶段全覆盖 summary (ADR 0005), kept equal to a recomputation from the lines by
 * statement-level triggers on `entitlement` and `payment_line`:
 * - `coverage_pair`: per term × student × programme, how many entitlement lines and paid payment
 *   lines there are;
 * - `coverage_student`: per term × student, the entitled and paid 分 and how many programmes are
 *   entitled with nothing paid (应享未享) or paid without entitlement.
 * Every statement's transition rows become signed deltas; one statement adds them to the pairs and
 * (from each pair's state before and after) to the students, with `insert … on conflict do update`,
 * so concurrent writers add up. A payment line counts only while its status is `paid`. Rows whose
 * counts fall to zero stay and read as "no lines". The tables are derived: backups skip them and a
 * restore rebuilds them through the same triggers. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coverage_pair')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('student_id', 'bigint', (c) => c.notNull())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('ent_lines', 'integer', (c) => c.notNull())
    .addColumn('paid_lines', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('coverage_pair_pkey', ['term', 'student_id', 'programme'])
    .execute();
  await db.schema
    .createTable('coverage_student')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('student_id', 'bigint', (c) => c.notNull())
    .addColumn('ent_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_fen', 'bigint', (c) => c.notNull())
    .addColumn('unpaid_programmes', 'integer', (c) => c.notNull())
    .addColumn('unentitled_programmes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('coverage_student_pkey', ['term', 'student_id'])
    .execute();

  // Applies signed deltas (term, student_id, programme, ent_fen, ent_n, paid_fen, paid_n). The
  // pairs' state before = after − delta. Sorted by key so two writers lock rows in the same order.
  const unpaid = (e: string, p: string) => `(${e} > 0 and ${p} <= 0)::int`;
  const apply = (deltas: string) => `
      with d as (
        select term, student_id, programme, sum(ent_fen) as ef, sum(ent_n)::int as en,
          sum(paid_fen) as pf, sum(paid_n)::int as pn
        from (${deltas}) x group by 1, 2, 3
        -- An update that leaves a line's share unchanged (bank fields, the lock flag) writes nothing.
        having sum(ent_fen) <> 0 or sum(ent_n) <> 0 or sum(paid_fen) <> 0 or sum(paid_n) <> 0),
      p as (
        insert into coverage_pair as cp (term, student_id, programme, ent_lines, paid_lines)
        select term, student_id, programme, en, pn from d order by 1, 2, 3
        on conflict (term, student_id, programme) do update
          set ent_lines = cp.ent_lines + excluded.ent_lines, paid_lines = cp.paid_lines + excluded.paid_lines
        returning term, student_id, programme, ent_lines, paid_lines)
      insert into coverage_student as cs (term, student_id, ent_fen, paid_fen, unpaid_programmes,
        unentitled_programmes)
      select d.term, d.student_id, sum(d.ef), sum(d.pf),
        sum(${unpaid('p.ent_lines', 'p.paid_lines')} - ${unpaid('p.ent_lines - d.en', 'p.paid_lines - d.pn')}),
        sum(${unpaid('p.paid_lines', 'p.ent_lines')} - ${unpaid('p.paid_lines - d.pn', 'p.ent_lines - d.en')})
      from d join p on p.term = d.term and p.student_id = d.student_id and p.programme = d.programme
      group by 1, 2 order by 1, 2
      on conflict (term, student_id) do update set ent_fen = cs.ent_fen + excluded.ent_fen,
        paid_fen = cs.paid_fen + excluded.paid_fen,
        unpaid_programmes = cs.unpaid_programmes + excluded.unpaid_programmes,
        unentitled_programmes = cs.unentitled_programmes + excluded.unentitled_programmes`;
  const ent = (t: string, sign: string) =>
    `select term, student_id, programme, ${sign}amount_fen::bigint as ent_fen, ${sign}1 as ent_n,
       0::bigint as paid_fen, 0 as paid_n from ${t}`;
  const pay = (t: string, sign: string) =>
    `select term, student_id, programme, 0::bigint as ent_fen, 0 as ent_n,
       ${sign}amount_fen::bigint as paid_fen, ${sign}1 as paid_n from ${t} where status = 'paid'`;

  // Every line as a delta from nothing: the TRUNCATE rebuild and the backfill below.
  const fromAllLines = apply(`${ent('entitlement', '')} union all ${pay('payment_line', '')}`);

  for (const [table, rows] of [
    ['entitlement', ent],
    ['payment_line', pay],
  ] as const) {
    // One statement-level trigger per event (a trigger with transition tables takes one event).
    for (const [op, event, referencing, deltas] of [
      ['ins', 'insert', 'new table as new_rows', rows('new_rows', '')],
      ['del', 'delete', 'old table as old_rows', rows('old_rows', '-')],
      [
        'upd',
        'update',
        'old table as old_rows new table as new_rows',
        `${rows('old_rows', '-')} union all ${rows('new_rows', '')}`,
      ],
    ] as const) {
      await sql
        .raw(`create or replace function ${table}_coverage_${op}() returns trigger language plpgsql as $$
        begin ${apply(deltas)}; return null; end $$`)
        .execute(db);
      await sql
        .raw(`create trigger ${table}_coverage_${op} after ${event} on ${table} referencing ${referencing}
          for each statement execute function ${table}_coverage_${op}()`)
        .execute(db);
    }
  }

  // TRUNCATE has no transition rows: rebuild the summary from what is left.
  await sql
    .raw(`create or replace function coverage_rebuild() returns trigger language plpgsql as $$
      begin
        delete from coverage_student;
        delete from coverage_pair;
        ${fromAllLines};
        return null;
      end $$`)
    .execute(db);
  for (const table of ['entitlement', 'payment_line']) {
    await sql
      .raw(`create trigger ${table}_coverage_truncate after truncate on ${table}
        for each statement execute function coverage_rebuild()`)
      .execute(db);
  }

  // Existing lines.
  await sql.raw(fromAllLines).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['entitlement', 'payment_line']) {
    for (const op of ['ins', 'del', 'upd', 'truncate']) {
      await sql.raw(`drop trigger if exists ${table}_coverage_${op} on ${table}`).execute(db);
    }
    for (const op of ['ins', 'del', 'upd']) {
      await sql.raw(`drop function if exists ${table}_coverage_${op}()`).execute(db);
    }
  }
  await sql`drop function if exists coverage_rebuild()`.execute(db);
  await db.schema.dropTable('coverage_student').ifExists().execute();
  await db.schema.dropTable('coverage_pair').ifExists().execute();
}
