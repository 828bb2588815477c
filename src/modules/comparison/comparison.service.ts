import type { Kysely } from 'kysely';
import { refreshPlannerStats } from '../../db/planner-stats.ts';
import type { DB } from '../../db/types.ts';
import type { MatchCandidateJson, MatchResultKind } from '../../db/types-comparison.ts';
import { normaliseId } from '../../domain/identity/id-number.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import {
  allRejectedExplanation,
  confirmedIdProblem,
  type DecisionCandidate,
  enrolledElsewhereHints,
  explainPair,
  findUnenrolled,
  heldIdProblem,
  hintNameKey,
  manualConfirmExplanation,
  matchInMemory,
  type RawRegistryPerson,
  type RawStudent,
  releaseComparisonMemory,
  type StudentDecision,
  schoolYearStart,
  scoreOf,
} from '../../domain/matching/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { type Actor, inSchoolScope, inScope } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import { enrolledAnywhere } from '../persons/persons.store.ts';
import { enrolledOutsideNamed } from './comparison.queries.ts';

type Progress = (done: number, total: number, message?: string) => void;

export interface ComparisonStats {
  students: number;
  registry: number;
  confirmed: number;
  review: number;
  unmatched: number;
  outOfSchool: number;
  idProblems: number;
  suspect: number;
  remembered: number;
}

/** Default as-of date: 1 September of the current school year in China (JIAOFU_TODAY honoured). */
export function defaultAsOf(): string {
  return schoolYearStart(todayInChina());
}

/**
 * 信息识别比对 inside the app (工作要点 2): the enrolled students of the actor's scope against the
 * whole current 建档立卡 registry (a child may study outside the home county), with reviewers'
 * earlier decisions applied. The run replaces the previous results of the same students and the
 * out-of-school list of the registry persons in scope; confirmed students are linked to the
 * registry person's lifelong file (一生一档). Heavy work runs in memory (PGlite has one
 * connection); results are written in bulk.
 */
