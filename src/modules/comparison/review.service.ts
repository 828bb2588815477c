import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { MatchCandidateJson, RegistryPersonTable } from '../../db/types-comparison.ts';
import { displayId, normaliseId } from '../../domain/identity/id-number.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import {
  allRejectedExplanation,
  confirmedIdProblem,
  manualConfirmExplanation,
} from '../../domain/matching/index.ts';
import { type LinkSide, linkDifferences, unlikeLink } from '../../domain/matching/link-check.ts';
import {
  guardianOutsideHousehold,
  hukouOutsideCounty,
  idBirthDateConflict,
  MIN_REJECT_NOTE_CHARS,
} from '../../domain/matching/review-marks.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, notFound } from '../../server/errors.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { upsertPersons } from '../persons/persons.store.ts';

const REG_COLUMNS = [
  'id',
  'person_id',
  'person_no',
  'household_no',
  'name',
  'id_number_raw',
  'id_number',
  'sex',
  'birth_date',
  'relation',
  'head_name',
  'head_id_number',
  'county_name',
  'township_name',
  'village_name',
  'poverty_attribute',
  'exit_status',
] as const;

/** A registry person as the reviewer sees them (the review drawer, a link's preview): ID masked. */
function registryPersonView(p: Pick<Selectable<RegistryPersonTable>, (typeof REG_COLUMNS)[number]>) {
  return {
    personNo: p.person_no,
    householdNo: p.household_no,
    name: p.name,
    sex: p.sex,
    birthDate: p.birth_date,
    idMasked: displayId(p.id_number, p.id_number_raw),
    relation: p.relation,
    headName: p.head_name,
    place: [p.county_name, p.township_name, p.village_name].filter(Boolean).join(''),
    povertyAttribute: p.poverty_attribute,
    exitStatus: p.exit_status,
  };
}

