import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { refreshPlannerStats } from '../../db/planner-stats.ts';
import type { DB } from '../../db/types.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { excelDamageNotice, invalidIdNotice } from '../../domain/matching/file-notices.ts';
import { ageOn } from '../../domain/matching/prepare.ts';
import { ColumnFill } from '../../domain/roll/household-fill.ts';
import { rollChangeLines } from '../../domain/roll/roll-change-lines.ts';
import {
  diffRoll,
  type EarlierImport,
  gradesBack,
  gradesBackMessage,
  type MassLeaving,
  massLeaving,
  nationalNumberBackMessage,
  nationalNumbersTakenBack,
  type OlderRoll,
  olderRollMessage,
  olderRollSigns,
  type RollChange,
  type RollSnapshot,
  renumbered,
} from '../../domain/roll/roll-diff.ts';
import {
  agreeingFields,
  anothersIdInstead,
  anothersIdKeptMessage,
  type EnrolledAway,
  foreignPupilError,
  type IdHeldAway,
  idCorrectedWarning,
  identityChangeWarning,
  idHeldAwayMessage,
  idIsAnothers,
  isTransferInWarning,
  personNameKeptWarning,
  rejectedPersonWarning,
  samePupil,
  transferHoldMessage,
  transferInWarning,
  unrelatedNames,
  unrelatedNameWarning,
  voidedResultsNotice,
} from '../../domain/roll/roll-identity.ts';
import {
  enrolledElsewhereMessage,
  isIdProblemWarning,
  parseRollRow,
  type RollCells,
  type RollRecord,
  type RowMessage,
  STUDENT_NO_ID_MISMATCH,
  sharedIdMessages,
  stageAgeWarning,
  storedIdMessage,
  storedIdStands,
} from '../../domain/roll/roll-row.ts';
import { type Stage, schoolNameKey } from '../../domain/schools/school-fields.ts';
import { type AuditInput, appendAudit } from '../../server/audit.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import { ROLL_FIELDS, type RollField } from '../imports/fields.ts';
import type { ImportReport } from '../imports/import-report.ts';
import { hiddenRowMessage, shapeMessage, skippedMessage } from '../matching/headers.ts';
import { MatchInputError, pickOwn, readTable } from '../matching/table-reader.ts';
import { personInScope } from '../persons/persons.queries.ts';
import { othersPersonsNotLinked, upsertPersons } from '../persons/persons.store.ts';

type Executor = Kysely<DB> | Transaction<DB>;
const KEYS = ROLL_FIELDS.map((f) => f.key) as RollField[];

/** The fields whose changes a newer roll records (besides the school); a stored one's person too. */
function snapshotOf(r: StoredStudent | NewStudentRow): RollSnapshot {
  return {
    studentNo: r.student_no,
    schoolCode: r.school_code,
    status: r.status,
    leftAt: 'left_at' in r ? r.left_at : null,
    ...('person_id' in r && { personId: r.person_id }),
    fields: {
      student_no: r.student_no,
      name: r.name,
      id_number_raw: r.id_number_raw,
      sex: r.sex,
      birth_date: r.birth_date,
      stage: r.stage,
      grade: r.grade,
      class_name: r.class_name,
      hukou: r.hukou,
      guardian_name: r.guardian_name,
      guardian_id_number: r.guardian_id_number,
      boarding: r.boarding,
      left_behind: r.left_behind,
      disabled: r.disabled,
      school_marked_poor: r.school_marked_poor,
    },
  };
}

interface SchoolRef {
  code: string;
  name: string;
  county_code: string;
  region_code: string;
  stages: Stage[];
}

interface StoredStudent {
  id: number;
  student_no: string;
  /** The person (一生一档) the record belongs to. */
  person_id: number | null;
  name: string;
  id_number_raw: string | null;
  /** 身份证件类型 of another document (passport, …), or null for a 居民身份证. */
  id_type: string | null;
  /** The valid ID (null: none known). */
  id_number: string | null;
  sex: string | null;
  birth_date: string | null;
  school_code: string;
  stage: string;
  grade: string | null;
  class_name: string | null;
  hukou: string | null;
  guardian_name: string | null;
  guardian_id_number: string | null;
  boarding: boolean;
  left_behind: boolean;
  disabled: boolean;
  school_marked_poor: boolean;
  status: 'enrolled' | 'left';
  left_at: string | null;
  county_code: string;
  region_code: string;
}

type NewStudentRow = Omit<StoredStudent, 'id' | 'left_at' | 'person_id'> & {
  id_problem: string | null;
};

export interface ImportOptions {
  /** The date the roll describes (left_at of students who left); default today. */
  asOf?: string;
  onProgress?: (done: number, total: number, message?: string) => void;
  /** The user confirmed that the file is the schools' whole roll although most would leave. */
  confirmLeft?: boolean;
  /** The user confirmed that pupils still 在读 at a school outside their scope moved to theirs. */
  confirmTransfer?: boolean;
  /** The user confirmed the roll is the schools' newest although it undoes an earlier import (olderRollSigns). */
  confirmNewest?: boolean;
}

/**
 * Imports a 学籍 roll (xlsx or csv) into the database within the actor's scope. Every bad row
 * is reported with row, column and reason; if any row has an *error*, nothing is written.
 * Students are updated by 学籍号; new, moved, left, returned and changed students are recorded
 * in student_change and the audit trail.
 */