export async function runComparison(
  db: Kysely<DB>,
  actor: Actor,
  opts: { asOf?: string; jobId?: string },
  progress: Progress = () => {},
): Promise<{ runId: number; stats: ComparisonStats }> {
  const asOf = opts.asOf ?? defaultAsOf();
  progress(0, 5, '读取学籍');
  const students = await db
    .selectFrom('student')
    .select([
      'id',
      'student_no',
      'name',
      'sex',
      'birth_date',
      'id_number_raw',
      'id_number',
      'id_type',
      'hukou',
      'guardian_name',
      'guardian_id_number',
      'county_code',
      'region_code',
      'school_marked_poor',
      'id_problem',
      'person_id',
    ])
    .where('status', '=', 'enrolled')
    .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
    .orderBy('id')
    .execute();
  progress(1, 5, '读取建档立卡名单');
  const registry = await db
    .selectFrom('registry_person')
    .select([
      'id',
      'person_no',
      'household_no',
      'name',
      'id_number_raw',
      'id_number',
      'birth_date',
      'sex',
      'relation',
      'head_name',
      'head_id_number',
      'county_name',
      'township_name',
      'village_name',
      'region_code',
      'person_id',
    ])
    .where('current', '=', true)
    .orderBy('id')
    .execute();
  const rawStudents: RawStudent[] = students.map((s, i) => ({
    row: i + 1,
    studentNo: s.student_no,
    name: s.name,
    sex: s.sex === 'M' ? '男' : s.sex === 'F' ? '女' : '',
    birthDate: s.birth_date ?? '',
    idNumber: s.id_number_raw ?? '',
    idType: s.id_type ?? '',
    hukou: s.hukou ?? '',
    guardianName: s.guardian_name ?? '',
    guardianIdNumber: s.guardian_id_number ?? '',
  }));
  const rawRegistry: RawRegistryPerson[] = registry.map((p, i) => ({
    row: i + 1,
    householdNo: p.household_no,
    personNo: p.person_no,
    name: p.name,
    idNumber: p.id_number_raw ?? '',
    sex: p.sex === 'M' ? '男' : p.sex === 'F' ? '女' : '',
    relation: p.relation ?? '',
    headName: p.head_name ?? '',
    headIdNumber: p.head_id_number ?? '',
    county: p.county_name ?? '',
    township: p.township_name ?? '',
    village: p.village_name ?? '',
    // A date the import took from the export's 出生日期 column (not the ID's own): the file's cell.
    birthDate:
      p.birth_date !== null && p.birth_date !== normaliseId(p.id_number_raw ?? '').birthDate
        ? p.birth_date
        : '',
  }));
  progress(2, 5, '比对中');
  // Another pupil an explanation refers to is named, with the 学籍号 (masked when it holds an ID):
  // the row numbers of the run mean nothing to a reviewer.
  const m = matchInMemory(rawStudents, rawRegistry, asOf, {}, (_, j) => {
    const s = students[j]!;
    return `学生${s.name}（学籍号 ${maskStudentNo(s.student_no)}）`;
  });
  // The comparison ran synchronously, so no other job is inside it: its caches can go now rather
  // than stay in the server's memory until the next run.
  releaseComparisonMemory();
  const byPersonNo = new Map(registry.map((p, i) => [p.person_no, i]));
  const decisions = await decisionsByCurrentNumber(
    db,
    await loadDecisions(
      db,
      students.map((s) => s.student_no),
    ),
    byPersonNo,
    registry,
  );
  /** Registry persons by their valid ID: whose ID a confirmed pupil's row carries when it is not their own. */
  const byIdNumber = new Map(registry.flatMap((p) => (p.id_number ? [[p.id_number, p] as const] : [])));

  progress(3, 5, '写入结果');
  const stats: ComparisonStats = {
    students: students.length,
    registry: registry.length,
    confirmed: 0,
    review: 0,
    unmatched: 0,
    outOfSchool: 0,
    idProblems: 0,
    suspect: 0,
    remembered: 0,
  };
  const done = await db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto('match_run')
      .values({
        job_id: opts.jobId ?? null,
        scope_code: actor.scopeCode,
        as_of: asOf,
        actor_id: actor.id || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A registry person a reviewer confirmed for one student is nobody else's automatically.
    const reviewerOwn = new Map<string, string>();
    for (const [studentNo, list] of decisions)
      for (const x of list) if (x.decision === 'confirm') reviewerOwn.set(x.personNo, studentNo);
    const rows = students.map((s, i) => {
      const d = yieldToReviewer(
        applyDecisions(
          m.decisions[i]!,
          (k) => m.index.persons[k]!.personNo,
          decisions.get(s.student_no),
          (personNo) => confirmedPair(m, byPersonNo, i, personNo),
          (k) => s.id_number !== null && m.index.persons[k]!.id === s.id_number,
        ),
        s.student_no,
        (k) => m.index.persons[k]!.personNo,
        reviewerOwn,
      );
      if (d.remembered) stats.remembered++;
      const cands: MatchCandidateJson[] = d.decision.candidates.map((c) => ({
        personNo: m.index.persons[c.person]!.personNo,
        householdNo: m.index.persons[c.person]!.householdNo,
        score: c.score === null ? null : Math.round(c.score * 10) / 10,
        explanation: c.explanation,
        ...(c.otherPerson && { otherPerson: true as const }),
      }));
      const owner = m.result.block.guardianOwner[i]!;
      const guardianProblem =
        owner >= 0
          ? `学生身份证号为建档立卡人员${m.index.persons[owner]!.rawName}（${m.index.persons[owner]!.relation || '成人'}）的证件号`
          : null;
      const result: MatchResultKind = d.decision.outcome;
      const best = cands[0];
      const mine = result === 'confirmed' && best ? registry[byPersonNo.get(best.personNo)!]! : null;
      const holder = s.id_number ? byIdNumber.get(s.id_number) : undefined;
      // Whose ID the row carries, when it is another registry person's: named before what the
      // import could say of it (its birth date is not the row's).
      const named = !holder
        ? null
        : mine
          ? confirmedIdProblem(s.id_number, { name: mine.name, idNumber: mine.id_number }, holder)
          : heldIdProblem(
              { name: s.name, birthDate: s.birth_date },
              { ...holder, birthDate: holder.birth_date },
            );
      const idProblem =
        guardianProblem ??
        named ??
        s.id_problem ??
        (mine ? confirmedIdProblem(s.id_number, { name: mine.name, idNumber: mine.id_number }, null) : null);
      if (idProblem) stats.idProblems++;
      stats[result]++;
      if (s.school_marked_poor && result === 'unmatched') stats.suspect++;
      return {
        run_id: run.id,
        student_id: s.id,
        result,
        person_no: result === 'unmatched' ? null : (best?.personNo ?? null),
        household_no: result === 'unmatched' ? null : (best?.householdNo ?? null),
        score: best?.score ?? null,
        explanation: d.decision.explanation,
        candidates: JSON.stringify(cands),
        id_problem: idProblem,
        decided_by: d.remembered ? 'review' : 'auto',
        county_code: s.county_code,
        region_code: s.region_code,
      };
    });
    const ids = students.map((s) => s.id);
    for (let i = 0; i < ids.length; i += 5000)
      await trx
        .deleteFrom('match_result')
        .where('student_id', 'in', ids.slice(i, i + 5000))
        .execute();
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('match_result')
        .values(rows.slice(i, i + 1000))
        .execute();

    // Link confirmed students to the registry person's lifelong file.
    const links: Array<{ student: number; person: number }> = [];
    rows.forEach((r, i) => {
      if (r.result !== 'confirmed' || !r.person_no) return;
      const reg = registry[byPersonNo.get(r.person_no)!]!;
      if (reg.person_id && reg.person_id !== students[i]!.person_id)
        links.push({ student: students[i]!.id, person: reg.person_id });
    });
    for (const l of links)
      await trx.updateTable('student').set({ person_id: l.person }).where('id', '=', l.student).execute();

    // Registry children of compulsory age in no roll of the city (not only this scope's), after
    // the reviewers' word: a person whose pair a reviewer rejected is back on the list, one a
    // reviewer confirmed is off it (tester v22b F1: the matcher's own list kept a rejected child off).
    const kOf = new Map(m.index.persons.map((p, k) => [p.personNo, k]));
    const personRow = Int32Array.from(m.result.personRow, (x) => (x >= 0 ? -1 : x));
    rows.forEach((r, i) => {
      const k = r.result === 'confirmed' && r.person_no ? kOf.get(r.person_no) : undefined;
      if (k !== undefined) personRow[k] = i;
    });
    const unenrolled = findUnenrolled({ ...m.result, personRow }, m.index)
      .persons.map((k) => registry[byPersonNo.get(m.index.persons[k]!.personNo)!]!)
      .filter((p) => p.region_code.startsWith(actor.scopeCode));
    // A child of this county may study in another county's school: enrolled anywhere counts.
    const enrolledElsewhere = await enrolledAnywhere(
      trx,
      unenrolled.map((p) => p.person_id).filter((x): x is number => x !== null),
    );
    const oos = unenrolled.filter((p) => !(p.person_id && enrolledElsewhere.has(p.person_id)));
    // The run saw its own scope's roll only: a child on the list may be the pupil of another
    // county's school whose row there has no ID or a damaged one. Such namesakes (same name, same
    // birth date, no other valid ID) are noted beside the child, who stays on the list. A run over
    // the whole city has no roll outside it: its matcher has seen every pupil.
    const hints = await outsideHints(trx, actor, oos);
    await trx.deleteFrom('out_of_school').where(inScope(actor, 'out_of_school.region_code')).execute();
    const ages = new Map(m.index.persons.map((p) => [p.personNo, p.age]));
    for (let i = 0; i < oos.length; i += 1000) {
      await trx
        .insertInto('out_of_school')
        .values(
          oos.slice(i, i + 1000).map((p) => ({
            run_id: run.id,
            registry_person_id: p.id,
            age: ages.get(p.person_no) ?? null,
            county_code: p.region_code.slice(0, 6),
            region_code: p.region_code,
            hint: hints.get(p.person_no) ?? null,
          })),
        )
        .execute();
    }
    stats.outOfSchool = oos.length;
    await trx
      .updateTable('match_run')
      .set({ stats: JSON.stringify(stats) })
      .where('id', '=', run.id)
      .execute();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'match_run',
      entityId: run.id,
      after: { asOf, ...stats },
    });
    progress(5, 5, '完成');
    return { runId: run.id, stats };
  });
  await refreshPlannerStats(db, ['match_result', 'out_of_school', 'student']);
  return done;
}

