/**
 * HTTP routes of the 控辍保学 lists (工作要点 5): out-of-school children (list and file), lost
 * transfers, the dashboard and the configurable settings.
 */

import { ageOn, ageReferenceDay, keyGroupsOf, returnState } from '../../domain/dropout/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { maskPersonalText } from '../../domain/identity/personal-mask.ts';
import { auditPersonalView } from '../../server/audit.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import { personsInReview, reviewFlags } from '../comparison/comparison.queries.ts';
import { type LatestCase, latestCaseOfChild, latestCasesFor, listMarksScope } from './cases.queries.ts';
import { dropoutDashboard } from './dashboard.queries.ts';
import { assertCanUnmaskOutOfSchool } from './dropout.access.ts';
import { outOfSchoolFile } from './dropout.export.ts';
import { attachment, ExportQuery, OutOfSchoolQuery, SettingsBody, TransferQuery } from './dropout.schemas.ts';
import { loadDropoutSettings, saveDropoutSettings, todayInChina } from './dropout.settings.ts';
import { letterCounts } from './letters.service.ts';
import {
  countUnknownAge,
  listLostTransfers,
  listOutOfSchool,
  listUnknownAge,
} from './out-of-school.queries.ts';

const TAGS = ['dropout'];

/**
 * How a list marks a child by their latest case: the open case, or else the case closed last. A
 * child on these lists is on no roll, so a return recorded on the latest case is unconfirmed
 * (待学籍核实) — the list shows it, instead of showing the child as untouched.
 */
function caseMarks(last: LatestCase | undefined) {
  return {
    open_case: last && last.status !== 'closed' ? { id: last.id, status: last.status } : null,
    last_case: last && last.status === 'closed' ? last : null,
    return_unconfirmed:
      returnState(last ? { status: last.status, returnDate: last.return_date } : null, false) ===
      'unconfirmed',
  };
}

/** Registers the list, dashboard and settings routes. */
export async function listRoutes(app: App): Promise<void> {
  const db = app.database.db;

  // The list of the actor's area, IDs masked for everyone; a school's staff see their area's (its
  // township or village) for 劝返 in the catchment, and can neither unmask it nor open a case from
  // it (dropout.access.ts).
  app.get(
    '/api/dropout/out-of-school',
    { schema: { querystring: OutOfSchoolQuery, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const settings = await loadDropoutSettings(db);
      const asOf = req.query.asOf ?? todayInChina();
      // Ages are counted on the entry cut-off of asOf's school year (31 August by default).
      const ageDay = ageReferenceDay(asOf, settings.compulsoryAge);
      const r = await listOutOfSchool(db, actor, { ...req.query, asOf, ages: settings.compulsoryAge });
      // By the registry row, and by the person (latestCaseOfChild).
      const cases = await latestCasesFor(db, listMarksScope(actor), {
        registryPersonIds: r.items.map((i) => i.id),
        personIds: r.items.flatMap((i) => (i.person_id === null ? [] : [i.person_id])),
      });
      const latest = (i: { id: number; person_id: number | null }) => latestCaseOfChild(cases, i);
      const inReview = await personsInReview(
        db,
        actor,
        r.items.map((i) => i.person_no),
      );
      return {
        ...r,
        asOf,
        ageDay,
        ages: settings.compulsoryAge,
        unknownAge: await countUnknownAge(db, actor),
        items: r.items.map(({ id_number_raw: _raw, ...i }) => ({
          ...i,
          id_number: maskId(i.id_number),
          age: i.birth_date ? ageOn(i.birth_date, ageDay) : null,
          key_groups: keyGroupsOf({ inRegistry: true }),
          ...caseMarks(latest(i)),
          ...reviewFlags(inReview, i.person_no),
        })),
      };
    },
  );

  // The registry children of unknown age in no roll (the banner above the list counts them): whom
  // to check by hand, IDs masked (their number is missing or unreadable — the reason they have no age).
  app.get('/api/dropout/out-of-school/unknown-age', { schema: { tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const items = await listUnknownAge(db, actor);
    return {
      items: items.map(({ id_number_raw, ...i }) => ({
        ...i,
        id_masked: maskPersonalText(id_number_raw ?? ''),
      })),
    };
  });

  app.get(
    '/api/dropout/out-of-school/export',
    { schema: { querystring: ExportQuery, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      // Masked unless asked for; full numbers only for a role that may unmask them, not a school's
      // staff (dropout.access.ts), and the view is logged.
      const unmask = req.query.unmask === 'true';
      if (unmask) assertCanUnmaskOutOfSchool(actor);
      const settings = await loadDropoutSettings(db);
      const asOf = req.query.asOf ?? todayInChina();
      const { buffer, rows } = await outOfSchoolFile(db, actor, req.query.format, {
        asOf,
        ages: settings.compulsoryAge,
        unmask,
      });
      if (unmask)
        await auditPersonalView(db, actor, 'out_of_school_export', asOf, actor.scopeCode, ['id_number']);
      const type =
        req.query.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return reply
        .header('content-type', type)
        .header('content-disposition', attachment(`失学儿童名单-${asOf}.${req.query.format}`))
        .header('x-row-count', String(rows))
        .send(buffer);
    },
  );

  app.get('/api/dropout/transfers', { schema: { querystring: TransferQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const settings = await loadDropoutSettings(db);
    const asOf = req.query.asOf ?? todayInChina();
    const rows = await listLostTransfers(db, actor, asOf, settings.transferDays);
    const { byStudent } = await latestCasesFor(db, actor, { studentIds: rows.map((r) => r.id) });
    return {
      asOf,
      days: settings.transferDays,
      items: rows.map(({ school_marked_poor, disabled, left_behind, in_registry, ...r }) => ({
        ...r,
        id_number: maskId(r.id_number),
        key_groups: keyGroupsOf({
          inRegistry: in_registry,
          schoolMarkedPoor: school_marked_poor,
          disabled,
          leftBehind: left_behind,
        }),
        ...caseMarks(byStudent.get(r.id)),
      })),
    };
  });

  app.get('/api/dropout/dashboard', { schema: { tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const today = todayInChina();
    const year = Number(today.slice(0, 4));
    const [dash, letters] = await Promise.all([
      dropoutDashboard(db, actor, today),
      letterCounts(db, actor, year),
    ]);
    return { ...dash, letters: { year, ...letters } };
  });

  app.get('/api/dropout/settings', { schema: { tags: TAGS } }, async (req) => {
    requireActor(req);
    return { settings: await loadDropoutSettings(db), canEdit: can(req.actor!.role, 'settings.edit') };
  });

  app.put('/api/dropout/settings', { schema: { body: SettingsBody, tags: TAGS } }, async (req) => {
    const actor = requirePermission(req, 'settings.edit');
    return { settings: await saveDropoutSettings(db, actor, req.body) };
  });
}