export async function importStudents(
  db: Kysely<DB>,
  actor: Actor,
  file: { path: string; filename: string },
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const asOf = opts.asOf ?? todayInChina();
  const report: ImportReport = {
    ok: false,
    kind: 'students',
    filename: file.filename,
    rows: 0,
    batchId: null,
    counts: {},
    errors: [],
    warnings: [],
  };
  const records: RollRecord[] = [];
  const gradeFill = new ColumnFill(['grade', 'className'] as const, ['年级', '班级']);
  let lastSchool = '';
  let columns: Record<RollField, number> | null = null;
  /** The row onShape refused whole (given just before that row's onRow). */
  let shapeRefused = -1;
  const schoolFill = new ColumnFill(['schoolCode', 'schoolName', 'stage', 'grade', 'className'] as const, [
    '学校标识码',
    '学校名称',
    '学段',
    '年级',
    '班级',
  ]);
  try {
    await readTable(
      file.path,
      ROLL_FIELDS,
      '学生名册',
      (cells, rowNo) => {
        // A row whose cells a stray quote merged (or shifted) is refused as a whole by onShape: its
        // cells say nothing more, and filling its school from the row above would be a wrong lead.
        if (shapeRefused === rowNo) {
          report.rows++;
          return;
        }
        const c = pickOwn(cells, columns!, KEYS) as RollCells;
        // A row without its school's name or code sits under merged school (and class) cells.
        schoolFill.next(rowNo, c, c.schoolCode.trim() === '' && c.schoolName.trim() === '');
        // One with its school but no 年级 or 班级, under merged grade or class cells of the same school.
        const school = `${c.schoolCode.trim()}|${c.schoolName.trim()}`;
        gradeFill.next(rowNo, c, school === lastSchool);
        lastSchool = school;
        const { record, messages } = parseRollRow(rowNo, c);
        for (const m of messages) (m.severity === 'error' ? report.errors : report.warnings).push(m);
        // A file with a 年级 column whose cell stays empty (no row above of the same school to fill
        // it from): the pupil is stored without a grade, which grade-bound aid and 控辍保学 need.
        if (record && columns!.grade >= 0 && c.grade.trim() === '')
          report.warnings.push({
            row: rowNo,
            column: '年级',
            message: '年级为空：该生将以年级不详导入，请补全',
            severity: 'warning',
          });
        if (record) records.push(record);
        report.rows++;
      },
      {
        onProgress: (done, total) => opts.onProgress?.(done, total, '读取文件'),
        onColumns: (cols) => {
          columns = cols;
        },
        // Before the row's own messages (it is called just before the row).
        onShape: (shape, row) => {
          if (shape.severity === 'error') shapeRefused = row;
          (shape.severity === 'error' ? report.errors : report.warnings).push(shapeMessage(shape, row));
        },
        onSkip: (row, reason) => report.warnings.push(skippedMessage(row, reason)),
        onHidden: (row) => report.warnings.push(hiddenRowMessage(row)),
      },
    );
  } catch (e) {
    if (e instanceof MatchInputError) {
      report.fileError = e.message;
      return report;
    }
    throw e;
  }

  const schools = await loadSchools(db, actor);
  resolveSchools(records, schools, report.errors, asOf, report.warnings);
  findDuplicates(records, report.errors);
  // Rows naming, by 学籍号, a pupil of a school outside the actor's scope: that pupil moving in, or refused.
  /** 学籍号 of pupils outside the actor's scope that rows name (moving in, or refused). */
  const foreignNos = new Set<string>();
  /** Pupils moving in who are still 在读 at their school: they wait for the user (transferHoldMessage). */
  const enrolledAway: EnrolledAway[] = [];
  const transfersIn = await outsideScope(db, actor, records, report, foreignNos, enrolledAway);
  // A row under the ID of a person of another scope only (a pupil there, a registry child, a pupil
  // who left) and another name is imported but not filed under that person: linking it would open
  // that child's 一生一档 to this scope (and a mistyped ID is the comparison's to weigh).
  const notLinked = await othersPersonsNotLinked(
    db,
    actor,
    records
      .filter((r) => r.idNumber !== null && r.idType === null && !foreignNos.has(r.studentNo))
      .map((r) => ({ row: r.row, idNumber: r.idNumber!, name: r.name })),
    '身份证件号',
    report.warnings,
  );
  // A pupil a reviewer said is not the 建档立卡 person whose ID the row carries stays apart too.
  for (const r of await rejectedIdHolders(db, records)) {
    if (notLinked.has(r.row)) continue;
    notLinked.add(r.row);
    report.warnings.push(rejectedPersonWarning(r.row, r.idNumber!));
  }
  // (Such a row is no second enrolment of that child: no 一人多籍 warning for it.)
  const found = await enrolledElsewhere(db, actor, records);
  const elsewhere = found.messages.filter((m) => !notLinked.has(m.row));
  // Rows that would file a pupil under the person of one 在读 outside the importer's scope: the
  // import would open that child's whole 一生一档 (registry household, aid) to this scope, so it is
  // held until the user says the pupil moved here (tester v25b F2), as a 学籍号 of another scope is.
  const idAway = found.away.filter((a) => !notLinked.has(a.row));
  report.warnings.push(...sharedIdMessages(records), ...elsewhere);
  report.warnings.sort((a, b) => a.row - b.row);
  // Rows whose ID the 学籍号 gave back count too: the file is what went through Excel.
  let damaged = 0;
  let damagedFromNo = 0;
  for (const r of records)
    if (r.idExcel) {
      damaged++;
      if (r.idNumber !== null) damagedFromNo++;
    }
  const parsed = records.length;
  /** Rows whose ID cell holds a number that is no valid ID, not for Excel's damage. */
  const invalidIds = records.filter(
    (r) =>
      r.idType === null &&
      !r.idExcel &&
      r.idNumber === null &&
      r.idProblem !== null &&
      r.idNumberRaw.trim() !== '',
  ).length;
  const absent = KEPT_WHEN_ABSENT.filter(([key]) => columns !== null && columns[key] < 0);
  /** Absent columns whose stored values some pupil kept (set while writing). */
  let kept: RollField[] = [];
  /** Pupils whose blank guardian cells kept the stored guardian (set while writing). */
  let guardiansKept = 0;
  /** Pupils found under a new 学籍号 (set while writing). */
  let renumberedCount = 0;
  /** Pupils whose comparison result (or review decisions) a changed ID voided (set while writing). */
  let voidedRows: number[] = [];
  report.notices = fileNotices(false);
  report.errors.sort((a, b) => a.row - b.row);
  if (report.errors.length > 0) return report;

  opts.onProgress?.(0, records.length, '写入数据库');
  const names = new Map([...schools.byCode.values()].map((x) => [x.code, x.name]));
  try {
    await write();
  } catch (e) {
    if (e instanceof RowsRefused) {
      // (A row refused is no transfer in: its warning saying so goes.)
      const refused = new Set(e.errors.map((x) => x.row));
      report.warnings = report.warnings.filter(
        (w) => !(refused.has(w.row) && isTransferInWarning(w.message)),
      );
      report.errors.push(...e.errors);
      return report;
    }
    if (!(e instanceof HeldForUser)) throw e;
    report.fileError = e.message;
    report.confirm = e.confirm;
    return report;
  }
  report.ok = true;
  await refreshPlannerStats(db, ['student', 'person', 'student_change']);
  // Again, with what writing found: IDs given back from the stored ones, absent columns kept.
  report.notices = fileNotices(true);
  return report;

  /**
   * The sentences about the file as a whole; `written` once the file is in (before, or when it is
   * refused or held for the user's word, they say what importing would do — tester v26b F4).
   */
  function fileNotices(written: boolean): string[] {
    return [
      schoolFill.notice('学生名册'),
      gradeFill.notice('学生名册'),
      excelNotice(),
      invalidIdNotice(
        '学生名册',
        '身份证件号',
        invalidIds,
        parsed,
        `${written ? '已照常导入并标记为' : '导入后这些行将标记为'}证件号问题，信息比对时只能依靠学籍号、姓名、出生日期和监护人`,
      ),
      absentNotice(kept),
      guardiansKept > 0
        ? `${guardiansKept} 名学生的监护人姓名或身份证件号在文件中为空（或只填了“-”“/”“无”等）：保留系统中原有的，不会被清空。`
        : null,
      renumberedCount > 0 ? renumberedNotice(renumberedCount) : null,
      voidedRows.length > 0 ? voidedResultsNotice(voidedRows) : null,
    ].filter(isText);
  }

  /** The notice on an ID column that went through Excel, with what was given back and how. */
  function excelNotice(): string | null {
    const fromNo = damagedFromNo;
    const fromStore = report.storedIds?.excel ?? 0;
    const back = fromNo + fromStore;
    const how =
      fromStore === 0
        ? '按学籍号（G + 身份证号）'
        : fromNo === 0
          ? '按该学籍号原有的身份证号'
          : '按学籍号（G + 身份证号）或该学籍号原有的身份证号';
    return excelDamageNotice(
      '学生名册',
      '身份证件号',
      damaged,
      parsed,
      back === damaged
        ? `这些学生的身份证号已${how}恢复`
        : back > 0
          ? `其中 ${back} 名学生的身份证号已${how}恢复，其余导入时标记为证件号问题，信息比对时只能依靠学籍号、姓名、出生日期和监护人`
          : '导入时这些学生标记为证件号问题，信息比对时只能依靠学籍号、姓名、出生日期和监护人',
    );
  }

  async function write(): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const rows = records.map((r) => toRow(r, schools.byCode.get(r.schoolCode!)!));
      const rowNos = Int32Array.from(records, (r) => r.row);
      // The parsed records are not needed once they are rows: let them go (a city roll's are ~1 GB).
      records.length = 0;
      const existing = await loadExisting(trx, rows);
      // A pupil under a new 学籍号 (temporary → national) stays the same student row: it is filed under
      // the new number from here on, and its stored number is one of the changed fields.
      const storedRows = [...existing.values()].map(numbered);
      const fileRows = rows.map(numbered);
      const moves = renumbered(storedRows, fileRows);
      // A national 学籍号 given back for a temporary one: an older file, held like one (tester v26d F2).
      if (!opts.confirmNewest) {
        const back = nationalNumbersTakenBack(storedRows, fileRows);
        if (back.size > 0)
          throw new HeldForUser(
            'newest',
            nationalNumberBackMessage(
              back,
              (no) => rowNos[rows.findIndex((r) => r.student_no === no)],
              maskStudentNo,
            ),
          );
      }
      renumberedCount = moves.size;
      await renumber(trx, moves);
      for (const [newNo, oldNo] of moves) {
        existing.set(newNo, existing.get(oldNo)!);
        existing.delete(oldNo);
      }
      // A row whose ID cell held another's keeps the pupil's ID, and with it their person.
      for (const row of keepStoredIds(rows, rowNos, existing, report, notLinked)) notLinked.delete(row);
      // (Tester v20b F5: eleven pupils took a wholly other name and school from a file's wrong 学籍号, unsaid.)
      rows.forEach((r, i) => {
        const stored = existing.get(r.student_no);
        if (stored && unrelatedNames(stored.name, r.name))
          report.warnings.push(unrelatedNameWarning(rowNos[i]!, stored.name, r.name));
        // Another name and another sex or birth date under one 学籍号 (tester t28f F2).
        const changed =
          stored &&
          identityChangeWarning(
            rowNos[i]!,
            { name: stored.name, sex: stored.sex, birthDate: stored.birth_date },
            { name: r.name, sex: r.sex, birthDate: r.birth_date },
          );
        if (changed) report.warnings.push(changed);
      });
      const idChanges = changedIds(rows, rowNos, existing);
      // A pupil of another scope moves in with their ID (and so their person), or not at all: a row
      // samePupil let through whose ID the import would still replace (a G + ID 学籍号 that is not the
      // stored ID's) is refused here, before anything is written.
      const taken = idChanges.filter((c) => c.before !== null && transfersIn.has(c.studentNo));
      if (taken.length > 0)
        throw new RowsRefused(taken.map((c) => foreignPupilError(c.row, c.studentNo, ['身份证件号'])));
      // Nothing of this file is written until the user says the pupils still 在读 elsewhere moved here.
      if ((enrolledAway.length > 0 || idAway.length > 0) && !opts.confirmTransfer)
        throw new HeldForUser(
          'transfer',
          [
            enrolledAway.length > 0 ? transferHoldMessage(enrolledAway) : '',
            idAway.length > 0 ? idHeldAwayMessage(idAway) : '',
          ]
            .filter(Boolean)
            .join('。另外，'),
        );
      // Within scope, a valid ID replaced by another is a correction: warned on its row, both IDs
      // masked, since the record leaves the person file of the former ID for the new one's.
      const corrected = idChanges.filter((c) => c.corrected);
      // (The correction's warning says more than that the ID is not the 学籍号's: a G + ID 学籍号
      // keeps the former ID when the ID is corrected.)
      const correctedRows = new Set(corrected.map((c) => c.row));
      if (correctedRows.size > 0)
        report.warnings = report.warnings.filter(
          (w) => !(w.message === STUDENT_NO_ID_MISMATCH && correctedRows.has(w.row)),
        );
      for (const c of corrected) {
        // Filed under its own 学籍号 (as upsertPersons below is told): another person's ID.
        const r = rows[rowNos.indexOf(c.row)];
        const apart = notLinked.has(c.row) || (r !== undefined && idIsAnothers(r.id_number, r.birth_date));
        report.warnings.push(idCorrectedWarning(c.row, c.before!, c.after!, apart));
      }
      if (corrected.length > 0) report.warnings.sort((a, b) => a.row - b.row);
      kept = keepAbsentColumns(rows, existing, absent);
      guardiansKept = keepBlankGuardians(rows, existing);
      keepForTransfersIn(rows, existing, transfersIn);
      const before = new Map([...existing].map(([no, s]) => [no, { ...snapshotOf(s), studentNo: no }]));
      const incoming = rows.map(snapshotOf);
      const changes = diffRoll(before, incoming, asOf);
      if (!opts.confirmNewest) {
        const older = await undoesEarlierImport(trx, changes);
        // Nothing of this file is written until the user says it is the schools' newest roll.
        if (older !== null)
          throw new HeldForUser(
            'newest',
            olderRollMessage(
              older.signs,
              older.batch,
              (no) => rowNos[rows.findIndex((r) => r.student_no === no)],
              maskStudentNo,
              (no) => rows.find((r) => r.student_no === no)?.name ?? existing.get(no)?.name,
            ),
          );
        const back = gradesBack(changes);
        if (back.length > 0)
          throw new HeldForUser(
            'newest',
            gradesBackMessage(
              back,
              (no) => rowNos[rows.findIndex((r) => r.student_no === no)],
              maskStudentNo,
            ),
          );
      }
      if (!opts.confirmLeft) {
        const mass = massLeaving(before, incoming, changes);
        // Nothing of this file is written until the user says it is the whole roll.
        if (mass.length > 0) {
          const arriving = new Map<string, number>();
          for (const c of changes)
            if (c.kind === 'new')
              arriving.set(c.after.schoolCode, (arriving.get(c.after.schoolCode) ?? 0) + 1);
          throw new HeldForUser('left', massLeavingMessage(mass, names, arriving));
        }
      }
      const batch = await trx
        .insertInto('import_batch')
        .values({
          kind: 'students',
          filename: file.filename,
          rows: rows.length,
          scope_code: actor.scopeCode,
          actor_id: actor.id || null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      report.batchId = batch.id;
      // Each step reports its own progress: a city roll writes for minutes.
      const step =
        (label: string) =>
        (done: number, total: number): void =>
          opts.onProgress?.(done, total, label);
      // A stored pupil whose row still has no ID of its own, as before (none, a damaged one, a
      // guardian's), stays in the person file it is in: the comparison may have filed it under its
      // 建档立卡 person, and an unchanged roll must not take it out again.
      // (A row holding an adult's or a sibling's ID, or another scope's person's under another name,
      // is filed under its own 学籍号, not that person.)
      const owns = rows.map((r, i) =>
        idIsAnothers(r.id_number, r.birth_date) || notLinked.has(rowNos[i]!) ? null : r.id_number,
      );
      const idChanged = new Set(idChanges.map((c) => c.studentNo));
      const stays = rows.map((r, i) => {
        const stored = existing.get(r.student_no)?.person_id;
        return owns[i] === null && stored != null && !idChanged.has(r.student_no) ? stored : null;
      });
      const persons = await upsertPersons(
        trx,
        rows.map((r, i) => {
          const own = owns[i] ?? null;
          return {
            idNumber: own,
            fallbackKey: own || stays[i] !== null ? null : `student:${r.student_no}`,
            name: r.name,
            sex: r.sex,
            birthDate: r.birth_date,
            countyCode: r.county_code,
            regionCode: r.region_code,
          };
        }),
        step('写入人员档案'),
        {
          scope: actor,
          onNameKept: (at) => {
            for (const i of at) report.warnings.push(personNameKeptWarning(rowNos[i]!));
            report.warnings.sort((a, b) => a.row - b.row);
          },
        },
      );
      stays.forEach((p, i) => {
        if (p !== null) persons[i] = p;
      });
      await upsertStudents(trx, rows, persons, batch.id, step('写入学籍'));
      await markLeft(trx, changes, asOf, batch.id);
      voidedRows = await voidComparison(trx, actor, idChanges);
      await recordChanges(trx, actor, changes, existing, rows, batch.id, step('记录变动和审计日志'));
      // Every pupil changed, for the downloadable report's 学籍变动 sheet (tester t28b F1); not the
      // new pupils of a school's first roll, every row of which is new (as a first 建档立卡 list lists
      // no one) — but those of a school that had a roll, alone too (verifier t28d N1).
      const rowOfNo = new Map(rows.map((r, i) => [r.student_no, rowNos[i]!]));
      const hadRoll = new Set(
        [...existing.values()].flatMap((s) => (s.status === 'enrolled' ? [s.school_code] : [])),
      );
      const listed = changes.filter((c) => c.kind !== 'new' || hadRoll.has(c.after.schoolCode));
      if (listed.length > 0)
        report.rollChanges = rollChangeLines(
          listed,
          (no) => rowOfNo.get(no),
          (code) => schools.names.get(code) ?? code,
        );
      const counts: Record<string, number> = {
        rows: rows.length,
        new: 0,
        moved: 0,
        left: 0,
        returned: 0,
        updated: 0,
      };
      for (const c of changes) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
      counts.unchanged = rows.length - (counts.new! + counts.moved! + counts.returned! + counts.updated!);
      // (Among the moved and returned: pupils of schools outside the actor's scope.)
      if (transfersIn.size > 0) counts.transferred_in = transfersIn.size;
      counts.warnings = report.warnings.length;
      report.counts = counts;
      await trx
        .updateTable('import_batch')
        .set({ summary: JSON.stringify(counts) })
        .where('id', '=', batch.id)
        .execute();
      await appendAudit(trx, actor, {
        action: 'import',
        entity: 'import_batch',
        entityId: batch.id,
        after: { kind: 'students', filename: file.filename, ...counts },
      });
      opts.onProgress?.(rows.length, rows.length, '完成');
    });
  }
}