/**
 * An automatic confirmation of a registry person whom a reviewer confirmed for another student
 * goes to review instead (one person, one student: the reviewer's word stands).
 */
export function yieldToReviewer(
  d: { decision: StudentDecision; remembered: boolean },
  studentNo: string,
  personNoOf: (k: number) => string,
  reviewerOwn: ReadonlyMap<string, string>,
): { decision: StudentDecision; remembered: boolean } {
  if (d.remembered || d.decision.outcome !== 'confirmed') return d;
  const c = d.decision.candidates[0]!;
  const other = reviewerOwn.get(personNoOf(c.person));
  if (other === undefined || other === studentNo) return d;
  const explanation = `该人员已由人工确认为学籍号${other}的学生，需人工核实；${c.explanation}`;
  return {
    decision: { outcome: 'review', candidates: d.decision.candidates, explanation },
    remembered: false,
  };
}

/**
 * The pair of row `i` with the registry person a reviewer confirmed, for a run that does not list
 * it: its compared evidence when blocking still brought the two together, else the person alone
 * (no score: the comparison did not consider them). Null when the person left the registry.
 */
function confirmedPair(
  m: ReturnType<typeof matchInMemory>,
  byPersonNo: Map<string, number>,
  i: number,
  personNo: string,
): DecisionCandidate | null {
  const person = byPersonNo.get(personNo);
  if (person === undefined) return null;
  const { block, pairBits } = m.result;
  for (let k = block.offsets[i]!; k < block.offsets[i + 1]!; k++) {
    if (block.person[k] !== person) continue;
    return {
      person,
      weight: pairBits[k]!,
      score: scoreOf(pairBits[k]!, m.result.weights),
      explanation: explainPair(m.result, m.index, i, k),
    };
  }
  return {
    person,
    weight: Number.NaN,
    score: null,
    explanation: '本次比对未将该人员列为候选，以人工核实结果为准',
  };
}

