/** HTTP routes of the 控辍保学 ledger (工作要点 5): cases, persuasion, status, 送教上门, 书面报告. */
import { sql } from 'kysely';
import {
  daysOverdue,
  isOverdue,
  returnState,
  TRANSITIONS,
  visitProgress,
} from '../../domain/dropout/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor } from '../../server/http.ts';
import { personInScope } from '../persons/persons.queries.ts';
import {
  caseHistory,
  casesOfPerson,
  enrolmentOfCase,
  findCase,
  listCases,
  returnSchoolOfCase,
  searchReturnSchools,
} from './cases.queries.ts';
import { addPersuasion, changeStatus, createCase, previewCaseChild, updateCase } from './cases.service.ts';
import { assertCanWriteDropout, canWriteDropout } from './dropout.access.ts';
import {
  attachment,
  CaseChildQuery,
  CaseListQuery,
  CreateCaseBody,
  HomeTeachingBody,
  IdParams,
  PatchCaseBody,
  PersuasionBody,
  ReportBody,
  ReturnSchoolQuery,
  StatusBody,
  VisitBody,
} from './dropout.schemas.ts';
import { todayInChina } from './dropout.settings.ts';
import { addVisit, findReportFile, generateReport, saveHomeTeaching } from './support.service.ts';

/** A case as the browser sees it: ID masked, overdue worked out. */
export function presentCase<T extends { id_number: string | null; status: string; deadline: string | null }>(
  c: T,
  today: string,
) {
  const status = c.status as keyof typeof TRANSITIONS;
  return {
    ...c,
    id_number: maskId(c.id_number),
    overdue: isOverdue(status, c.deadline, today),
    days_overdue: daysOverdue(status, c.deadline, today),
  };
}

const TAGS = ['dropout'];

/** Registers the case routes. */
export async function caseRoutes(app: App): Promise<void> {
  const db = app.database.db;

  app.get('/api/dropout/cases', { schema: { querystring: CaseListQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const today = todayInChina();
    const q = req.query;
    const r = await listCases(db, actor, { ...q, overdue: q.overdue === 'true', today });
    return { ...r, items: r.items.map((c) => presentCase(c, today)) };
  });

  app.post('/api/dropout/cases', { schema: { body: CreateCaseBody, tags: TAGS } }, async (req, reply) => {
    const actor = requireActor(req);
    const row = await createCase(db, actor, req.body, todayInChina());
    reply.status(201);
    return { case: presentCase(row, todayInChina()) };
  });

  // The new-case form's preview of its child (nothing written): the 重点群体 the records show, the
  // roll's 辍学日期 and the birth date that bounds it — found in scope and refused as POST would.
  app.get('/api/dropout/case-child', { schema: { querystring: CaseChildQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    return previewCaseChild(db, actor, req.query, todayInChina());
  });

  // The 复学学校 choices: any school of the city (a reference on the case, not its pupils' data), for
  // those who record returns; the case stays in the recorder's scope (changeStatus).
  app.get(
    '/api/dropout/return-schools',
    { schema: { querystring: ReturnSchoolQuery, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      assertCanWriteDropout(actor);
      return { items: await searchReturnSchools(db, actor, req.query.q) };
    },
  );

  app.get('/api/dropout/cases/:id', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const today = todayInChina();
    const c = await findCase(db, actor, req.params.id);
    if (!c) throw notFound('控辍保学台账');
    const h = await caseHistory(db, c.id);
    // The roll now: a return recorded on the case is confirmed once the roll shows the child.
    const rolls = await enrolmentOfCase(db, actor, c);
    return {
      case: presentCase(c, today),
      ...h,
      returnSchool: await returnSchoolOfCase(db, c.return_school_code, h.events),
      enrolment: {
        enrolled: rolls.length > 0,
        schools: rolls.flatMap((r) => (r.in_scope && r.school_name ? [r.school_name] : [])),
        // The same schools with their codes: 已复学's 复学学校 starts at the school the roll shows.
        current: rolls.flatMap((r) =>
          r.in_scope && r.school_name && r.school_code ? [{ code: r.school_code, name: r.school_name }] : [],
        ),
        elsewhere: rolls.some((r) => !r.in_scope),
        returnState: returnState({ status: c.status, returnDate: c.return_date }, rolls.length > 0),
      },
      today,
      next: TRANSITIONS[c.status],
      canWrite: canWriteDropout(actor) && c.status !== 'closed',
      visitProgress: h.homeTeaching
        ? visitProgress(
            h.visits.map((v) => v.date),
            h.homeTeaching.visits_per_month,
            today.slice(0, 7),
          )
        : null,
    };
  });

  app.patch(
    '/api/dropout/cases/:id',
    { schema: { params: IdParams, body: PatchCaseBody, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const row = await updateCase(db, actor, req.params.id, req.body, todayInChina());
      return { case: presentCase(row, todayInChina()) };
    },
  );

  app.post(
    '/api/dropout/cases/:id/status',
    { schema: { params: IdParams, body: StatusBody, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const today = todayInChina();
      const b = req.body;
      const row = await changeStatus(db, actor, req.params.id, { ...b, date: b.date ?? today }, today);
      return { case: presentCase(row, today) };
    },
  );

  app.post(
    '/api/dropout/cases/:id/persuasions',
    { schema: { params: IdParams, body: PersuasionBody, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await addPersuasion(db, actor, req.params.id, req.body, todayInChina());
      reply.status(201);
      return { persuasion: row };
    },
  );

  app.put(
    '/api/dropout/cases/:id/home-teaching',
    { schema: { params: IdParams, body: HomeTeachingBody, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      return { homeTeaching: await saveHomeTeaching(db, actor, req.params.id, req.body, todayInChina()) };
    },
  );

  app.post(
    '/api/dropout/cases/:id/home-teaching/visits',
    { schema: { params: IdParams, body: VisitBody, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await addVisit(db, actor, req.params.id, req.body, todayInChina());
      reply.status(201);
      return { visit: row };
    },
  );

  app.post(
    '/api/dropout/cases/:id/reports',
    { schema: { params: IdParams, body: ReportBody, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await generateReport(db, actor, req.params.id, req.body.recipient, todayInChina());
      reply.status(201);
      return { report: row };
    },
  );

  app.get(
    '/api/dropout/reports/:id/docx',
    { schema: { params: IdParams, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      const f = await findReportFile(db, actor, req.params.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', attachment(f.filename))
        .send(f.document);
    },
  );

  // 一生一档 (工作要点 1): the person file shows every dropout case of the person — not to a role that
  // reads care files only (教师科: 403 before scope, from dropout.routes.ts's guardPupilRecords).
  app.get('/api/persons/:id/dropout-cases', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const today = todayInChina();
    const cases = await casesOfPerson(db, actor, req.params.id);
    if (cases.length === 0) {
      // (Open as the file is — personInScope —, not by the person's place: a 乡镇干部 learnt of a
      // township's 建档立卡 child at school elsewhere from an empty list where the file says 404,
      // verifier v26f F7.)
      const person = await db
        .selectFrom('person')
        .select(sql<number>`1`.as('x'))
        .where('id', '=', req.params.id)
        .where(personInScope(actor))
        .executeTakeFirst();
      if (!person) throw notFound('人员档案');
    }
    return { items: cases.map((c) => presentCase(c, today)) };
  });
}
