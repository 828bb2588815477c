/**
 * Who a new 控辍保学 case is about (工作要点 5 item 2): a registry child from the out-of-school
 * list, or a student (a school's report, or a lost transfer). Looks the child up inside the
 * actor's scope and checks the source's own rule before a case may be opened.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  type CaseSource,
  isLostTransfer,
  type KeyGroup,
  keyGroupsOf,
  leftEnrolment,
} from '../../domain/dropout/index.ts';
import { badRequest, conflict, forbidden, notFound } from '../../server/errors.ts';
import { type Actor, codeInScope, inSchoolScope, inScope } from '../../server/scope.ts';
import { loadDropoutSettings } from './dropout.settings.ts';
import { isReEnrolled, listOutOfSchool } from './out-of-school.queries.ts';

/** The child of a new case, as found in the registry or the roll. */
export interface Child {
  personId: number | null;
  studentId: number | null;
  registryPersonId: number | null;
  name: string;
  sex: string | null;
  birthDate: string | null;
  idNumber: string | null;
  schoolCode: string | null;
  countyCode: string;
  regionCode: string;
  leftAt: string | null;
  /** The key groups the records show (domain/dropout keyGroupsOf); the form pre-fills them. */
  keyGroups: KeyGroup[];
}

/** The child's stable key for the one-open-case rule. */
export function childKey(c: Child): string {
  if (c.personId != null) return `person:${c.personId}`;
  if (c.idNumber) return `id:${c.idNumber}`;
  if (c.registryPersonId != null) return `registry:${c.registryPersonId}`;
  return `student:${c.studentId}`;
}

export async function childFromRegistry(
  trx: Transaction<DB>,
  actor: Actor,
  id: number,
  today: string,
): Promise<Child> {
  if (actor.schoolCode) throw forbidden('学校账号只能为本校学生建立台账；失学儿童由乡镇或县教育局建立台账');
  const rp = await trx
    .selectFrom('registry_person')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(actor, 'registry_person.region_code'))
    .executeTakeFirst();
  if (!rp) throw notFound('建档立卡人员');
  // A list loaded before a newer registry was imported names the row that registry replaced: the
  // same child (人编号) under the current one, or told to refresh (tester v25b F10).
  if (!rp.current) {
    const now = await trx
      .selectFrom('registry_person')
      .select('id')
      .where('person_no', '=', rp.person_no)
      .where('current', '=', true)
      .where(inScope(actor, 'registry_person.region_code'))
      .executeTakeFirst();
    if (!now)
      throw conflict(`${rp.name} 已不在当前的建档立卡名单中（名单已重新导入）：请刷新失学儿童名单后再操作`);
    return childFromRegistry(trx, actor, now.id, today);
  }
  const settings = await loadDropoutSettings(trx);
  const listed = await listOutOfSchool(trx, actor, {
    asOf: today,
    ages: settings.compulsoryAge,
    registryPersonId: id,
  });
  if (listed.total === 0)
    throw badRequest(
      `${rp.name} 不在失学儿童名单中（已在学籍中就读或不在义务教育年龄段），不能按失学儿童建立台账`,
    );
  // A child who left a school's roll is that school's dropout too: the case carries the enrolment
  // (student, school, 离校日期) as one opened from 流转学生 monitoring does, and stays where the child
  // lives (the registry's place: the township the written report goes to).
  const left = await leftEnrolmentOf(trx, rp);
  // (Only a school in the actor's own scope is named: a pupil's school outside it is not shown to them.)
  const carried = left && codeInScope(actor, left.region_code) ? left : null;
  return {
    personId: rp.person_id,
    studentId: carried?.id ?? null,
    registryPersonId: rp.id,
    name: rp.name,
    sex: rp.sex,
    birthDate: rp.birth_date,
    idNumber: rp.id_number,
    schoolCode: carried?.school_code ?? null,
    countyCode: rp.county_code,
    regionCode: rp.region_code,
    leftAt: carried?.left_at ?? null,
    keyGroups: keyGroupsOf({
      inRegistry: true,
      disabled: carried?.disabled,
      leftBehind: carried?.left_behind,
    }),
  };
}

/**
 * The roll record a registry child on no roll left (domain/dropout leftEnrolment), among all their
 * records in the city: the same person, or — the registry row linked to none — the same ID number
 * (the out-of-school list's contract).
 */
async function leftEnrolmentOf(
  trx: Transaction<DB>,
  rp: { person_id: number | null; id_number: string | null },
) {
  if (rp.person_id == null && !rp.id_number) return null;
  const records = await trx
    .selectFrom('student')
    .select([
      'id',
      'status',
      'stage',
      'grade',
      'left_at',
      'school_code',
      'region_code',
      'disabled',
      'left_behind',
    ])
    .where((eb) =>
      rp.person_id != null ? eb('person_id', '=', rp.person_id) : eb('id_number', '=', rp.id_number!),
    )
    .execute();
  return leftEnrolment(records.map((r) => ({ ...r, leftAt: r.left_at })));
}

export async function childFromStudent(
  trx: Transaction<DB>,
  actor: Actor,
  id: number,
  source: CaseSource,
  today: string,
): Promise<Child> {
  const s = await trx
    .selectFrom('student')
    .selectAll()
    .where('id', '=', id)
    .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
    .executeTakeFirst();
  if (!s) throw notFound('学生');
  if (source === 'transfer') {
    const settings = await loadDropoutSettings(trx);
    const reEnrolled = await isReEnrolled(trx, s);
    if (
      s.status !== 'left' ||
      !isLostTransfer({ leftAt: s.left_at, reEnrolled }, today, settings.transferDays)
    )
      throw badRequest(
        `${s.name} 不是流转失联学生（须离开学籍超过 ${settings.transferDays} 天且未在全市任何学校就读），不能按流转学生建立台账`,
      );
  }
  const poor = s.person_id
    ? await trx
        .selectFrom('registry_person')
        .select('id')
        .where('person_id', '=', s.person_id)
        .where('current', '=', true)
        .executeTakeFirst()
    : undefined;
  const groups = keyGroupsOf({
    inRegistry: !!poor,
    schoolMarkedPoor: s.school_marked_poor,
    disabled: s.disabled,
    leftBehind: s.left_behind,
  });
  return {
    personId: s.person_id,
    studentId: s.id,
    registryPersonId: poor?.id ?? null,
    name: s.name,
    sex: s.sex,
    birthDate: s.birth_date,
    idNumber: s.id_number,
    schoolCode: s.school_code,
    countyCode: s.county_code,
    regionCode: s.region_code,
    leftAt: s.left_at,
    keyGroups: groups,
  };
}