type Decision = { personNo: string; decision: 'confirm' | 'reject' };
type StoredDecision = Decision & { personId: number | null };

/** Reviewers' decisions on (student, person) pairs, by 学籍号. */
async function loadDecisions(db: Kysely<DB>, studentNos: string[]) {
  const out = new Map<string, StoredDecision[]>();
  for (let i = 0; i < studentNos.length; i += 5000) {
    const rows = await db
      .selectFrom('match_decision')
      .select(['student_no', 'person_no', 'person_id', 'decision'])
      .where('student_no', 'in', studentNos.slice(i, i + 5000))
      .execute();
    for (const r of rows)
      out.set(r.student_no, [
        ...(out.get(r.student_no) ?? []),
        {
          personNo: r.person_no,
          personId: r.person_id === null ? null : Number(r.person_id),
          decision: r.decision,
        },
      ]);
  }
  return out;
}

/**
 * Each decision under the 人编号 its person holds on the current list (verifier v27d F1, tester
 * v27b F1): a decision stores the person decided on, so a household split (分户) that renumbers them
 * carries it to their new number, and a number the list gives to someone else does not take it
 * along — unless nobody holds the person's record now and the number's holder has their name (the
 * same registry person whose ID was first given or corrected: another person record). A decision
 * made before the person was stored follows the number, and a number gone from the list the person
 * who held it in an earlier list. A decision whose person is on no current list is left out.
 */
async function decisionsByCurrentNumber(
  db: Kysely<DB>,
  stored: ReadonlyMap<string, StoredDecision[]>,
  byPersonNo: ReadonlyMap<string, number>,
  registry: ReadonlyArray<{ person_no: string; person_id: number | null; name: string }>,
): Promise<Map<string, Decision[]>> {
  const currentOf = new Map<number, string[]>();
  for (const p of registry)
    if (p.person_id !== null) {
      const id = Number(p.person_id);
      currentOf.set(id, [...(currentOf.get(id) ?? []), p.person_no]);
    }
  // Names of decided persons no current row holds; earlier numbers of undated decisions' persons.
  const nameless = new Set<number>();
  const gone = new Set<string>();
  for (const list of stored.values())
    for (const x of list)
      if (x.personId !== null) {
        if (!currentOf.has(x.personId)) nameless.add(x.personId);
      } else if (!byPersonNo.has(x.personNo)) gone.add(x.personNo);
  const nameOf = new Map<number, string>();
  const ids = [...nameless];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
    for (const r of rows) nameOf.set(Number(r.id), r.name);
  }
  const was = new Map<string, string[]>();
  const nos = [...gone];
  for (let i = 0; i < nos.length; i += 5000) {
    const rows = await db
      .selectFrom('registry_person')
      .select(['person_no', 'person_id'])
      .distinct()
      .where('person_no', 'in', nos.slice(i, i + 5000))
      .where('person_id', 'is not', null)
      .execute();
    for (const r of rows) {
      const current = currentOf.get(Number(r.person_id));
      if (current) was.set(r.person_no, [...new Set([...(was.get(r.person_no) ?? []), ...current])]);
    }
  }
  const holderName = new Map(registry.map((p) => [p.person_no, p.name]));
  const out = new Map<string, Decision[]>();
  for (const [studentNo, list] of stored)
    out.set(
      studentNo,
      list.flatMap(({ personId, personNo, decision }) => {
        const numbers =
          personId === null
            ? byPersonNo.has(personNo)
              ? [personNo]
              : (was.get(personNo) ?? [])
            : (currentOf.get(personId) ??
              (holderName.get(personNo) !== undefined && holderName.get(personNo) === nameOf.get(personId)
                ? [personNo]
                : []));
        return numbers.map((n) => ({ personNo: n, decision }));
      }),
    );
  return out;
}