async function findResult(db: Kysely<DB>, actor: Actor, studentId: number) {
  const row = await db
    .selectFrom('match_result as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .innerJoin('school as sc', 'sc.code', 's.school_code')
    .select([
      'r.id as result_id',
      'r.result',
      'r.explanation',
      'r.candidates',
      'r.id_problem',
      'r.person_no',
      's.id',
      's.person_id',
      's.student_no',
      's.name',
      's.sex',
      's.birth_date',
      's.id_number_raw',
      's.id_number',
      's.guardian_name',
      's.guardian_id_number',
      's.hukou',
      's.stage',
      's.grade',
      's.county_code',
      's.region_code',
      'sc.name as school_name',
    ])
    .where('r.student_id', '=', studentId)
    // The pupil's school now, not the run's scope: a result a county's run made before the pupil
    // moved to another county's school (转入) is that county's to review, not the former one's.
    .where(inSchoolScope(actor, 's.school_code', 's.region_code'))
    .executeTakeFirst();
  if (!row) throw notFound('比对结果');
  return row;
}

/**
 * Who a review's audit entry is about, beyond its 学籍号 (shown masked: two pupils of one school may
 * read alike — tester t28f F1): the student record's number, the name and the school.
 */
function pupilOf(r: { id: number; name: string; school_name: string }) {
  return { studentId: r.id, studentName: r.name, school: r.school_name };
}

/**
 * Both records side by side for a reviewer: the student and every candidate registry person
 * (with their household), IDs masked, and which fields differ.
 */
export async function getReview(db: Kysely<DB>, actor: Actor, studentId: number) {
  const r = await findResult(db, actor, studentId);
  const cands = r.candidates as MatchCandidateJson[];
  const personNos = cands.map((c) => c.personNo);
  // The pupil beside the candidates' households: a read of personal data, logged (tester v24b F6).
  await appendAudit(db, actor, {
    action: 'view_file',
    entity: 'match_result',
    entityId: r.student_no,
    scopeCode: r.region_code,
    after: { ...pupilOf(r), candidates: personNos },
  });
  const regs = personNos.length
    ? await db
        .selectFrom('registry_person')
        .select(REG_COLUMNS)
        .where('person_no', 'in', personNos)
        .where('current', '=', true)
        .execute()
    : [];
  const households = regs.length
    ? await db
        .selectFrom('registry_person')
        .select(['household_no', 'person_no', 'name', 'relation', 'birth_date', 'id_number'])
        .where('household_no', 'in', [...new Set(regs.map((p) => p.household_no))])
        .where('current', '=', true)
        .orderBy('person_no')
        .execute()
    : [];
  const student = {
    id: r.id,
    personId: r.person_id,
    studentNo: r.student_no,
    name: r.name,
    sex: r.sex,
    birthDate: r.birth_date,
    idMasked: displayId(r.id_number, r.id_number_raw),
    /** The birth date the row's own ID gives, when the 出生日期 column says otherwise. */
    idBirthDate: idBirthDateConflict(r.id_number, r.id_number_raw, r.birth_date),
    guardianName: r.guardian_name,
    guardianIdMasked: r.guardian_id_number ? displayId(null, r.guardian_id_number) : null,
    hukou: r.hukou,
    school: r.school_name,
    stage: r.stage,
    grade: r.grade,
  };
  return {
    result: { result: r.result, explanation: r.explanation, idProblem: r.id_problem, personNo: r.person_no },
    student,
    candidates: cands.map((c) => {
      const p = regs.find((x) => x.person_no === c.personNo);
      return {
        ...c,
        person: p
          ? {
              personId: p.person_id,
              ...registryPersonView(p),
              headIdMasked: p.head_id_number ? displayId(null, p.head_id_number) : null,
            }
          : null,
        differences: p
          ? {
              name: p.name !== r.name,
              birthDate: p.birth_date !== r.birth_date,
              sex: !!p.sex && !!r.sex && p.sex !== r.sex,
              // The same ID spelt otherwise (a lower-case x, a quote) is the same ID.
              idNumber:
                (p.id_number ?? p.id_number_raw?.trim() ?? '') !==
                (r.id_number ?? r.id_number_raw?.trim() ?? ''),
              place: hukouOutsideCounty(r.hukou, p.county_name),
              guardian: guardianOutsideHousehold(
                r.guardian_name,
                r.guardian_id_number,
                households
                  .filter((h) => h.household_no === p.household_no)
                  .map((h) => ({ name: h.name, idNumber: h.id_number })),
              ),
            }
          : null,
        // (Members' IDs stay here: they were read to compare the guardian with.)
        household: households
          .filter((h) => p && h.household_no === p.household_no)
          .map(({ id_number: _, ...h }) => h),
      };
    }),
  };
}

/**
 * Records a reviewer's decision on a pair; it is audited and applied by every later run.
 * Confirming links the student to the registry person's lifelong file.
 */
export async function decideReview(
  db: Kysely<DB>,
  actor: Actor,
  studentId: number,
  input: {
    personNo: string;
    decision: 'confirm' | 'reject';
    note?: string;
    seen?: { result: string; personNo: string | null };
  },
) {
  return db.transaction().execute(async (trx) => {
    const r = await findResult(trx as unknown as Kysely<DB>, actor, studentId);
    // Decided meanwhile (another tab, another reviewer): the later click must not silently undo it.
    if (input.seen && (input.seen.result !== r.result || input.seen.personNo !== r.person_no))
      throw conflict(RESULT_CHANGED);
    const cands = r.candidates as MatchCandidateJson[];
    const cand = cands.find((c) => c.personNo === input.personNo);
    if (!cand) throw badRequest(`人编号 ${input.personNo} 不是该生的候选匹配`);
    if (input.decision === 'reject' && [...(input.note?.trim() ?? '')].length < MIN_REJECT_NOTE_CHARS)
      throw badRequest(
        r.result === 'confirmed' && r.person_no === input.personNo
          ? REJECT_CONFIRMED_NEEDS_NOTE
          : REJECT_NEEDS_NOTE,
      );
    return recordDecision(trx, actor, r, cand, input);
  });
}

/**
 * Where the registry persons a user may link a pupil with live: the user's county (a school's, a
 * township's), or the user's own wider scope (a city's). Not the whole city for everyone: 人编号 run
 * in sequence, and a school could otherwise look up — and link, merging two children's 一生一档 and
 * moving one's aid to the other — any registry child of another county (tester v21b F1).
 */
function linkableScope(actor: Actor): string {
  return actor.scopeCode.length > 6 ? actor.scopeCode.slice(0, 6) : actor.scopeCode;
}

/**
 * The registry person a reviewer names by 人编号 or 证件号码 (whole: no browsing of the registry) to
 * link a pupil the comparison left unmatched, or whose candidate was rejected by mistake, with.
 * Null when no current registry person of the linkable scope has that number (one outside it is
 * not told apart from none).
 */
async function personByNumber(db: Kysely<DB>, actor: Actor, query: string) {
  const q = query.trim();
  const id = normaliseId(q).id;
  return (
    (await db
      .selectFrom('registry_person')
      .select(REG_COLUMNS)
      .where('current', '=', true)
      .where('region_code', 'like', `${linkableScope(actor)}%`)
      .where((eb) =>
        id ? eb.or([eb('person_no', '=', q), eb('id_number', '=', id)]) : eb('person_no', '=', q),
      )
      .orderBy('id')
      .executeTakeFirst()) ?? null
  );
}

/** The pupil other than `studentId` confirmed to registry person `personNo`, with whether the actor may see them. */
async function confirmedPupil(db: Kysely<DB>, actor: Actor, personNo: string, studentId: number) {
  const taken = await db
    .selectFrom('match_result as m')
    .innerJoin('student as s', 's.id', 'm.student_id')
    .innerJoin('school as sc', 'sc.code', 's.school_code')
    .select(['s.name', 's.student_no', 'sc.name as school_name'])
    // (The scope rule of every list of pupils, asked of this one.)
    .select(sql<boolean>`${inSchoolScope(actor, 's.school_code', 's.region_code')}`.as('visible'))
    .where('m.person_no', '=', personNo)
    .where('m.result', '=', 'confirmed')
    .where('s.id', '<>', studentId)
    .executeTakeFirst();
  return taken ? { ...taken, visible: Boolean(taken.visible) } : null;
}

/**
 * The registry person a link names (`personByNumber`) and the pupil confirmed to them already;
 * refused when there is no such person in the linkable scope, or when that pupil is one the user
 * does not see.
 */
async function linkTarget(db: Kysely<DB>, actor: Actor, query: string, studentId: number) {
  const p = await personByNumber(db, actor, query);
  if (!p) throw noSuchPerson(query);
  const taken = await confirmedPupil(db, actor, p.person_no, studentId);
  if (taken && !taken.visible) throw takenOutside();
  return { p, taken };
}

/** Refused: the review was decided since the reviewer opened it (tester v21b F3). */
/**
 * Refused: a confirmed pair rejected with no note. Undoing a confirmation takes the child off the
 * registry pupils, and out of the aid the registry gives: an auditor must read who checked it and how
 * (tester v21b F14).
 */
export const REJECT_CONFIRMED_NEEDS_NOTE = `否决已确认的匹配须填写核实说明（谁、如何核实不是同一人，至少 ${MIN_REJECT_NOTE_CHARS} 个字）：该说明记入审计日志`;
/**
 * Refused: a 疑似 candidate rejected with no note. The rejection holds in every later run, whatever
 * newer rolls bring (the child stays unlinked, the registry person on the out-of-school list): the
 * auditor reads who checked and how (tester v25b F4).
 */
export const REJECT_NEEDS_NOTE = `否决须填写核实说明（谁、如何核实不是同一人，至少 ${MIN_REJECT_NOTE_CHARS} 个字）：该决定在以后每次比对中保留，说明记入审计日志`;

export const RESULT_CHANGED =
  '该生的比对结果在您打开核实后已有变化（可能已由他人或在另一窗口处理）：请关闭后重新打开核实';

/** Refused: the person is the confirmed pupil of a school the user does not see. */
const takenOutside = () =>
  conflict(
    '该人员已与您管辖范围以外学校的一名学生确认匹配，不能在此关联：如确是本校学生，请联系县（市、区）教育局核实后处理',
  );

/** The two records a link joins, as linkDifferences reads them. */
function linkSides(
  r: { name: string; sex: string | null; birth_date: string | null; id_number: string | null },
  p: { name: string; sex: string | null; birth_date: string | null; id_number: string | null },
): string[] {
  const side = (x: typeof r): LinkSide => ({
    name: x.name,
    sex: x.sex === 'M' || x.sex === 'F' ? x.sex : null,
    birthDate: x.birth_date === null ? null : String(x.birth_date).slice(0, 10),
    idNumber: x.id_number,
  });
  return linkDifferences(side(r), side(p));
}

/**
 * Refused: a link between records unlike in two of name, sex, birth date and ID (tester v26b F6) — by a
 * school, always (a county bureau checks it); by a bureau, until the reviewer says it checked.
 */
export const unlikeLinkMessage = (differences: readonly string[], school: boolean): string =>
  `该人员与该生${differences.join('、')}，很可能不是同一人（人编号或证件号码是否输错？）：` +
  (school
    ? '学校不能关联，如确是同一人，请联系县（市、区）教育局核实后关联'
    : '如确是同一人，请核实后勾选“已核实，确是同一人”再关联');

const noSuchPerson = (query: string) =>
  badRequest(
    `建档立卡名单中没有人编号或证件号码为“${query.trim()}”的人员：请输入完整的人编号或 18 位证件号码`,
  );

/**
 * What linking pupil `studentId` with the registry person numbered `query` would do, for the
 * reviewer to check before confirming: that person (ID masked) and the pupil confirmed to them
 * already, if any (the link makes the person theirs no more after the next run).
 */
export async function previewLink(db: Kysely<DB>, actor: Actor, studentId: number, query: string) {
  const r = await findResult(db, actor, studentId);
  const { p, taken } = await linkTarget(db, actor, query, r.id);
  const differences = linkSides(r, p);
  return {
    person: registryPersonView(p),
    /** How the two records differ (linkDifferences), and what a link of unlike records needs. */
    differences,
    unlike: unlikeLink(differences)
      ? {
          message: unlikeLinkMessage(differences, actor.schoolCode !== null),
          /** A school may not make such a link (a county bureau checks it). */
          refused: actor.schoolCode !== null,
        }
      : null,
    confirmedTo: taken
      ? { name: taken.name, studentNo: maskStudentNo(taken.student_no), school: taken.school_name }
      : null,
  };
}

/**
 * Links pupil `studentId` with the registry person numbered `query` by a reviewer's word: a
 * confirmation like one of a listed candidate (audited, remembered in every later run, the pupil
 * filed under the person's 一生一档 and off the out-of-school list), for a pupil the comparison did
 * not pair with that person — left 未匹配, or whose candidate a reviewer rejected by mistake. The
 * note (who checked, how) is required.
 */
export async function linkPerson(
  db: Kysely<DB>,
  actor: Actor,
  studentId: number,
  input: { query: string; note: string; confirmUnlike?: boolean },
) {
  return db.transaction().execute(async (trx) => {
    const r = await findResult(trx as unknown as Kysely<DB>, actor, studentId);
    const { p } = await linkTarget(trx as unknown as Kysely<DB>, actor, input.query, r.id);
    const differences = linkSides(r, p);
    if (unlikeLink(differences) && (actor.schoolCode !== null || input.confirmUnlike !== true))
      throw conflict(unlikeLinkMessage(differences, actor.schoolCode !== null));
    const listed = (r.candidates as MatchCandidateJson[]).find((c) => c.personNo === p.person_no);
    const cand: MatchCandidateJson = listed ?? {
      personNo: p.person_no,
      householdNo: p.household_no,
      score: null,
      explanation: '本次比对未将该人员列为候选，按人编号或证件号码人工关联',
    };
    return recordDecision(trx, actor, r, cand, {
      personNo: p.person_no,
      decision: 'confirm',
      note: input.note,
      linked: true,
    });
  });
}

/**
 * A pupil filed under registry person `personNo`'s 一生一档 (by an earlier confirmation) whom a
 * reviewer now says is not that person gets a file of their own again — by their own ID, or their
 * 学籍号 when the ID they carry is that person's or none — so that the person's file no longer
 * shows the pupil, and the child counts as out of school again at the next run (tester v21b F3).
 */
async function unfileFrom(
  trx: Transaction<DB>,
  r: Awaited<ReturnType<typeof findResult>>,
  personNo: string,
): Promise<void> {
  const reg = await trx
    .selectFrom('registry_person')
    .select(['person_id', 'id_number'])
    .where('person_no', '=', personNo)
    .where('current', '=', true)
    .executeTakeFirst();
  if (!reg?.person_id || r.person_id !== reg.person_id) return;
  const own = r.id_number !== null && r.id_number !== reg.id_number ? r.id_number : null;
  const [personId] = await upsertPersons(trx, [
    {
      idNumber: own,
      fallbackKey: own ? null : `student:${r.student_no}`,
      name: r.name,
      sex: r.sex,
      birthDate: r.birth_date,
      countyCode: r.county_code,
      regionCode: r.region_code,
    },
  ]);
  if (personId != null && personId !== reg.person_id)
    await trx.updateTable('student').set({ person_id: personId }).where('id', '=', r.id).execute();
}

/** True when the current registry person `personNo` holds `idNumber` (the pupil's own). */
async function holdsId(trx: Transaction<DB>, personNo: string, idNumber: string | null): Promise<boolean> {
  if (idNumber === null) return false;
  const p = await trx
    .selectFrom('registry_person')
    .select('id')
    .where('person_no', '=', personNo)
    .where('current', '=', true)
    .where('id_number', '=', idNumber)
    .executeTakeFirst();
  return p !== undefined;
}

/** Stores and applies one decision on the pair (pupil `r`, candidate `cand`), audited. */
async function recordDecision(
  trx: Transaction<DB>,
  actor: Actor,
  r: Awaited<ReturnType<typeof findResult>>,
  cand: MatchCandidateJson,
  input: { personNo: string; decision: 'confirm' | 'reject'; note?: string; linked?: boolean },
) {
  const cands = r.candidates as MatchCandidateJson[];
  const before = { result: r.result, personNo: r.person_no };
  // One pupil is one person: a confirmation replaces an earlier one of another person.
  if (input.decision === 'confirm')
    await trx
      .updateTable('match_decision')
      .set({ decision: 'reject', actor_id: actor.id, at: new Date() })
      .where('student_no', '=', r.student_no)
      .where('person_no', '<>', input.personNo)
      .where('decision', '=', 'confirm')
      .execute();
  const reg = await trx
    .selectFrom('registry_person')
    .select(['id', 'person_id', 'name', 'id_number'])
    .where('person_no', '=', cand.personNo)
    .where('current', '=', true)
    .executeTakeFirst();
  // The person decided on, not only the number: a later list may renumber them or give the number
  // to someone else (verifier v27d F1).
  const decided = {
    decision: input.decision,
    note: input.note ?? null,
    actor_id: actor.id,
    person_id: reg?.person_id ?? null,
  };
  await trx
    .insertInto('match_decision')
    .values({
      student_no: r.student_no,
      person_no: input.personNo,
      county_code: r.county_code,
      region_code: r.region_code,
      ...decided,
    })
    .onConflict((oc) => oc.columns(['student_no', 'person_no']).doUpdateSet({ ...decided, at: new Date() }))
    .execute();
  let after: { result: string; personNo: string | null; householdNo?: string | null };
  if (input.decision === 'confirm') {
    after = { result: 'confirmed', personNo: cand.personNo, householdNo: cand.householdNo };
    // The pupil's row carries another registry person's ID (a sibling's typed in): say so now.
    const holder =
      reg && r.id_number && r.id_number !== reg.id_number
        ? await trx
            .selectFrom('registry_person')
            .select(['name', 'relation'])
            .where('id_number', '=', r.id_number)
            .where('current', '=', true)
            .executeTakeFirst()
        : undefined;
    const idProblem =
      r.id_problem ??
      (reg
        ? confirmedIdProblem(r.id_number, { name: reg.name, idNumber: reg.id_number }, holder ?? null)
        : null);
    await trx
      .updateTable('match_result')
      .set({
        result: 'confirmed',
        person_no: cand.personNo,
        household_no: cand.householdNo,
        score: cand.score,
        decided_by: 'review',
        explanation: manualConfirmExplanation(cand.explanation),
        candidates: JSON.stringify([cand]),
        id_problem: idProblem,
      })
      .where('id', '=', r.result_id)
      .execute();
    if (reg?.person_id)
      await trx.updateTable('student').set({ person_id: reg.person_id }).where('id', '=', r.id).execute();
    // The child is now a pupil on the roll: off the out-of-school list at once, not at the next run.
    if (reg) await trx.deleteFrom('out_of_school').where('registry_person_id', '=', reg.id).execute();
  } else {
    const left = cands.filter((c) => c.personNo !== input.personNo);
    after = { result: left.length ? 'review' : 'unmatched', personNo: left[0]?.personNo ?? null };
    await trx
      .updateTable('match_result')
      .set({
        result: left.length ? 'review' : 'unmatched',
        person_no: left[0]?.personNo ?? null,
        household_no: left[0]?.householdNo ?? null,
        score: left[0]?.score ?? null,
        decided_by: 'review',
        explanation: left.length
          ? `人工已否决部分候选；${left[0]!.explanation}`
          : allRejectedExplanation(await holdsId(trx, input.personNo, r.id_number)),
        candidates: JSON.stringify(left),
      })
      .where('id', '=', r.result_id)
      .execute();
    await unfileFrom(trx, r, input.personNo);
  }
  await appendAudit(trx, actor, {
    action: 'update',
    entity: 'match_result',
    entityId: r.student_no,
    scopeCode: r.region_code,
    before,
    after: {
      ...pupilOf(r),
      ...after,
      decision: input.decision,
      // The person decided on (a rejection's is not the result's): the 一生一档 lists every decision.
      decidedPersonNo: input.personNo,
      note: input.note ?? null,
      ...(input.linked && { linked: true }),
    },
  });
  return after;
}
