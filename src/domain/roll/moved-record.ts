/**
 * A pupil's record that a newer roll moved from one person (一生一档) to another by correcting the
 * pupil's ID within the importer's scope (roll-identity.ts idCorrectedWarning): the stored roll
 * change keeps the record's former person in its before-snapshot (`personId`) and both ID cells.
 * The former person's file says where the record went, the new person's where it came from: one
 * sentence each, built here from the change's facts, every personal number masked as the person
 * page masks it. Pure.
 */
import { maskId, normaliseId } from '../identity/id-number.ts';
import { maskStudentNo } from '../identity/personal-mask.ts';
import type { RollSnapshot } from './roll-diff.ts';

/** What one stored roll change says of an ID correction; numbers whole (never to leave the server so). */
export interface IdCorrection {
  /** The 学籍号 of the change's time. */
  studentNo: string;
  /** The valid ID the record had, and the one the roll gave. */
  fromId: string;
  toId: string;
  /** The person the record belonged to before the change (null: not recorded). */
  fromPersonId: number | null;
}

/** A G + ID 学籍号's ID: what the import reads for a blank or Excel-damaged ID cell. */
const G_ID = /^G(\d{17}[\dX])$/;

/** The valid ID a snapshot's ID cell gives, else the one its G + ID 学籍号 holds, else null. */
function idOf(snap: RollSnapshot): string | null {
  const raw = snap.fields?.id_number_raw;
  const own = typeof raw === 'string' ? normaliseId(raw).id : null;
  if (own !== null) return own;
  const no = snap.fields?.student_no ?? snap.studentNo;
  const m = typeof no === 'string' ? G_ID.exec(no.trim().toUpperCase()) : null;
  return m ? normaliseId(m[1]).id : null;
}

/**
 * The ID correction a stored roll change (its before- and after-snapshots) records: a valid ID
 * replaced by another valid one. Null for any other change (a new or departed pupil, an ID given,
 * cleared or kept). Whether the record really left its person is the caller's to check (the
 * record's person now).
 */
export function idCorrection(before: RollSnapshot | null, after: RollSnapshot | null): IdCorrection | null {
  if (!before || !after) return null;
  const fromId = idOf(before);
  const toId = idOf(after);
  if (fromId === null || toId === null || fromId === toId) return null;
  const no = after.fields?.student_no;
  const person = Number(before.personId);
  return {
    studentNo: typeof no === 'string' && no !== '' ? no : after.studentNo,
    fromId,
    toId,
    fromPersonId: before.personId == null || !Number.isSafeInteger(person) ? null : person,
  };
}

/**
 * Per record (学籍号), the latest of its corrections, in the order given (oldest first): a record
 * corrected twice is where the last correction put it.
 */
export function latestPerRecord<T extends { key: string }>(items: readonly T[]): T[] {
  const last = new Map<string, T>();
  for (const it of items) {
    last.delete(it.key);
    last.set(it.key, it);
  }
  return [...last.values()];
}

/** Whether the record left the file (`out`) or came into it (`in`). */
export type MovedDirection = 'out' | 'in';

/** A moved record as the person file shows it: masked facts and the sentence. */
export interface MovedRecordNote {
  direction: MovedDirection;
  /** 学籍号 of the change's time, masked (G + ID: its ID part). */
  studentNo: string;
  /** The day of the import, YYYY-MM-DD (the bureau's day). */
  day: string;
  /** The former and the corrected ID, masked. */
  fromId: string;
  toId: string;
  text: string;
}

/**
 * The note of a record a corrected ID moved: on the former person's file (`out`), “学籍记录已转出：
 * 学籍号 … 的学籍记录于 2026-11-30 因身份证号更正（由 … 改为 …）转至另一人员档案”; on the new
 * person's (`in`), that it came from another file. `day` is the import's day (YYYY-MM-DD).
 */
export function movedRecordNote(direction: MovedDirection, c: IdCorrection, day: string): MovedRecordNote {
  const studentNo = maskStudentNo(c.studentNo);
  const fromId = maskId(c.fromId);
  const toId = maskId(c.toId);
  const what = `学籍号 ${studentNo} 的学籍记录于 ${day} 因身份证号更正（由 ${fromId} 改为 ${toId}）`;
  const text =
    direction === 'out'
      ? `学籍记录已转出：${what}转至另一人员档案`
      : `学籍记录由更正身份证号转入：${what}由原身份证号的人员档案转入本档案`;
  return { direction, studentNo, day, fromId, toId, text };
}
