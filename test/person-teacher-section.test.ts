import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { AID_CARE_ONLY } from '../src/modules/aid/aid.access.ts';
import { PUPIL_RECORDS_CARE_ONLY } from '../src/modules/persons/persons.access.ts';
import type { App } from '../src/server/http.ts';
import { ROLES, type Role } from '../src/server/roles.ts';
import { makeAidStudent, resetAidFactories } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { fakeId, makePerson, makeStudent, resetFactories } from './helpers/dropout-factories.ts';

// An outside tester found 教师科 (teacher data: 轮岗, 支教, 乡村教师补助, and 红烛暖心's caring
// teachers), once narrowed to 红烛暖心 of 学生资助, still searching 一生一档 for any child of its scope
// and opening the file with the roll history, the 建档立卡 registry and household, the 低保/残疾 lists
// and the comparison's decisions. It now finds and opens the file of a child in a care pairing of its
// scope only (roles.ts persons.read, which every other role has), and of it the masked identity, the
// current enrolment and the care tab; every other person answers as one out of scope (404).

let database: Database;
let app: App;
const cookie: Record<string, string> = {};

/** The 清流县 accounts: 教师科 and every other role, all with the children below in scope. */
const PLACEMENT: Record<Role, { scopeCode?: string; schoolCode?: string }> = {
  city_admin: { scopeCode: '3504' },
  city_aid_centre: { scopeCode: '3504' },
  auditor: { scopeCode: '3504' },
  county_admin: { scopeCode: '350423' },
  county_aid_centre: { scopeCode: '350423' },
  teacher_section: { scopeCode: '350423' },
  township_official: { scopeCode: '350423100' },
  school_aid_officer: { schoolCode: '2135000002' },
  head_teacher: { schoolCode: '2135000002' },
};
const OTHER_ROLES = ROLES.filter((r) => r !== 'teacher_section');
const UNMASKS: Role[] = [
  'city_admin',
  'city_aid_centre',
  'county_admin',
  'county_aid_centre',
  'school_aid_officer',
  'auditor',
];

/** A 建档立卡 低保 child of 清流县 paired with a caring teacher (红烛暖心), with a roll history. */
let paired: { personId: number; idNumber: string; personNo: string };
/** A 建档立卡 低保/残疾 child of the same school with no pairing. */
let unpaired: { personId: number; idNumber: string };
/** A child whose 立德树人 pairing has ended (the pairings list still shows it). */
let ended: number;
/** A 明溪县 child paired in 明溪县: another county's. */
let mingxi: number;
/** The person a roll's ID correction took the paired child's record from (nothing of theirs left). */
let former: { personId: number; idNumber: string };

const get = (who: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookie[who]! } });
const post = (who: string, url: string) =>
  app.inject({ method: 'POST', url, headers: { cookie: cookie[who]! } });
