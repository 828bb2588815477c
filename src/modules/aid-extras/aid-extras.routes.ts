/**
 * HTTP routes of the 学生资助 extras: 应急救助 (工作要点 1), 学校资助基金 and 红烛暖心 (工作要点 2),
 * 立德树人 care (工作要点 4), their settings, and the person file's relief and care tabs.
 */
import { auditPersonalView } from '../../server/audit.ts';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { todayInChina } from '../../server/today.ts';
import { guardAidRecords } from '../aid/aid.access.ts';
import { assertCanEditAidSettings, canEditAidSettings, canWriteCare } from './access.ts';
import {
  ApplyBody,
  BalancesQuery,
  EligibleQuery,
  EntriesQuery,
  EntryBody,
  IdParams,
  PairingBody,
  PairingPatchBody,
  PairingsQuery,
  PayBody,
  ReliefListQuery,
  SettingsBody,
  StepBody,
  StudentSearchQuery,
  VisitBody,
} from './aid-extras.schemas.ts';
import { careOfPerson, findPairing, listPairings, searchStudents, unpairedEligible } from './care.queries.ts';
import { addVisit, createPairing, updatePairing } from './care.service.ts';
import { fundBalances, listFundEntries } from './fund.queries.ts';
import { addFundEntry } from './fund.service.ts';
import { findRelief, listRelief, reliefOfPerson, stepsOf } from './relief.queries.ts';
import { actOnRelief, applyRelief, presentRelief } from './relief.service.ts';
import { loadAidExtrasSettings, saveAidExtrasSettings } from './settings.ts';

const RELIEF = ['aid-relief'];
const FUND = ['aid-fund'];
const CARE = ['aid-care'];