/**
 * A reviewer's word outranks the matcher: a confirmed pair is confirmed in every later run — also
 * when that run does not list the person (a corrected roll, other weights): `confirmedPair` then
 * supplies it, or null when the person is no longer in the registry — and a rejected pair is never
 * proposed again (the next best candidate, if any, goes to review).
 */
export function applyDecisions(
  d: StudentDecision,
  personNoOf: (k: number) => string,
  decisions: Array<{ personNo: string; decision: 'confirm' | 'reject' }> | undefined,
  confirmedPair: (personNo: string) => DecisionCandidate | null = () => null,
  /** True when registry person `k` holds the pupil's own ID. */
  holdsOwnId: (k: number) => boolean = () => false,
): { decision: StudentDecision; remembered: boolean } {
  if (!decisions?.length) return { decision: d, remembered: false };
  const confirmed = decisions.find((x) => x.decision === 'confirm');
  if (confirmed) {
    const c =
      d.candidates.find((k) => personNoOf(k.person) === confirmed.personNo) ??
      confirmedPair(confirmed.personNo);
    if (c) {
      const explanation = manualConfirmExplanation(c.explanation);
      return {
        decision: { outcome: 'confirmed', candidates: [{ ...c, explanation }], explanation },
        remembered: true,
      };
    }
  }
  const rejected = new Set(decisions.filter((x) => x.decision === 'reject').map((x) => x.personNo));
  const left = d.candidates.filter((k) => !rejected.has(personNoOf(k.person)));
  if (left.length === d.candidates.length) return { decision: d, remembered: false };
  if (left.length === 0)
    return {
      decision: {
        outcome: 'unmatched',
        candidates: [],
        explanation: allRejectedExplanation(d.candidates.some((k) => holdsOwnId(k.person))),
      },
      remembered: true,
    };
  return {
    decision: {
      outcome: 'review',
      candidates: left,
      explanation: `人工已否决部分候选；${left[0]!.explanation}`,
    },
    remembered: true,
  };
}

/** True when the actor's scope is the whole city (no school): every roll of the city is in the run. */
function coversCity(actor: Actor): boolean {
  return actor.scopeCode.length <= 4 && !actor.schoolCode;
}

/**
 * 核实提示 of the out-of-school children, by 人编号: enrolled pupils outside the run's scope with a
 * child's name (one query per 5,000 names, not one per child), then the pure rule
 * (domain/matching/enrolled-elsewhere.ts) on name, birth date and ID. Empty for a city-wide run.
 */
async function outsideHints(
  db: Kysely<DB>,
  actor: Actor,
  children: ReadonlyArray<{
    person_no: string;
    name: string;
    birth_date: string | null;
    id_number: string | null;
    id_number_raw: string | null;
    region_code: string;
  }>,
): Promise<Map<string, string>> {
  if (children.length === 0 || coversCity(actor)) return new Map();
  // Roll names are stored normalised (the import's normaliseName); the registry's written form too,
  // in case a name reached the table another way.
  const names = new Set<string>();
  for (const c of children) {
    const k = hintNameKey(c.name);
    if (k === null) continue;
    names.add(k);
    names.add(c.name);
  }
  const pupils = await enrolledOutsideNamed(db, actor, [...names]);
  if (pupils.length === 0) return new Map();
  return enrolledElsewhereHints(
    children.map((c) => ({
      personNo: c.person_no,
      name: c.name,
      birthDate: c.birth_date,
      idNumber: c.id_number ?? c.id_number_raw,
      countyCode: c.region_code.slice(0, 6),
    })),
    pupils.map((s) => ({
      studentNo: s.student_no,
      name: s.name,
      birthDate: s.birth_date,
      idNumber: s.id_number,
      countyCode: s.county_code,
      countyName: s.county_name,
      schoolName: s.school_name,
      confirmedPersonNo: s.confirmed_person_no,
    })),
  );
}