const search = async (who: string, q: string) => {
  const res = await get(who, `/api/persons?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, `${who} ${q}`).toBe(200);
  return (res.json().items as { id: number; name: string }[]).map((h) => h.name).sort();
};

async function pair(
  studentId: number,
  personId: number,
  name: string,
  place: { school: string; region: string },
  programme: 'red_candle' | 'mentoring' = 'red_candle',
  endDate: string | null = null,
) {
  const p = await database.db
    .insertInto('care_pairing')
    .values({
      programme,
      student_id: studentId,
      person_id: personId,
      name,
      school_code: place.school,
      teacher_name: `${name}的老师`,
      teacher_phone: '13935042399',
      start_date: '2020-03-01',
      end_date: endDate,
      end_reason: endDate ? 'graduated' : null,
      county_code: place.region.slice(0, 6),
      region_code: place.region,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('care_visit')
    .values({
      pairing_id: p.id,
      date: '2020-04-01',
      kind: 'home_visit',
      notes: `${name}家访`,
      school_code: place.school,
      county_code: place.region.slice(0, 6),
      region_code: place.region,
      created_by_name: `${name}的老师`,
    })
    .execute();
}

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const db = database.db;
  for (const role of ROLES) await addUser(database, `ql-${role}`, role, PLACEMENT[role]);
  await addUser(database, 'city-teacher-section', 'teacher_section', { scopeCode: '3504' });
  const QL = { school: '2135000002', region: '350423100' };

  const a = await makeAidStudent(db, {
    name: '清流结对',
    regionCode: QL.region,
    registeredPoor: true,
    lists: ['minimum_living'],
  });
  await pair(a.student.id, a.person.id, '清流结对', QL);
  // An earlier enrolment (left), a roll change that corrected the ID (from another person's file),
  // and a reviewer's decision on the comparison.
  await makeStudent(db, {
    name: '清流结对',
    birthDate: a.person.birth_date!,
    schoolCode: QL.school,
    regionCode: QL.region,
    personId: a.person.id,
    status: 'left',
    leftAt: '2019-07-01',
    grade: '一年级',
  });
  const formerId = fakeId(a.person.birth_date!, '350423');
  const formerPerson = await makePerson(db, {
    name: '清流结对',
    birthDate: a.person.birth_date!,
    regionCode: QL.region,
    idNumber: formerId,
  });
  former = { personId: formerPerson.id, idNumber: formerId };
  const batch = await db
    .insertInto('import_batch')
    .values({ kind: 'students', filename: '清流县学籍.xlsx', rows: 1, scope_code: '350423' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const snap = (personId: number, id: string, grade: string) => ({
    studentNo: a.student.student_no,
    schoolCode: QL.school,
    status: 'enrolled',
    personId,
    fields: { student_no: a.student.student_no, id_number_raw: id, grade },
  });
  await db
    .insertInto('student_change')
    .values({
      student_no: a.student.student_no,
      batch_id: batch.id,
      kind: 'updated',
      county_code: '350423',
      region_code: QL.region,
      before: JSON.stringify(snap(formerPerson.id, formerId, '三年级')),
      after: JSON.stringify(snap(a.person.id, a.person.id_number!, '四年级')),
    })
    .execute();
  const rp = await db
    .selectFrom('registry_person')
    .select('person_no')
    .where('person_id', '=', a.person.id)
    .executeTakeFirstOrThrow();
  const county = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'ql-county_admin')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('match_decision')
    .values({
      student_no: a.student.student_no,
      person_no: rp.person_no,
      decision: 'confirm',
      note: '清流核实',
      actor_id: county.id,
      county_code: '350423',
      region_code: QL.region,
    })
    .execute();
  paired = { personId: a.person.id, idNumber: a.person.id_number!, personNo: rp.person_no };

  const b = await makeAidStudent(db, {
    name: '清流未结对',
    regionCode: QL.region,
    registeredPoor: true,
    lists: ['minimum_living', 'disability'],
  });
  unpaired = { personId: b.person.id, idNumber: b.person.id_number! };

  const c = await makeAidStudent(db, { name: '清流曾结对', regionCode: QL.region });
  await pair(c.student.id, c.person.id, '清流曾结对', QL, 'mentoring', '2020-07-01');
  ended = c.person.id;

  const d = await makeAidStudent(db, { name: '明溪结对', regionCode: '350421100', registeredPoor: true });
  await pair(d.student.id, d.person.id, '明溪结对', { school: '2135000001', region: '350421100' });
  mingxi = d.person.id;

  app = await testApp(database);
  for (const role of ROLES) cookie[role] = await login(app, `ql-${role}`);
  cookie.city_teacher_section = await login(app, 'city-teacher-section');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`一生一档 for 教师科: children paired with caring teachers only (${testDbKind})`, () => {
  it('finds the paired children of its scope only: not the unpaired 建档立卡 child, nor by an ID', async () => {
    expect(await search('teacher_section', '清流')).toEqual(['清流曾结对', '清流结对']);
    expect(await search('teacher_section', '清流未')).toEqual([]);
    expect(await search('teacher_section', unpaired.idNumber)).toEqual([]);
    expect(await search('teacher_section', paired.idNumber)).toEqual(['清流结对']);
    // Nor the file a roll's ID correction left behind (the note is not its to read).
    expect(await search('teacher_section', former.idNumber)).toEqual([]);
    // A city 教师科 finds every county's paired children, and still no one else.
    expect(await search('city_teacher_section', '清流')).toEqual(['清流曾结对', '清流结对']);
    expect(await search('city_teacher_section', '明溪')).toEqual(['明溪结对']);
    expect(await search('teacher_section', '明溪')).toEqual([]);
    const me = (await get('teacher_section', '/api/auth/me')).json().user.permissions;
    expect(me).toMatchObject({ readPersons: false, readCare: true, readAid: false, unmask: false });
  });

  it('opens a paired child’s file with the masked identity, the current enrolment and care only', async () => {
    const res = await get('teacher_section', `/api/persons/${paired.personId}`);
    expect(res.statusCode).toBe(200);
    const file = res.json();
    expect(file.care_only).toBe(true);
    expect(file.history_only).toBe(false);
    expect(file.person).toMatchObject({ name: '清流结对', has_id: true });
    expect(file.person.id_masked).toMatch(/^350423\*{11}[\dX]$/);
    // The school it attends now, without the comparison's result (who is 建档立卡).
    expect(
      file.students.map((s: { status: string; school_name: string; grade: string }) => [
        s.status,
        s.school_name,
        s.grade,
      ]),
    ).toEqual([['enrolled', '清流县实验小学', '四年级']]);
    expect(file.students[0]).toMatchObject({ result: null, person_no: null, explanation: null });
    for (const section of [
      'renumbered',
      'changes',
      'registry',
      'household',
      'lists',
      'decisions',
      'moved_in',
      'moved_out',
    ])
      expect(file[section], section).toEqual([]);
    for (const secret of [paired.idNumber, paired.personNo, 'minimum_living', '清流核实', '证件号一致'])
      expect(res.body, secret).not.toContain(secret);
    // The care tab: the pairing and its visit, the teacher's phone masked.
    const care = await get('teacher_section', `/api/persons/${paired.personId}/care`);
    expect(care.statusCode).toBe(200);
    expect(care.json().visits.map((v: { notes: string }) => v.notes)).toEqual(['清流结对家访']);
    expect(care.body).not.toContain('13935042399');
    // An ended 立德树人 pairing still opens its child's file (the pairings list shows it).
    expect((await get('teacher_section', `/api/persons/${ended}`)).statusCode).toBe(200);
  });

  it('refuses the tabs served apart and the full ID, for a paired child as for any other', async () => {
    for (const person of [paired.personId, unpaired.personId]) {
      const dropout = await get('teacher_section', `/api/persons/${person}/dropout-cases`);
      expect(dropout.statusCode).toBe(403);
      expect(dropout.json().error.message).toBe(PUPIL_RECORDS_CARE_ONLY);
      for (const tab of ['aid', 'relief']) {
        const res = await get('teacher_section', `/api/persons/${person}/${tab}`);
        expect(res.statusCode, tab).toBe(403);
        expect(res.json().error.message, tab).toBe(AID_CARE_ONLY);
      }
      const unmask = await post('teacher_section', `/api/persons/${person}/unmask`);
      expect(unmask.statusCode).toBe(403);
      expect(unmask.body).not.toContain(person === paired.personId ? paired.idNumber : unpaired.idNumber);
    }
  });

  it('refuses 教师科 the rolls and their imports, 信息比对 and 控辍保学, and any write there', async () => {
    const reads = [
      '/api/imports',
      '/api/comparison/summary',
      '/api/comparison/results?list=linked',
      '/api/comparison/results?list=review',
      '/api/comparison/export?list=unenrolled',
      `/api/comparison/review/1`,
      '/api/dropout/out-of-school',
      '/api/dropout/out-of-school/export',
      '/api/dropout/cases',
      '/api/dropout/dashboard',
      '/api/dropout/transfers',
      '/api/dropout/letters',
      `/api/dropout/case-child?studentId=1`,
    ];
    for (const who of ['teacher_section', 'city_teacher_section']) {
      for (const url of reads) {
        const res = await get(who, url);
        expect(res.statusCode, `${who} ${url}`).toBe(403);
        expect(res.json().error.message, url).toBe(PUPIL_RECORDS_CARE_ONLY);
      }
      for (const url of [
        '/api/imports/students?filename=x.csv',
        '/api/comparison/run',
        '/api/comparison/review/1',
        '/api/dropout/cases',
      ]) {
        const res = await post(who, url);
        expect(res.statusCode, `${who} POST ${url}`).toBe(403);
      }
      expect((await get(who, '/api/auth/me')).json().user.permissions.write, who).toBe(false);
      // Nor the 新建个案 pupil picker, which lists the city's roll (found by an outside verifier).
      const picker = await get(who, `/api/aid/students?q=${encodeURIComponent('清流')}`);
      expect(picker.statusCode, who).toBe(403);
      expect(picker.json().error.message).toBe(AID_CARE_ONLY);
    }
    // Every other role of the county still reads the comparison's summary and the out-of-school list
    // (乡镇干部 too: 控辍保学 is its work; the comparison's lists by their own rules).
    for (const role of OTHER_ROLES) {
      expect((await get(role, `/api/aid/students?q=${encodeURIComponent('清流')}`)).statusCode, role).toBe(
        200,
      );
      expect((await get(role, '/api/dropout/out-of-school')).statusCode, role).toBe(200);
      expect((await get(role, '/api/comparison/summary')).statusCode, role).toBe(200);
    }
  });

  it('shows 教师科 none of the roll imports among the jobs, nor their report by the job’s id', async () => {
    const upload = await app.inject({
      method: 'POST',
      url: `/api/imports/students?filename=${encodeURIComponent('清流名册.csv')}`,
      headers: { cookie: cookie.county_admin!, 'content-type': 'application/octet-stream' },
      payload: '学籍号,姓名,身份证件号,学校标识码\nG1,清流新生,,2135000002\n',
    });
    expect(upload.statusCode).toBe(202);
    const { jobId } = upload.json();
    let status = '';
    for (let i = 0; i < 200 && status !== 'succeeded' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await get('county_admin', `/api/jobs/${jobId}`)).json().job.status;
    }
    expect(status).toBe('succeeded');
    const ids = async (who: string) =>
      ((await get(who, '/api/jobs')).json().items as { id: string }[]).map((j) => j.id);
    expect(await ids('county_admin')).toContain(jobId);
    for (const who of ['teacher_section', 'city_teacher_section']) {
      expect(await ids(who), who).not.toContain(jobId);
      expect((await get(who, `/api/jobs/${jobId}`)).statusCode, who).toBe(404);
    }
  });

  it('shows a 乡镇干部 none of a school’s roll imports, nor their report (verifier v27d F3)', async () => {
    const upload = await app.inject({
      method: 'POST',
      url: `/api/imports/students?filename=${encodeURIComponent('本校名册.csv')}`,
      headers: { cookie: cookie.school_aid_officer!, 'content-type': 'application/octet-stream' },
      payload: '学籍号,姓名,身份证件号,学校标识码\nL2021900,本校新生,,2135000002\n',
    });
    expect(upload.statusCode).toBe(202);
    const { jobId } = upload.json();
    let status = '';
    for (let i = 0; i < 200 && status !== 'succeeded' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await get('school_aid_officer', `/api/jobs/${jobId}`)).json().job.status;
    }
    expect(status).toBe('succeeded');
    const ids = async (who: string) =>
      ((await get(who, '/api/jobs')).json().items as { id: string }[]).map((j) => j.id);
    expect(await ids('school_aid_officer')).toContain(jobId);
    expect((await get('school_aid_officer', `/api/imports/report/${jobId}`)).statusCode).toBe(200);
    // The school's other account sees its school's imports; the township's official none.
    expect(await ids('head_teacher')).toContain(jobId);
    expect(await ids('township_official')).not.toContain(jobId);
    for (const url of [`/api/jobs/${jobId}`, `/api/imports/report/${jobId}`])
      expect((await get('township_official', url)).statusCode, url).toBe(404);
    // Nor the list of imports (verifier v27e F4): a roll the school imported, as the import records it.
    const school = await database.db
      .selectFrom('app_user')
      .select(['id', 'scope_code'])
      .where('role', '=', 'school_aid_officer')
      .where('school_code', '=', '2135000002')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('import_batch')
      .values({
        kind: 'students',
        filename: '本校名册.csv',
        rows: 1,
        scope_code: school.scope_code,
        actor_id: school.id,
      })
      .execute();
    const imports = async (who: string) =>
      ((await get(who, '/api/imports')).json().items as { filename: string }[]).map((i) => i.filename);
    expect(await imports('school_aid_officer')).toContain('本校名册.csv');
    expect(await imports('township_official')).not.toContain('本校名册.csv');
  });

  it('answers 404 for the unpaired child, the moved record’s former file and another county’s pairing', async () => {
    for (const person of [unpaired.personId, former.personId, mingxi]) {
      for (const url of [`/api/persons/${person}`, `/api/persons/${person}/care`]) {
        const res = await get('teacher_section', url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.message, url).toBe('人员档案不存在或不在您的管辖范围内');
        for (const secret of ['清流未结对', unpaired.idNumber, 'minimum_living', 'disability'])
          expect(res.body, `${url}: ${secret}`).not.toContain(secret);
      }
    }
    // The city's 教师科 opens 明溪县's paired child, and neither of the others.
    expect((await get('city_teacher_section', `/api/persons/${mingxi}`)).statusCode).toBe(200);
    for (const person of [unpaired.personId, former.personId])
      expect((await get('city_teacher_section', `/api/persons/${person}`)).statusCode).toBe(404);
  });

  it('leaves every other role’s 一生一档 as it was: both children, the whole file', async () => {
    for (const role of OTHER_ROLES) {
      const me = (await get(role, '/api/auth/me')).json().user.permissions;
      expect(me.readPersons, role).toBe(true);
      expect(await search(role, '清流'), role).toEqual(['清流曾结对', '清流未结对', '清流结对']);
      expect(await search(role, unpaired.idNumber), role).toEqual(['清流未结对']);
      const res = await get(role, `/api/persons/${paired.personId}`);
      expect(res.statusCode, role).toBe(200);
      const file = res.json();
      expect(file.care_only, role).toBe(false);
      expect(file.students.map((s: { status: string }) => s.status).sort(), role).toEqual([
        'enrolled',
        'left',
      ]);
      // 乡镇干部 reads no 学生资助 record: no enrolled pupil's 建档立卡 identity (tester v22b F2).
      const aid = role !== 'township_official';
      expect(file.students.find((s: { status: string }) => s.status === 'enrolled').result, role).toBe(
        aid ? 'confirmed' : null,
      );
      expect(file.changes, role).toHaveLength(1);
      expect(
        file.registry.map((r: { person_no: string }) => r.person_no),
        role,
      ).toEqual(aid ? [paired.personNo] : []);
      expect(file.household, role).toHaveLength(aid ? 1 : 0);
      expect(
        file.lists.map((l: { list_kind: string }) => l.list_kind),
        role,
      ).toEqual(aid ? ['minimum_living'] : []);
      expect(
        file.decisions.map((d: { note: string }) => d.note),
        role,
      ).toEqual(aid ? ['清流核实'] : []);
      expect(
        file.moved_in.map((m: { person_id: number }) => m.person_id),
        role,
      ).toEqual([former.personId]);
      const other = await get(role, `/api/persons/${unpaired.personId}`);
      expect(other.statusCode, role).toBe(200);
      expect(
        other
          .json()
          .lists.map((l: { list_kind: string }) => l.list_kind)
          .sort(),
        role,
      ).toEqual(aid ? ['disability', 'minimum_living'] : []);
      // The file a correction left, with its note (history only).
      const left = await get(role, `/api/persons/${former.personId}`);
      expect(left.statusCode, role).toBe(200);
      expect(left.json().history_only, role).toBe(true);
      for (const person of [paired.personId, unpaired.personId])
        expect((await get(role, `/api/persons/${person}/dropout-cases`)).statusCode, role).toBe(200);
      // (乡镇干部 reads no 学生资助 record, 红烛暖心 included: aid.access.ts.)
      expect((await get(role, `/api/persons/${paired.personId}/care`)).statusCode, role).toBe(
        role === 'township_official' ? 403 : 200,
      );
      const unmask = await post(role, `/api/persons/${unpaired.personId}/unmask`);
      expect(unmask.statusCode, role).toBe(UNMASKS.includes(role) ? 200 : 403);
      if (unmask.statusCode === 200) expect(unmask.json().idNumber, role).toBe(unpaired.idNumber);
    }
  });
});