/** Registers every route of the module. */
export async function aidExtrasRoutes(app: App): Promise<void> {
  const db = app.database.db;
  // 学生资助 records are not for 乡镇干部 (roles.ts aid.read), but for the pupil picker
  // (GET /api/aid/students) of 控辍保学's 新建个案; 教师科 reads the 红烛暖心 pairings, their visits
  // and the person file's care tab only (aid.care.read: aid.access.ts CARE_READS).
  guardAidRecords(app);

  app.get('/api/aid/extras-settings', { schema: { tags: RELIEF } }, async (req) => {
    const actor = requireActor(req);
    return { settings: await loadAidExtrasSettings(db), canEdit: canEditAidSettings(actor) };
  });
  app.put('/api/aid/extras-settings', { schema: { body: SettingsBody, tags: RELIEF } }, async (req) => {
    const actor = requireActor(req);
    assertCanEditAidSettings(actor);
    return { settings: await saveAidExtrasSettings(db, actor, req.body) };
  });

  // ---- 应急救助 ----
  app.get('/api/aid/relief', { schema: { querystring: ReliefListQuery, tags: RELIEF } }, async (req) => {
    const actor = requireActor(req);
    const r = await listRelief(db, actor, req.query);
    const steps = await stepsOf(
      db,
      r.items.map((i) => i.id),
    );
    return {
      ...r,
      items: r.items.map((i) =>
        presentRelief(
          i,
          steps.filter((s) => s.relief_id === i.id),
          actor,
        ),
      ),
    };
  });
  app.post('/api/aid/relief', { schema: { body: ApplyBody, tags: RELIEF } }, async (req, reply) => {
    const actor = requireActor(req);
    const row = await applyRelief(db, actor, req.body, todayInChina());
    reply.status(201);
    return { relief: row };
  });
  app.get('/api/aid/relief/:id', { schema: { params: IdParams, tags: RELIEF } }, async (req) => {
    const actor = requireActor(req);
    const row = await findRelief(db, actor, req.params.id);
    if (!row) throw notFound('应急救助申请');
    const steps = await stepsOf(db, [row.id]);
    return { relief: presentRelief(row, steps, actor), steps };
  });
  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/api/aid/relief/:id/${action}`,
      { schema: { params: IdParams, body: StepBody, tags: RELIEF } },
      async (req) => {
        const actor = requireActor(req);
        return { relief: await actOnRelief(db, actor, req.params.id, action, req.body, todayInChina()) };
      },
    );
  }
  app.post(
    '/api/aid/relief/:id/pay',
    { schema: { params: IdParams, body: PayBody, tags: RELIEF } },
    async (req) => {
      const actor = requireActor(req);
      return { relief: await actOnRelief(db, actor, req.params.id, 'pay', req.body, todayInChina()) };
    },
  );
  app.get('/api/persons/:id/relief', { schema: { params: IdParams, tags: RELIEF } }, async (req) => {
    const actor = requireActor(req);
    const rows = await reliefOfPerson(db, actor, req.params.id);
    if (!rows) throw notFound('人员档案');
    const steps = await stepsOf(
      db,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) => ({
        ...presentRelief(r, [], actor),
        steps: steps.filter((s) => s.relief_id === r.id),
      })),
    };
  });

  // ---- 学校资助基金 ----
  app.get('/api/aid/fund/balances', { schema: { querystring: BalancesQuery, tags: FUND } }, async (req) => {
    const actor = requireActor(req);
    return fundBalances(db, actor, req.query.year);
  });
  app.get('/api/aid/fund/entries', { schema: { querystring: EntriesQuery, tags: FUND } }, async (req) => {
    const actor = requireActor(req);
    return listFundEntries(db, actor, req.query);
  });
  app.post('/api/aid/fund/entries', { schema: { body: EntryBody, tags: FUND } }, async (req, reply) => {
    const actor = requireActor(req);
    const r = await addFundEntry(db, actor, req.body, todayInChina());
    reply.status(201);
    return r;
  });

  // ---- 红烛暖心 / 立德树人 ----
  app.get('/api/aid/students', { schema: { querystring: StudentSearchQuery, tags: CARE } }, async (req) => {
    const actor = requireActor(req);
    return { items: await searchStudents(db, actor, req.query) };
  });
  app.get('/api/aid/care/pairings', { schema: { querystring: PairingsQuery, tags: CARE } }, async (req) => {
    const actor = requireActor(req);
    const { active, ...q } = req.query;
    return {
      ...(await listPairings(db, actor, { ...q, active: active === 'true' })),
      canWrite: canWriteCare(actor),
    };
  });
  app.post('/api/aid/care/pairings', { schema: { body: PairingBody, tags: CARE } }, async (req, reply) => {
    const actor = requireActor(req);
    const row = await createPairing(db, actor, req.body, todayInChina());
    reply.status(201);
    return { pairing: { ...row, teacher_phone: row.teacher_phone ? '已登记' : '' } };
  });
  app.get('/api/aid/care/pairings/:id', { schema: { params: IdParams, tags: CARE } }, async (req) => {
    const actor = requireActor(req);
    const p = await findPairing(db, actor, req.params.id);
    if (!p) throw notFound('结对记录');
    return { pairing: p.pairing, visits: p.visits, canWrite: canWriteCare(actor) && !p.pairing.end_date };
  });
  app.patch(
    '/api/aid/care/pairings/:id',
    { schema: { params: IdParams, body: PairingPatchBody, tags: CARE } },
    async (req) => {
      const actor = requireActor(req);
      const row = await updatePairing(db, actor, req.params.id, req.body, todayInChina());
      return { pairing: { ...row, teacher_phone: row.teacher_phone ? '已登记' : '' } };
    },
  );
  app.post(
    '/api/aid/care/pairings/:id/visits',
    { schema: { params: IdParams, body: VisitBody, tags: CARE } },
    async (req, reply) => {
      const actor = requireActor(req);
      const row = await addVisit(db, actor, req.params.id, req.body, todayInChina());
      reply.status(201);
      return { visit: row };
    },
  );
  app.post('/api/aid/care/pairings/:id/unmask', { schema: { params: IdParams, tags: CARE } }, async (req) => {
    const actor = requirePermission(req, 'personal.unmask');
    const p = await findPairing(db, actor, req.params.id);
    if (!p) throw notFound('结对记录');
    await auditPersonalView(db, actor, 'care_pairing', String(p.pairing.id), p.pairing.region_code, [
      'teacher_phone',
    ]);
    return { teacherPhone: p.phone };
  });
  app.get('/api/aid/care/eligible', { schema: { querystring: EligibleQuery, tags: CARE } }, async (req) => {
    const actor = requireActor(req);
    return unpairedEligible(db, actor, req.query);
  });
  app.get('/api/persons/:id/care', { schema: { params: IdParams, tags: CARE } }, async (req) => {
    const actor = requireActor(req);
    const r = await careOfPerson(db, actor, req.params.id);
    if (!r) throw notFound('人员档案');
    return r;
  });
}