/** Thrown inside the write transaction to roll it back: rows found wrong only while writing. */
class RowsRefused extends Error {
  constructor(readonly errors: RowMessage[]) {
    super('rows refused');
  }
}

/**
 * Thrown inside the write transaction to roll it back: nothing of the file is written until the user
 * confirms (`confirm`) what `message` says — pupils 在读 elsewhere moving in (transferHoldMessage), a
 * roll that undoes an earlier import (olderRollMessage), most of a school leaving (massLeavingMessage).
 */
class HeldForUser extends Error {
  constructor(
    readonly confirm: 'transfer' | 'newest' | 'left',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The earlier roll import this roll's changes undo (olderRollSigns), with its file name and day, or
 * null. Looked up only when the roll brings pupils back (复学): the imports that recorded them as
 * left, and what each recorded for the schools of those pupils — so a county's roll is weighed
 * school by school's share of it, not against the whole county's turnover.
 */
/**
 * Rows whose ID is that of a current 建档立卡 person whom a reviewer rejected for the row's 学籍号
 * (under this or an earlier 人编号)
 * (match_decision): the review split the pupil from that person's 一生一档, and a later roll with
 * the same ID must not file them back (tester v24b F1: an unchanged roll undid the rejection, and
 * the child left the out-of-school list).
 */
async function rejectedIdHolders(db: Executor, records: readonly RollRecord[]): Promise<RollRecord[]> {
  const withId = records.filter((r) => r.idNumber !== null && r.idType === null);
  const out: RollRecord[] = [];
  for (let i = 0; i < withId.length; i += 5000) {
    const part = withId.slice(i, i + 5000);
    const pairs = await db
      .selectFrom('match_decision as d')
      // The person decided on under the number the current list gives them (a household split,
      // 分户, renumbers its members; another person may hold the old number now — tester v27b F1,
      // verifier v27d F1), as comparison.service.ts decisionsByCurrentNumber reads it.
      .innerJoin('registry_person as p', (j) =>
        j.on('p.current', '=', true).on(
          sql<SqlBool>`(case when d.person_id is not null then
              p.person_id = d.person_id
              or (p.person_no = d.person_no
                and not exists (select 1 from registry_person c where c.current and c.person_id = d.person_id)
                and p.name = (select pr.name from person pr where pr.id = d.person_id))
            else p.person_no = d.person_no or p.person_id in (select o.person_id from registry_person o
              where o.person_no = d.person_no and o.person_id is not null) end)`,
        ),
      )
      .select(['d.student_no', 'p.id_number'])
      .where('d.decision', '=', 'reject')
      .where(
        'd.student_no',
        'in',
        part.map((r) => r.studentNo),
      )
      .execute();
    if (pairs.length === 0) continue;
    const rejected = new Set(pairs.map((x) => `${x.student_no}\t${x.id_number}`));
    for (const r of part) if (rejected.has(`${r.studentNo}\t${r.idNumber}`)) out.push(r);
  }
  return out;
}

async function undoesEarlierImport(
  trx: Transaction<DB>,
  changes: RollChange[],
): Promise<{ signs: OlderRoll; batch: { filename: string; date: string } } | null> {
  // (Pupils this roll brings to its schools that an earlier import may have recorded as left
  // there: back as 复学, or moved back from the school they went to since — tester v26d F1.)
  const returned = changes.filter(
    (c): c is Extract<RollChange, { kind: 'returned' | 'moved' }> =>
      c.kind === 'returned' || c.kind === 'moved',
  );
  if (returned.length === 0) return null;
  const batches = new Set<number>();
  const nos = returned.map((c) => c.studentNo);
  for (let i = 0; i < nos.length; i += 5000) {
    const hits = await trx
      .selectFrom('student_change')
      .select('batch_id')
      .distinct()
      .where('student_no', 'in', nos.slice(i, i + 5000))
      .where('kind', '=', 'left')
      .execute();
    for (const h of hits) batches.add(h.batch_id);
  }
  if (batches.size === 0) return null;
  // (The schools this roll changes — those pupils come back to, and those it sends pupils away
  // from: an earlier import is weighed for them only. A county's roll undoes a term across its
  // schools: the leaver back at one, the newcomers gone from another — tester v26b F1.)
  const schools = [...new Set(changes.map((c) => (c.kind === 'left' ? c.before : c.after).schoolCode))];
  const earlier: EarlierImport[] = [];
  for (const batchId of [...batches].sort((a, b) => b - a).slice(0, 20)) {
    const recorded = await trx
      .selectFrom('student_change')
      .select(['student_no', 'kind'])
      .where('batch_id', '=', batchId)
      .where('kind', 'in', ['left', 'new', 'moved', 'returned'])
      .where(
        sql<boolean>`coalesce(after ->> 'schoolCode', before ->> 'schoolCode') in (${sql.join(schools)})`,
      )
      .execute();
    const left = new Set(recorded.filter((r) => r.kind === 'left').map((r) => r.student_no));
    const arrived = new Set(recorded.filter((r) => r.kind !== 'left').map((r) => r.student_no));
    earlier.push({ batchId, left, arrived });
  }
  const signs = olderRollSigns(changes, earlier);
  if (signs === null) return null;
  const b = await trx
    .selectFrom('import_batch')
    .select(['filename', 'created_at'])
    .where('id', '=', signs.batchId)
    .executeTakeFirstOrThrow();
  return { signs, batch: { filename: b.filename, date: todayInChina(new Date(b.created_at)) } };
}

/** “明溪县实验小学：文件中 1 名，现有在读 11 名，其中 11 名将记为离校” … and what to do. */
export function massLeavingMessage(
  schools: MassLeaving[],
  names: ReadonlyMap<string, string>,
  /** New pupils the file brings to schools other than those, by school (tester v26d F9: unsaid). */
  arriving: ReadonlyMap<string, number> = new Map(),
): string {
  const elsewhere = [...arriving].filter(([code]) => !schools.some((m) => m.schoolCode === code));
  const added = elsewhere.reduce((n, [, k]) => n + k, 0);
  const addedText =
    added === 0
      ? ''
      : `另有 ${added} 名新学生将记入${elsewhere
          .slice(0, 3)
          .map(([code, k]) => `${names.get(code) ?? code}（${k} 名）`)
          .join('、')}${elsewhere.length > 3 ? `等 ${elsewhere.length} 所学校` : ''}。`;
  const each = schools
    .slice(0, 5)
    .map(
      (m) =>
        `${names.get(m.schoolCode) ?? m.schoolCode}：文件中 ${m.inFile} 名，现有在读 ${m.enrolled} 名，其中 ${m.leaving} 名不在文件中，将记为离校`,
    )
    .join('；');
  const more = schools.length > 5 ? `等 ${schools.length} 所学校` : '';
  return (
    `学生名册按学校的完整名册导入，不在文件中的在读学生记为离校。${each}${more}。${addedText}` +
    '如果这确是该校完整的新名册（如毕业、撤并），请确认离校后导入（网页上点下方的确认按钮；命令行重新执行并加 --confirm-left）；' +
    '如果文件只有新生或部分班级，请导出该校完整名册后再导入'
  );
}

async function loadSchools(db: Executor, actor: Actor) {
  const rows = await db
    .selectFrom('school')
    .select(['code', 'name', 'county_code', 'region_code', 'stages'])
    .where(inSchoolScope(actor, 'school.code', 'school.region_code'))
    .execute();
  const all = await db.selectFrom('school').select(['code', 'name']).execute();
  const codesByName = new Map<string, string[]>();
  for (const s of all) {
    const key = schoolNameKey(s.name);
    codesByName.set(key, [...(codesByName.get(key) ?? []), s.code]);
  }
  // By schoolNameKey: brackets, spaces and a 三明市 prefix written differently are one school.
  const byName = new Map<string, SchoolRef[]>();
  for (const s of rows) {
    const key = schoolNameKey(s.name);
    byName.set(key, [...(byName.get(key) ?? []), s as SchoolRef]);
  }
  return {
    /** Every school's name, by code (the 学籍变动 sheet names the schools pupils came from). */
    names: new Map(all.map((s) => [s.code, s.name])),
    byCode: new Map(rows.map((s) => [s.code, s as SchoolRef])),
    byName,
    known: new Set(all.map((s) => s.code)),
    codesByName,
  };
}

/** School by code or name, in scope; stage from the 学段 column, the school or the age. */
function resolveSchools(
  records: RollRecord[],
  schools: Awaited<ReturnType<typeof loadSchools>>,
  errors: RowMessage[],
  asOf: string,
  warnings: RowMessage[] = [],
): void {
  /** Rows whose 学校名称 is not the name of the school their 学校标识码 gives, by code and name. */
  const misnamed = new Map<string, { row: number; count: number; given: string; school: SchoolRef }>();
  for (const r of records) {
    let school: SchoolRef | undefined;
    if (r.schoolCode) {
      school = schools.byCode.get(r.schoolCode);
      if (!school) {
        const why = schools.known.has(r.schoolCode) ? '不在您的管辖范围内' : '不存在（请先导入学校名单）';
        errors.push({
          row: r.row,
          column: '学校标识码',
          message: `学校标识码 ${r.schoolCode} ${why}`,
          severity: 'error',
        });
        continue;
      }
      if (r.schoolName.trim() !== '' && schoolNameKey(r.schoolName) !== schoolNameKey(school.name)) {
        // The name is another school's (of this county or another): code and name name two schools,
        // and the pupil would be filed under one of them by guess — refused (tester v24b F3). A name
        // no school has (an old or a short name) is a warning: the code decides.
        const other = schools.codesByName.get(schoolNameKey(r.schoolName))?.filter((c) => c !== school!.code);
        if (other && other.length > 0) {
          errors.push({
            row: r.row,
            column: '学校名称',
            message: `学校名称“${r.schoolName.trim()}”是另一所学校（学校标识码 ${other.slice(0, 3).join('、')}）的名称，与本行学校标识码 ${school.code} 的学校“${school.name}”不一致：请核对本行的学校标识码和学校名称，改正后重新导入`,
            severity: 'error',
          });
          continue;
        }
        const key = `${school.code}|${schoolNameKey(r.schoolName)}`;
        const seen = misnamed.get(key);
        if (seen) seen.count++;
        else misnamed.set(key, { row: r.row, count: 1, given: r.schoolName.trim(), school });
      }
    } else {
      const key = schoolNameKey(r.schoolName);
      const hits = schools.byName.get(key) ?? [];
      if (hits.length !== 1) {
        const why =
          hits.length > 1
            ? '有重名学校，请填写学校标识码'
            : schools.codesByName.has(key)
              ? '不在您的管辖范围内'
              : '不存在（请核对学校名称，或改填学校标识码）';
        errors.push({
          row: r.row,
          column: '学校名称',
          message: `学校“${r.schoolName}”${why}`,
          severity: 'error',
        });
        continue;
      }
      school = hits[0]!;
      r.schoolCode = school.code;
    }
    if (r.stage && !school.stages.includes(r.stage)) {
      errors.push({
        row: r.row,
        column: '学段',
        message: `学段与学校“${school.name}”的学段不符`,
        severity: 'error',
      });
    } else if (!r.stage) {
      r.stage = stageFor(school.stages, r.birthDate, asOf);
      if (!r.stage)
        errors.push({
          row: r.row,
          column: '学段',
          message: '未填写学段，且无法根据学校和年龄确定',
          severity: 'error',
        });
    }
    const age = r.stage ? stageAgeWarning(r.row, r.stage, r.birthDate, asOf) : null;
    if (age) warnings.push(age);
  }
  for (const m of misnamed.values()) warnings.push(misnamedWarning(m));
}

/**
 * A 学校名称 that is not the school's whose 学校标识码 the row gives (tester v20b F13): the code
 * decides, and the first such row says so, with how many rows share the pair (a renamed school's
 * old name on a whole roll is one warning, not hundreds).
 */
function misnamedWarning(m: { row: number; count: number; given: string; school: SchoolRef }): RowMessage {
  return {
    row: m.row,
    column: '学校名称',
    message: `学校名称“${m.given}”与学校标识码 ${m.school.code} 的学校“${m.school.name}”不一致${
      m.count > 1 ? `（本文件共 ${m.count} 行如此）` : ''
    }：已按学校标识码导入，请核对标识码是否填错`,
    severity: 'warning',
  };
}

/** The school's only stage, or the stage that fits the child's age. */
function stageFor(stages: Stage[], birthDate: string | null, asOf: string): Stage | null {
  if (stages.length === 1) return stages[0]!;
  if (!birthDate) return null;
  const age = ageOn(birthDate, asOf);
  const byAge: Stage[] =
    age < 6
      ? ['preschool']
      : age < 12
        ? ['primary']
        : age < 15
          ? ['junior']
          : age < 19
            ? ['senior', 'vocational']
            : ['higher'];
  return stages.find((s) => byAge.includes(s)) ?? null;
}

/**
 * Rows whose ID an enrolled student of another 学籍号 already holds, at a school this roll does not
 * cover (a covered school's students missing from the roll leave; they are no second enrolment).
 * The other school is named only when it is in the actor's scope.
 */
async function enrolledElsewhere(
  db: Executor,
  actor: Actor,
  records: RollRecord[],
): Promise<{ messages: RowMessage[]; away: IdHeldAway[] }> {
  const byId = new Map<string, RollRecord[]>();
  for (const r of records)
    if (r.idNumber !== null && r.idType === null) {
      const list = byId.get(r.idNumber);
      if (list) list.push(r);
      else byId.set(r.idNumber, [r]);
    }
  const covered = new Set(records.map((r) => r.schoolCode));
  const inFile = new Set(records.map((r) => r.studentNo));
  const ids = [...byId.keys()];
  const out: RowMessage[] = [];
  const away: IdHeldAway[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    const hits = await db
      .selectFrom('student as s')
      .innerJoin('school as sc', 'sc.code', 's.school_code')
      .select([
        's.student_no',
        's.id_number',
        's.name',
        's.school_code',
        'sc.name as school_name',
        's.person_id',
        sql<boolean>`${inSchoolScope(actor, 's.school_code', 's.region_code')}`.as('visible'),
      ])
      .where('s.id_number', 'in', ids.slice(i, i + 5000))
      .where('s.status', '=', 'enrolled')
      .execute();
    // The persons of those outside the scope whose file this scope cannot open yet (a pupil of its
    // own enrolled twice is no news to it).
    const hidden = [
      ...new Set(hits.filter((h) => !h.visible && h.person_id !== null).map((h) => h.person_id!)),
    ];
    const opened = new Set(
      hidden.length === 0
        ? []
        : (
            await db
              .selectFrom('person')
              .select('person.id')
              .where('person.id', 'in', hidden)
              .where(personInScope(actor))
              .execute()
          ).map((x) => Number(x.id)),
    );
    for (const h of hits) {
      // The same 学籍号 in this file is an update; a covered school's student missing from it leaves.
      if (inFile.has(h.student_no) || covered.has(h.school_code)) continue;
      for (const r of byId.get(h.id_number!)!) {
        out.push(
          enrolledElsewhereMessage(
            r.row,
            h.visible ? { studentNo: h.student_no, schoolName: h.school_name } : null,
          ),
        );
        if (!h.visible && h.person_id !== null && !opened.has(Number(h.person_id)))
          away.push({ row: r.row, idNumber: r.idNumber! });
      }
    }
  }
  return { messages: out, away };
}

/**
 * Rows whose 学籍号 is a pupil's of a school outside the actor's scope (another county's, or for a
 * school account another school's), enrolled or left. A row that is not that pupil (roll-identity.ts
 * samePupil) is an error: no roll may rename, clear or re-point another scope's pupil. One that is
 * moves them here (转入), with a warning naming the former school. Returns the 学籍号 that move in.
 */
async function outsideScope(
  db: Executor,
  actor: Actor,
  records: RollRecord[],
  report: ImportReport,
  /** Gets every 学籍号 examined: a pupil's outside the actor's scope. */
  examined: Set<string>,
  /** Gets the pupils moving in who are still 在读 at their school. */
  enrolledAway: EnrolledAway[],
): Promise<Set<string>> {
  const byNo = new Map(records.map((r) => [r.studentNo, r]));
  const nos = [...byNo.keys()];
  const moving = new Set<string>();
  for (let i = 0; i < nos.length; i += 5000) {
    const hits = await db
      .selectFrom('student as s')
      .innerJoin('school as sc', 'sc.code', 's.school_code')
      .select([
        's.student_no',
        's.name',
        's.birth_date',
        's.id_number',
        's.id_type',
        's.status',
        'sc.name as school_name',
        (eb) =>
          eb
            .selectFrom('region')
            .select('region.name')
            .whereRef('region.code', '=', 'sc.county_code')
            .where('region.current', '=', true)
            .limit(1)
            .as('county_name'),
      ])
      .where('s.student_no', 'in', nos.slice(i, i + 5000))
      .where(sql<boolean>`not ${inSchoolScope(actor, 's.school_code', 's.region_code')}`)
      .execute();
    for (const h of hits) {
      const r = byNo.get(h.student_no)!;
      examined.add(r.studentNo);
      // (The birth date the row's own cell gave: one read from a G + ID 学籍号 is the 学籍号 again.)
      const given = { idRaw: r.idNumberRaw, idType: r.idType, name: r.name, birthDate: r.ownBirthDate };
      const stored = {
        idNumber: h.id_type === null ? h.id_number : null,
        name: h.name,
        birthDate: h.birth_date,
      };
      const verdict = samePupil(given, stored);
      if (!verdict.same) {
        report.errors.push(foreignPupilError(r.row, r.studentNo, verdict.fields));
        continue;
      }
      const county = h.county_name ?? '';
      const school = h.school_name.startsWith(county) ? h.school_name : `${county}${h.school_name}`;
      report.warnings.push(
        transferInWarning(r.row, school, h.status === 'left', agreeingFields(given, stored)),
      );
      if (h.status !== 'left') enrolledAway.push({ row: r.row, studentNo: r.studentNo, school });
      moving.add(r.studentNo);
    }
  }
  return moving;
}

/** A stored pupil whose valid ID the roll changes (`changedIds`): their comparison no longer holds. */
interface IdChange {
  studentId: number;
  studentNo: string;
  /** The row of the file. */
  row: number;
  regionCode: string;
  /** The valid ID stored before, and the one the roll gives, if any. */
  before: string | null;
  after: string | null;
  /** A valid ID replaced by another valid one (a correction): the record moves to another person. */
  corrected: boolean;
}

/** Stored pupils whose valid ID (as it stands after keepStoredIds) the roll changes: given, taken or replaced. */
function changedIds(
  rows: NewStudentRow[],
  rowNos: Int32Array,
  existing: Map<string, StoredStudent>,
): IdChange[] {
  const out: IdChange[] = [];
  rows.forEach((r, i) => {
    const stored = existing.get(r.student_no);
    if (stored === undefined) return;
    const before = stored.id_type === null ? stored.id_number : null;
    const after = r.id_type === null ? r.id_number : null;
    if (before === after) return;
    const corrected = before !== null && after !== null;
    out.push({
      studentId: stored.id,
      studentNo: r.student_no,
      row: rowNos[i]!,
      regionCode: r.region_code,
      before,
      after,
      corrected,
    });
  });
  return out;
}

/**
 * Voids what the comparison found for pupils whose ID changed (`changedIds`): their results, so that
 * no list and no entitlement run takes them as 建档立卡 under an identity they no longer have until the
 * comparison runs again; and for a corrected ID, the reviewers' decisions on the pupil, which were
 * about the former person (a later run would apply them to the new one). Audited; returns the file's
 * rows of the pupils who lost a result or a decision.
 */
async function voidComparison(trx: Transaction<DB>, actor: Actor, changes: IdChange[]): Promise<number[]> {
  const voided = new Map<string, number>();
  const audit: AuditInput[] = [];
  for (let i = 0; i < changes.length; i += 5000) {
    const chunk = changes.slice(i, i + 5000);
    const byId = new Map(chunk.map((c) => [c.studentId, c]));
    const results = await trx
      .deleteFrom('match_result')
      .where(
        'student_id',
        'in',
        chunk.map((c) => c.studentId),
      )
      .returning(['student_id', 'result', 'person_no'])
      .execute();
    for (const r of results) {
      const c = byId.get(Number(r.student_id))!;
      voided.set(c.studentNo, c.row);
      audit.push({
        action: 'delete',
        entity: 'match_result',
        entityId: c.studentNo,
        scopeCode: c.regionCode,
        before: { result: r.result, personNo: r.person_no },
        after: { reason: 'id_changed' },
      });
    }
    const corrected = chunk.filter((c) => c.corrected);
    if (corrected.length === 0) continue;
    const byNo = new Map(corrected.map((c) => [c.studentNo, c]));
    const decisions = await trx
      .deleteFrom('match_decision')
      .where(
        'student_no',
        'in',
        corrected.map((c) => c.studentNo),
      )
      .returning(['student_no', 'person_no', 'decision'])
      .execute();
    for (const d of decisions) {
      const c = byNo.get(d.student_no)!;
      voided.set(c.studentNo, c.row);
      audit.push({
        action: 'delete',
        entity: 'match_decision',
        entityId: c.studentNo,
        scopeCode: c.regionCode,
        before: { personNo: d.person_no, decision: d.decision },
        after: { reason: 'id_corrected' },
      });
    }
  }
  if (audit.length > 0) await appendAudit(trx, actor, audit);
  return [...voided.values()].sort((a, b) => a - b);
}

const isText = (x: string | null): x is string => x !== null;

/**
 * Optional roll columns and the stored fields they fill. A roll without one of them (a school's
 * export of names and IDs only) says nothing about it: pupils already stored keep what they had,
 * instead of losing their guardian, 户籍 or 寄宿 mark to an empty cell.
 */
const KEPT_WHEN_ABSENT: ReadonlyArray<readonly [RollField, keyof StoredStudent & keyof NewStudentRow]> = [
  ['sex', 'sex'],
  ['birthDate', 'birth_date'],
  ['grade', 'grade'],
  ['className', 'class_name'],
  ['hukou', 'hukou'],
  ['guardianName', 'guardian_name'],
  ['guardianIdNumber', 'guardian_id_number'],
  ['boarding', 'boarding'],
  ['leftBehind', 'left_behind'],
  ['disabled', 'disabled'],
  ['poor', 'school_marked_poor'],
];

/**
 * Copies the stored value of every absent column into the rows of pupils already stored; returns
 * the absent columns whose stored value differed from what the empty column would have written.
 */
function keepAbsentColumns(
  rows: NewStudentRow[],
  existing: Map<string, StoredStudent>,
  absent: typeof KEPT_WHEN_ABSENT,
): RollField[] {
  const kept = new Set<RollField>();
  if (absent.length === 0) return [];
  for (const r of rows) {
    const stored = existing.get(r.student_no);
    if (stored === undefined) continue;
    const row = r as Record<string, unknown>;
    for (const [key, field] of absent) {
      if (row[field] !== stored[field]) kept.add(key);
      row[field] = stored[field];
    }
  }
  return absent.map(([key]) => key).filter((k) => kept.has(k));
}

/** A pupil's own facts, which a transfer in's blank cell leaves as they were (`keepForTransfersIn`). */
const PUPIL_FACTS = [
  'sex',
  'birth_date',
  'id_number_raw',
  'hukou',
  'guardian_name',
  'guardian_id_number',
  'left_behind',
] as const;

/**
 * A pupil moving in from a school outside the importer's scope (`transfersIn`): a blank cell of the
 * new school's roll is what it does not know yet, not a fact to clear — the pupil's sex, birth date,
 * 户籍, guardian and 留守 mark stay as stored (the comparison reads them). The school's own cells
 * (年级, 班级, 寄宿) are the new school's.
 */
function keepForTransfersIn(
  rows: NewStudentRow[],
  existing: Map<string, StoredStudent>,
  transfersIn: ReadonlySet<string>,
): void {
  if (transfersIn.size === 0) return;
  for (const r of rows) {
    if (!transfersIn.has(r.student_no)) continue;
    const stored = existing.get(r.student_no);
    if (stored === undefined) continue;
    const row = r as Record<string, unknown>;
    for (const field of PUPIL_FACTS)
      if ((row[field] === null || row[field] === '') && stored[field] !== null) row[field] = stored[field];
  }
}

/**
 * A stored pupil's guardian (name, ID) that the new roll's cell leaves blank — or fills with a
 * placeholder, read as blank — stays: a guardian does not cease to be, and a school's export that
 * lost the cell must not clear it (tester v26b F10: "-" wiped the name and kept the ID). Returns
 * how many pupils kept one.
 */
function keepBlankGuardians(rows: NewStudentRow[], existing: Map<string, StoredStudent>): number {
  let n = 0;
  for (const r of rows) {
    const stored = existing.get(r.student_no);
    if (stored === undefined) continue;
    let kept = false;
    const blank = (v: string | null) => v === null || v === '';
    // (Only while the other cell is blank too or the stored one: a new guardian's ID beside a
    // blank name is not the old guardian's name — verifier v26f F2.)
    for (const [field, other] of [
      ['guardian_name', 'guardian_id_number'],
      ['guardian_id_number', 'guardian_name'],
    ] as const)
      if (blank(r[field]) && !blank(stored[field]) && (blank(r[other]) || r[other] === stored[other])) {
        (r as Record<string, unknown>)[field] = stored[field];
        kept = true;
      }
    if (kept) n++;
  }
  return n;
}

/** The notice naming the absent columns whose stored values stayed. */
function absentNotice(kept: readonly RollField[]): string | null {
  if (kept.length === 0) return null;
  const headers = kept.map((key) => `“${ROLL_FIELDS.find((f) => f.key === key)!.header}”`).join('、');
  return `学生名册中没有${headers}列：已在系统中的学生保留原有的这些信息，不会被清空；新学生的这些信息为空。`;
}

/**
 * A newer roll whose ID cell is blank, or a copy Excel damaged, of a pupil whose valid ID an earlier
 * roll stored: the stored ID stands (`storedIdStands`), so the pupil keeps their ID and stays the
 * same person (一生一档). The row's warning says so instead of flagging an ID problem. So too a
 * valid ID that is plainly another's (anothersIdInstead): what the import said of that other ID goes
 * with it. Returns the rows of the latter (they are filed under the pupil, not apart).
 */
function keepStoredIds(
  rows: NewStudentRow[],
  rowNos: Int32Array,
  existing: Map<string, StoredStudent>,
  report: ImportReport,
  /** Rows whose valid ID is another person's of another scope, under another name (othersPersonsNotLinked). */
  othersIds: ReadonlySet<number> = new Set(),
): Set<number> {
  const kept = new Map<number, string>();
  /** Rows whose valid ID was plainly another's (anothersIdInstead): what was said of that ID goes. */
  const anothers = new Set<number>();
  let fromExcel = 0;
  let other = 0;
  rows.forEach((r, i) => {
    const stored = existing.get(r.student_no)?.id_number ?? null;
    if (stored === null || r.id_type !== null || r.id_number === stored) return;
    // A valid ID that is plainly another's (the guardian's, an adult's) is no correction: the pupil keeps theirs.
    // So is the ID of another person on record under another name: a twin's is born the pupil's day.
    const whose =
      r.id_number === null
        ? null
        : (anothersIdInstead(r.id_number, stored, r.guardian_id_number, r.birth_date) ??
          (othersIds.has(rowNos[i]!) ? 'person' : null));
    if (whose !== null) {
      kept.set(rowNos[i]!, anothersIdKeptMessage(whose, r.id_number!, r.birth_date));
      anothers.add(rowNos[i]!);
      r.id_number = stored;
      r.id_problem = null;
      other++;
      return;
    }
    // (A …000 that passed its check was read as an ID: still Excel's copy when it begins the stored one.)
    if (r.id_number !== null && !r.id_number.endsWith('000')) return;
    const how = storedIdStands(r.id_number_raw, stored);
    if (how === null) return;
    r.id_number = stored;
    r.id_problem = null;
    kept.set(rowNos[i]!, storedIdMessage(r.id_number_raw, how));
    if (how === 'excel') fromExcel++;
    else other++;
  });
  if (kept.size === 0) return anothers;
  report.storedIds = { excel: fromExcel, other };
  const replaced = new Set<number>();
  report.warnings = report.warnings.flatMap((w) => {
    // (The other person's ID the cell held is not the pupil's: not filed apart, no 一人多籍 with it.)
    if (anothers.has(w.row) && w.column === '身份证件号') return [];
    const message = w.column === '身份证件号' ? kept.get(w.row) : undefined;
    if (message === undefined || !isIdProblemWarning(w.message)) return [w];
    if (replaced.has(w.row)) return [];
    replaced.add(w.row);
    return [{ ...w, message }];
  });
  for (const [row, message] of kept)
    if (!replaced.has(row)) report.warnings.push({ row, column: '身份证件号', message, severity: 'warning' });
  report.warnings.sort((a, b) => a.row - b.row);
  return anothers;
}

/**
 * One 学籍号 is one enrolment: a second row with it cannot be stored beside the first. The message
 * says which case it looks like — the same pupil at two schools (一人多籍 under one number), or a row
 * repeated — and what to do.
 */
function findDuplicates(records: RollRecord[], errors: RowMessage[]): void {
  const first = new Map<string, RollRecord>();
  for (const r of records) {
    const prev = first.get(r.studentNo);
    if (prev === undefined) {
      first.set(r.studentNo, r);
      continue;
    }
    const why =
      prev.name !== r.name
        ? `两行姓名不同（${prev.name}、${r.name}）：一个学籍号不能属于两名学生，请在学籍系统中核对哪一行的学籍号有误，更正后重新导入`
        : prev.schoolCode !== r.schoolCode
          ? `同一学籍号出现在两所学校（${prev.schoolName || prev.schoolCode}、${r.schoolName || r.schoolCode}），可能是学生转学后原学校未注销（一人多籍）：请核实该生在读学校，删除另一行后重新导入`
          : '同一学生在名册中出现两次：请删除多余的一行后重新导入';
    errors.push({
      row: r.row,
      column: '学籍号',
      message: `学籍号 ${r.studentNo} 与第 ${prev.row} 行重复：${why}`,
      severity: 'error',
    });
  }
}

function toRow(r: RollRecord, school: SchoolRef): NewStudentRow {
  return {
    student_no: r.studentNo,
    name: r.name,
    sex: r.sex,
    birth_date: r.birthDate,
    id_number_raw: r.idNumberRaw || null,
    id_number: r.idNumber,
    id_problem: r.idProblem,
    id_type: r.idType,
    school_code: school.code,
    county_code: school.county_code,
    region_code: school.region_code,
    stage: r.stage!,
    grade: r.grade || null,
    class_name: r.className || null,
    hukou: r.hukou || null,
    guardian_name: r.guardianName || null,
    guardian_id_number: r.guardianIdNumber || null,
    boarding: r.boarding,
    left_behind: r.leftBehind,
    disabled: r.disabled,
    school_marked_poor: r.poor,
    status: 'enrolled',
  };
}

const STORED = [
  'id',
  'student_no',
  'person_id',
  'name',
  'id_number_raw',
  'id_type',
  'id_number',
  'sex',
  'birth_date',
  'school_code',
  'stage',
  'grade',
  'class_name',
  'hukou',
  'guardian_name',
  'guardian_id_number',
  'boarding',
  'left_behind',
  'disabled',
  'school_marked_poor',
  'status',
  'left_at',
  'county_code',
  'region_code',
] as const;

/** Stored students the new roll touches: same 学籍号, or enrolled at a school it covers. */
async function loadExisting(
  trx: Transaction<DB>,
  rows: NewStudentRow[],
): Promise<Map<string, StoredStudent>> {
  const out = new Map<string, StoredStudent>();
  const nos = rows.map((r) => r.student_no);
  for (let i = 0; i < nos.length; i += 5000) {
    const found = await trx
      .selectFrom('student')
      .select(STORED)
      .where('student_no', 'in', nos.slice(i, i + 5000))
      .execute();
    for (const s of found) out.set(s.student_no, s as StoredStudent);
  }
  const covered = [...new Set(rows.map((r) => r.school_code))];
  const atSchools = await trx
    .selectFrom('student')
    .select(STORED)
    .where('school_code', 'in', covered)
    .where('status', '=', 'enrolled')
    .execute();
  for (const s of atSchools) out.set(s.student_no, s as StoredStudent);
  return out;
}

/** A stored or incoming row as `renumbered` reads it: a 居民身份证 number, or school, name and birth date. */
function numbered(r: StoredStudent | NewStudentRow) {
  return {
    studentNo: r.student_no,
    schoolCode: r.school_code,
    status: r.status,
    idNumber: r.id_type === null ? r.id_number : null,
    name: r.name,
    birthDate: r.birth_date,
  };
}

/** What the import says of pupils it found under a new 学籍号. */
export function renumberedNotice(n: number): string {
  return `${n} 名学生的学籍号与系统中不同，但身份证号（原来没有身份证号的，姓名和出生日期）与本校（或本文件所含学校）一名不在文件中的在读学生相同（如临时学籍号换成了全国学籍号）：已按同一学生改用新学籍号，原有的比对结果、核实决定、资助和变动记录都保留，不记为离校和新增`;
}

/** Files stored pupils under their new 学籍号 (`renumbered`: new → old), with their review decisions and history. */
async function renumber(trx: Transaction<DB>, moves: ReadonlyMap<string, string>): Promise<void> {
  const pairs = [...moves];
  // (A county moving from temporary to national numbers renumbers thousands: 1,000 a statement.)
  for (let i = 0; i < pairs.length; i += 1000) {
    const values = sql.join(pairs.slice(i, i + 1000).map(([n, o]) => sql`(${n}, ${o})`));
    for (const table of ['student', 'match_decision', 'student_change'] as const)
      await sql`update ${sql.table(table)} t set student_no = v.new_no
        from (values ${values}) as v(new_no, old_no) where t.student_no = v.old_no`.execute(trx);
  }
}

async function upsertStudents(
  trx: Transaction<DB>,
  rows: NewStudentRow[],
  persons: Array<number | null>,
  batchId: number,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    onProgress(i, rows.length);
    const values = rows
      .slice(i, i + 1000)
      .map((r, j) => ({ ...r, person_id: persons[i + j] ?? null, batch_id: batchId, left_at: null }));
    await trx
      .insertInto('student')
      .values(values)
      .onConflict((oc) =>
        oc.column('student_no').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          sex: eb.ref('excluded.sex'),
          birth_date: eb.ref('excluded.birth_date'),
          id_number_raw: eb.ref('excluded.id_number_raw'),
          id_number: eb.ref('excluded.id_number'),
          id_problem: eb.ref('excluded.id_problem'),
          id_type: eb.ref('excluded.id_type'),
          person_id: eb.ref('excluded.person_id'),
          school_code: eb.ref('excluded.school_code'),
          county_code: eb.ref('excluded.county_code'),
          region_code: eb.ref('excluded.region_code'),
          stage: eb.ref('excluded.stage'),
          grade: eb.ref('excluded.grade'),
          class_name: eb.ref('excluded.class_name'),
          hukou: eb.ref('excluded.hukou'),
          guardian_name: eb.ref('excluded.guardian_name'),
          guardian_id_number: eb.ref('excluded.guardian_id_number'),
          boarding: eb.ref('excluded.boarding'),
          left_behind: eb.ref('excluded.left_behind'),
          disabled: eb.ref('excluded.disabled'),
          school_marked_poor: eb.ref('excluded.school_marked_poor'),
          status: sql<'enrolled'>`'enrolled'`,
          left_at: null,
          batch_id: eb.ref('excluded.batch_id'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

async function markLeft(
  trx: Transaction<DB>,
  changes: RollChange[],
  asOf: string,
  batchId: number,
): Promise<void> {
  const left = changes.filter((c) => c.kind === 'left').map((c) => c.studentNo);
  for (let i = 0; i < left.length; i += 5000) {
    await trx
      .updateTable('student')
      .set({ status: 'left', left_at: asOf, batch_id: batchId, updated_at: new Date() })
      .where('student_no', 'in', left.slice(i, i + 5000))
      .execute();
  }
}

async function recordChanges(
  trx: Transaction<DB>,
  actor: Actor,
  changes: RollChange[],
  existing: Map<string, StoredStudent>,
  rows: NewStudentRow[],
  batchId: number,
  onProgress: (done: number, total: number) => void,
): Promise<void> {
  const byNo = new Map(rows.map((r) => [r.student_no, r]));
  const place = (no: string) => byNo.get(no) ?? existing.get(no)!;
  // Each change is a student_change row and an audit entry, built a chunk at a time: a city roll
  // makes a million of each.
  const total = 2 * changes.length;
  for (let i = 0; i < changes.length; i += 1000) {
    onProgress(i, total);
    await trx
      .insertInto('student_change')
      .values(
        changes.slice(i, i + 1000).map((c) => ({
          student_no: c.studentNo,
          batch_id: batchId,
          kind: c.kind,
          county_code: place(c.studentNo).county_code,
          region_code: place(c.studentNo).region_code,
          before: 'before' in c ? JSON.stringify(c.before) : null,
          after: 'after' in c ? JSON.stringify(c.after) : null,
        })),
      )
      .execute();
  }
  for (let i = 0; i < changes.length; i += 5000) {
    onProgress(changes.length + i, total);
    const audit: AuditInput[] = changes.slice(i, i + 5000).map((c) => ({
      action: c.kind === 'new' ? 'create' : 'update',
      entity: 'student',
      entityId: c.studentNo,
      scopeCode: place(c.studentNo).region_code,
      before: 'before' in c ? c.before : null,
      after: 'after' in c ? { change: c.kind, ...c.after } : { change: c.kind, status: 'left' },
    }));
    await appendAudit(trx, actor, audit);
  }
}
