import type { Insertable, Kysely, Transaction } from 'kysely';
import { refreshPlannerStats } from '../../db/planner-stats.ts';
import type { DB } from '../../db/types.ts';
import type { ListKind, RegistryPersonTable } from '../../db/types-comparison.ts';
import { isCompulsoryAge } from '../../domain/dropout/age.ts';
import { disabilityCardId, isExcelScientific } from '../../domain/identity/id-number.ts';
import {
  excelDamageNotice,
  invalidIdNotice,
  registryIdDamageConsequence,
} from '../../domain/matching/file-notices.ts';
import { registryBirthDate } from '../../domain/matching/prepare.ts';
import { registeredTwiceReason, sharedIdReason } from '../../domain/matching/registry-index.ts';
import { schoolYearStart } from '../../domain/matching/unenrolled.ts';
import { buildPlaceIndex, type PlaceIndex, resolvePlace } from '../../domain/regions/place-resolver.ts';
import { ColumnFill, HouseholdFill } from '../../domain/roll/household-fill.ts';
import {
  changeLinesNotice,
  type RegistryMove,
  type ReusedNumber,
  registryChangeLines,
  registryIdChanges,
  registryIdChangesNotice,
  registryMoves,
  registryMovesNotice,
  reusedNumbers,
  reusedNumbersNotice,
} from '../../domain/roll/registry-changes.ts';
import { type MassRemoval, massRemoval, massRemovalMessage } from '../../domain/roll/registry-removal.ts';
import {
  checkCells,
  checkId,
  checkKey,
  checkName,
  checkRegistryValues,
  personNoReused,
} from '../../domain/roll/registry-row.ts';
import {
  diffRegistry,
  exitStatusChanges,
  exitStatusNotice,
  listRemovedNotice,
  type RegistryEntry,
  registryChangeDetail,
  registryChangeDetailNotices,
  registryChangeNotice,
  removedFromList,
} from '../../domain/roll/roll-diff.ts';
import { personNamesKeptNotice } from '../../domain/roll/roll-identity.ts';
import type { RowMessage } from '../../domain/roll/roll-row.ts';
import { appendAudit } from '../../server/audit.ts';
import { type Actor, codeInScope } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import { loadDropoutSettings } from '../dropout/dropout.settings.ts';
import {
  LIST_FIELDS,
  LIST_KIND_LABELS,
  type ListField,
  parseListKind,
  REGISTRY_DB_FIELDS,
  type RegistryDbField,
} from '../imports/fields.ts';
import type { ImportReport } from '../imports/import-report.ts';
import {
  type ColumnMap,
  hiddenRowMessage,
  type RowShapeProblem,
  shapeMessage,
  skippedMessage,
} from '../matching/headers.ts';
import { MatchInputError, pickOwn, readTable } from '../matching/table-reader.ts';
import { enrolledAnywhere, othersPersonsNotLinked, upsertPersons } from '../persons/persons.store.ts';
import { loadPlaceTables } from '../regions/regions.queries.ts';

type Progress = (done: number, total: number, message?: string) => void;
/** List columns a merged-cell export may leave empty below their first row. */
const LIST_FILLED = ['county', 'township', 'kind'] as const;
const REG_KEYS = REGISTRY_DB_FIELDS.map((f) => f.key) as RegistryDbField[];
const LIST_KEYS = LIST_FIELDS.map((f) => f.key) as ListField[];
const REG_HEADERS = Object.fromEntries(REGISTRY_DB_FIELDS.map((f) => [f.key, f.header])) as Record<
  RegistryDbField,
  string
>;
const LIST_HEADERS = Object.fromEntries(LIST_FIELDS.map((f) => [f.key, f.header])) as Record<
  ListField,
  string
>;
/** Columns whose own checks already refuse a formula (checkKey, checkName) or read it as a damaged ID. */
const REG_CHECKED: readonly RegistryDbField[] = ['personNo', 'householdNo', 'name', 'idNumber'];
const LIST_CHECKED: readonly ListField[] = ['name', 'idNumber'];

async function placeIndex(db: Kysely<DB>): Promise<PlaceIndex> {
  const places = await loadPlaceTables(db);
  return buildPlaceIndex(
    places.regions.map((r) => ({ ...r, parentCode: r.parent_code })),
    places.mappings.map((m) => ({ oldCode: m.old_code, newCode: m.new_code })),
  );
}

/** Resolves 县/乡 names to codes inside the actor's scope, or reports the row. */
function place(
  idx: PlaceIndex,
  actor: Actor,
  row: number,
  county: string,
  township: string,
  out: RowMessage[],
) {
  const p = resolvePlace(idx, county, township);
  if (!p.ok) {
    out.push({
      row,
      column: p.field === 'county' ? '县(市、区)' : '乡(镇)',
      message: p.reason,
      severity: 'error',
    });
    return null;
  }
  if (!codeInScope(actor, p.townshipCode)) {
    out.push({ row, column: '乡(镇)', message: `${county}${township}不在您的管辖范围内`, severity: 'error' });
    return null;
  }
  return p;
}

/** A row of the file: its number, its cells by field, and whether they line up with the header. */
interface FileRow<K extends string> {
  row: number;
  c: Record<K, string>;
  shape: RowShapeProblem | null;
}

async function readRows<K extends string>(
  file: { path: string },
  fields: Parameters<typeof readTable<K>>[1],
  label: string,
  keys: K[],
  report: ImportReport,
  onProgress?: Progress,
): Promise<Array<FileRow<K>> | null> {
  const rows: Array<FileRow<K>> = [];
  let columns: ColumnMap<K> | null = null;
  // Given by onShape just before onRow of the same row.
  let shape: RowShapeProblem | null = null;
  try {
    await readTable(
      file.path,
      fields,
      label,
      (cells, row) => {
        rows.push({ row, c: pickOwn(cells, columns!, keys), shape });
        shape = null;
      },
      {
        onProgress: (d, t) => onProgress?.(d, t, '读取文件'),
        onColumns: (cols) => {
          columns = cols;
        },
        onShape: (problem) => {
          shape = problem;
        },
        onSkip: (row, reason) => report.warnings.push(skippedMessage(row, reason)),
        onHidden: (row) => report.warnings.push(hiddenRowMessage(row)),
      },
    );
  } catch (e) {
    if (e instanceof MatchInputError) {
      report.fileError = e.message;
      return null;
    }
    throw e;
  }
  report.rows = rows.length;
  return rows;
}

export interface RegistryImportOptions {
  /** The user confirmed that the file is the whole list of its counties although most would be removed. */
  confirmRemoval?: boolean;
}

/** How many numbers of each kind a registry import's audit entry keeps. */
const AUDIT_NAMED = 5000;

/**
 * Who a new 建档立卡 list changes against the current one (registryChangeDetail), and its notices:
 * ages on the last comparison's 基准日 (as the out-of-school list counts them), else today; every
 * enrolled pupil taken off is named whatever their age (they lose the 建档立卡 aid).
 */
async function whoChanged(
  trx: Transaction<DB>,
  previous: ReadonlyArray<RegistryEntry & { person_id: number | null }>,
  after: readonly RegistryEntry[],
  moves: readonly RegistryMove[],
  reused: readonly ReusedNumber[],
) {
  const ages = (await loadDropoutSettings(trx)).compulsoryAge;
  const lastRun = await trx
    .selectFrom('match_run')
    .select('as_of')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // The current school year's ages, or the last comparison's when it is of this school year (its
  // as-of date chosen by hand): a comparison of a past year does not date this year's children
  // (tester v22b F7: a new 6-year-old was left out, aged as of the year before).
  const current = schoolYearStart(todayInChina());
  const asOf = lastRun && lastRun.as_of >= current ? lastRun.as_of : current;
  const other = new Set(reused.map((r) => r.personNo));
  const kept = new Set([
    ...after.flatMap((v) => (other.has(v.personNo) ? [] : [v.personNo])),
    ...moves.map((m) => m.from.personNo),
  ]);
  const pupils = await enrolledAnywhere(
    trx,
    previous.flatMap((p) => (!kept.has(p.personNo) && p.person_id !== null ? [p.person_id] : [])),
  );
  const detail = registryChangeDetail(
    previous.map((p) => ({ ...p, enrolled: p.person_id !== null && pupils.has(p.person_id) })),
    after,
    asOf,
    (born, day) => isCompulsoryAge(born, day, ages),
    moves,
    reused,
  );
  return { ...detail, notices: registryChangeDetailNotices(detail, asOf) };
}

/**
 * Imports a 建档立卡 export. The file replaces the current registry of the counties it covers
 * (older rows stay, marked not current, so past comparisons remain explainable). All or nothing.
 * A file that would remove most of a county's persons (`massRemoval`) writes nothing until the
 * user confirms it (`confirmRemoval`): the report then asks for it (`confirm: 'removal'`).
 */
export async function importRegistry(
  db: Kysely<DB>,
  actor: Actor,
  file: { path: string; filename: string },
  onProgress?: Progress,
  opts: RegistryImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    ok: false,
    kind: 'registry',
    filename: file.filename,
    rows: 0,
    batchId: null,
    counts: {},
    errors: [],
    warnings: [],
  };
  const rows = await readRows(file, REGISTRY_DB_FIELDS, '建档立卡名单', REG_KEYS, report, onProgress);
  if (!rows) return report;
  const today = todayInChina();
  const idx = await placeIndex(db);
  const messages: RowMessage[] = [];
  const seen = new Map<string, number>();
  let excelIds = 0;
  let excelShort = 0;
  let invalidIds = 0;
  // Household cells a merged-cell export left empty, from the row above (domain/roll/household-fill.ts).
  const fill = new HouseholdFill();
  for (const { row, c } of rows) fill.next(row, c);
  const values: Array<
    Omit<Insertable<RegistryPersonTable>, 'batch_id' | 'person_id'> & {
      person_no: string;
      county_code: string;
      region_code: string;
      name: string;
      household_no: string;
      id_number: string | null;
      sex: string | null;
      birth_date: string | null;
    }
  > = [];
  /** Rows with a valid ID, for othersPersonsNotLinked; and each value's row. */
  const links: Array<{ row: number; idNumber: string; name: string }> = [];
  const valueRows: number[] = [];
  const idRows = new Map<string, { row: number; name: string; personNo: string }>();
  for (const { row, c, shape } of rows) {
    if (shape !== null) messages.push(shapeMessage(shape, row));
    // (A row a stray quote merged or shifted is refused whole: its cells say nothing more.)
    if (shape?.severity === 'error') continue;
    // (A cell refused here is not told again by its column's own check.)
    const refused = checkCells(row, c, REG_HEADERS, REG_CHECKED, messages);
    const personNo = checkKey(row, '人编号', c.personNo, refused.has('personNo') ? [] : messages);
    const householdNo = checkKey(row, '户编号', c.householdNo, refused.has('householdNo') ? [] : messages);
    const name = checkName(row, '姓名', c.name, refused.has('name') ? [] : messages);
    const id = checkId(row, '证件号码', c.idNumber, refused.has('idNumber') ? [] : messages, true);
    const nid = id.normalised;
    if (id.excelDamaged) {
      excelIds++;
      if (nid.birthDate === null) excelShort++;
    }
    if (id.invalid) invalidIds++;
    // The export's 出生日期, when it has one, for an ID that cannot give the date (tester v26a F3).
    const born = registryBirthDate(nid, c.birthDate, today);
    if (born.issue !== null)
      messages.push({ row, column: '出生日期', message: born.issue, severity: 'warning' });
    checkRegistryValues(row, c, id.sex, messages);
    const p = place(idx, actor, row, c.county, c.township, messages);
    if (personNo && seen.has(personNo)) {
      messages.push({
        row,
        column: '人编号',
        message: `人编号 ${personNo} 与第 ${seen.get(personNo)} 行重复`,
        severity: 'error',
      });
      continue;
    }
    if (personNo) seen.set(personNo, row);
    if (!personNo || !householdNo || !name || !p) continue;
    if (id.idNumber) {
      links.push({ row, idNumber: id.idNumber, name });
      // One ID on two 人编号: one person registered twice, or a mistyped number (tester v22a F2).
      const first = idRows.get(id.idNumber);
      if (first === undefined) idRows.set(id.idNumber, { row, name, personNo });
      else
        messages.push({
          row,
          column: '证件号码',
          message:
            first.name === name
              ? registeredTwiceReason(first.row, first.personNo)
              : sharedIdReason(first.row, first.name),
          severity: 'warning',
        });
    }
    valueRows.push(row);
    values.push({
      person_no: personNo,
      household_no: householdNo,
      name,
      id_number_raw: c.idNumber.trim() || null,
      id_number: id.idNumber,
      sex: id.sex ?? (c.sex.trim() === '男' ? 'M' : c.sex.trim() === '女' ? 'F' : null),
      birth_date: born.birthDate,
      relation: c.relation.trim() || null,
      head_name: c.headName.trim() || null,
      head_id_number: c.headIdNumber.trim() || null,
      county_name: c.county.trim(),
      township_name: c.township.trim(),
      village_name: c.village.trim() || null,
      county_code: p.countyCode,
      region_code: p.townshipCode,
      poverty_attribute: c.povertyAttribute.trim() || null,
      exit_status: c.exitStatus.trim() || null,
      school_status: c.schoolStatus.trim() || null,
    });
  }
  split(messages, report);
  const filled = fill.notice('建档立卡名单');
  report.notices = [
    ...(filled === null ? [] : [filled]),
    ...fileNotices('建档立卡名单', rows.length, [
      ['证件号码', excelIds, registryIdDamageConsequence(excelIds, excelShort, true)],
      ['户编号', rows.reduce((k, r) => (isExcelScientific(r.c.householdNo) ? k + 1 : k), 0), '这些行未导入'],
    ]),
    ...texts(
      invalidIdNotice(
        '建档立卡名单',
        '证件号码',
        invalidIds,
        rows.length,
        '这些行照样导入（标记为证件号问题），但信息比对时只能依靠姓名、户和所在村',
      ),
    ),
  ];
  // A person of another county only (not in this county's records) under another name: imported, not
  // filed under that person (a mistyped or borrowed ID would open their 一生一档 to this county).
  const notLinked = await othersPersonsNotLinked(db, actor, links, '证件号码', report.warnings);
  report.warnings.sort((a, b) => a.row - b.row);
  if (report.errors.length) return report;
  const counties = [...new Set(values.map((v) => v.county_code))];
  const held = await db.transaction().execute(async (trx): Promise<MassRemoval[] | null> => {
    // What this list changes against the current one of its counties, told before it is replaced.
    const previous = await trx
      .selectFrom('registry_person')
      .select([
        'person_no as personNo',
        'household_no as householdNo',
        'county_code as countyCode',
        'name',
        'birth_date as birthDate',
        'head_name as headName',
        'person_id',
        'exit_status as exitStatus',
        'id_number as idNumber',
        'id_number_raw as idRaw',
      ])
      .where('county_code', 'in', counties)
      .where('current', '=', true)
      .execute();
    // The file's persons as the pairings below read them.
    const listed = values.map((v, i) => ({
      personNo: v.person_no,
      householdNo: v.household_no,
      name: v.name,
      idNumber: v.id_number,
      idRaw: v.id_number_raw ?? null,
      birthDate: v.birth_date,
      row: valueRows[i],
    }));
    // 人编号 the file gives to another person (verifier v27d F2a), and persons it keeps under another
    // 人编号 (a household split, a renumbering): by their ID, else by name with their household.
    const reused = reusedNumbers(previous, listed);
    const moves = registryMoves(previous, listed, reused);
    if (!opts.confirmRemoval) {
      const mass = massRemoval(
        previous,
        values.map((v) => ({ personNo: v.person_no, countyCode: v.county_code })),
        new Set(moves.map((m) => m.from.personNo)),
        undefined,
        new Set(reused.map((r) => r.personNo)),
      );
      // Nothing of this file is written (only read so far) until the user says it is the whole list.
      if (mass.length > 0) return mass;
    }
    const batch = await newBatch(trx, actor, 'registry', file.filename, values.length);
    report.batchId = batch;
    const change = diffRegistry(
      previous,
      values.map((v) => ({ personNo: v.person_no, householdNo: v.household_no })),
      moves,
      reused,
    );
    const changed = registryChangeNotice(change, previous.length === 0);
    if (changed !== null) report.notices = [...(report.notices ?? []), changed];
    const statusChanges = exitStatusChanges(
      previous,
      values.map((v, i) => ({
        personNo: v.person_no,
        householdNo: v.household_no,
        name: v.name,
        exitStatus: v.exit_status ?? null,
        row: valueRows[i],
      })),
      moves,
      reused,
    );
    const statuses = exitStatusNotice(statusChanges);
    if (statuses !== null) report.notices = [...(report.notices ?? []), statuses];
    // One 人编号 on another person: the earlier one is off the list under it, said on the row
    // (verifier v26f F9: "新增 0 人" while two persons changed places).
    // (Or its holder's ID is now under another 人编号 and this one's name is another: verifier v27d F2a.)
    const before = new Map(previous.map((p) => [p.personNo, p.name]));
    const givenAway = new Set(reused.map((r) => r.personNo));
    const movedTo = new Map(moves.map((m) => [m.from.personNo, m.to.personNo]));
    values.forEach((v, i) => {
      const was = before.get(v.person_no);
      if (was === undefined || !(givenAway.has(v.person_no) || personNoReused(was, v.name))) return;
      const now = movedTo.get(v.person_no);
      report.warnings.push({
        row: valueRows[i]!,
        column: '人编号',
        message: `人编号 ${v.person_no} 在原名单中是 ${was}，本名单中为 ${v.name}：同一人编号换了人，请核实（${now === undefined ? '原人员已不在名单中' : `原人员现为人编号 ${now}`}）`,
        severity: 'warning',
      });
    });
    // Who: households gone, enrolled pupils and children of compulsory age off and on the list (a
    // first list changes no one).
    const detail =
      previous.length === 0
        ? null
        : await whoChanged(
            trx,
            previous,
            values.map((v, i) => ({
              personNo: v.person_no,
              householdNo: v.household_no,
              name: v.name,
              birthDate: v.birth_date,
              headName: v.head_name ?? null,
              row: valueRows[i],
            })),
            moves,
            reused,
          );
    if (detail !== null) report.notices = [...(report.notices ?? []), ...detail.notices];
    const moved = registryMovesNotice(moves);
    if (moved !== null) report.notices = [...(report.notices ?? []), moved];
    const given = reusedNumbersNotice(reused);
    if (given !== null) report.notices = [...(report.notices ?? []), given];
    // An ID changed under a kept 人编号 (corrected, lost, first given): the comparison may change (tester v27b F4).
    const idChanges = registryIdChanges(previous, listed, reused);
    const ids = registryIdChangesNotice(idChanges);
    if (ids !== null) report.notices = [...(report.notices ?? []), ids];
    // Every person changed, for the downloadable report (the notices name a few: tester v27b F5).
    if (previous.length > 0) {
      report.changes = registryChangeLines({
        before: previous,
        after: values.map((v, i) => ({
          personNo: v.person_no,
          householdNo: v.household_no,
          name: v.name,
          row: valueRows[i],
        })),
        moves,
        idChanges,
        reused,
        statuses: statusChanges,
        enrolled: new Set(detail?.removedChildren.flatMap((p) => (p.enrolled ? [p.personNo] : [])) ?? []),
      });
      const listed = changeLinesNotice(report.changes);
      if (listed !== null) report.notices = [...(report.notices ?? []), listed];
    }
    await trx
      .updateTable('registry_person')
      .set({ current: false })
      .where('county_code', 'in', counties)
      .where('current', '=', true)
      .execute();
    const persons = await upsertPersons(
      trx,
      values.map((v, i) => ({
        idNumber: notLinked.has(valueRows[i]!) ? null : v.id_number,
        fallbackKey: v.id_number && !notLinked.has(valueRows[i]!) ? null : `registry:${v.person_no}`,
        name: v.name,
        sex: v.sex,
        birthDate: v.birth_date,
        countyCode: v.county_code,
        regionCode: v.region_code,
      })),
      (d, t) => onProgress?.(d, t, '写入人员档案'),
      {
        scope: actor,
        onNameKept: (at) => {
          report.notices = [...(report.notices ?? []), personNamesKeptNotice(at.length, '建档立卡名单')];
        },
      },
    );
    for (let i = 0; i < values.length; i += 1000) {
      await trx
        .insertInto('registry_person')
        .values(
          values
            .slice(i, i + 1000)
            .map((v, j) => ({ ...v, batch_id: batch, person_id: persons[i + j] ?? null })),
        )
        .execute();
      onProgress?.(i, values.length, '写入数据库');
    }
    report.counts = {
      rows: values.length,
      households: new Set(values.map((v) => v.household_no)).size,
      counties: counties.length,
      warnings: report.warnings.length,
      ...(previous.length > 0 && {
        households_added: change.householdsAdded,
        households_removed: change.householdsRemoved,
        persons_added: change.personsAdded,
        persons_removed: change.personsRemoved,
        persons_moved: change.personsMoved,
        persons_id_changed: idChanges.length,
        person_nos_reused: reused.length,
      }),
    };
    await finishBatch(
      trx,
      actor,
      batch,
      'registry',
      file.filename,
      report.counts,
      detail && {
        // (人编号 only: the audit names who left and came, the list itself holds the rest.)
        households_removed_nos: detail.removedHouseholds.map((h) => h.householdNo).slice(0, AUDIT_NAMED),
        children_removed_nos: detail.removedChildren.map((p) => p.personNo).slice(0, AUDIT_NAMED),
        children_added_nos: detail.addedChildren.map((p) => p.personNo).slice(0, AUDIT_NAMED),
        persons_moved_nos: moves.map((m) => `${m.from.personNo} → ${m.to.personNo}`).slice(0, AUDIT_NAMED),
        id_changed_nos: idChanges.map((c) => c.personNo).slice(0, AUDIT_NAMED),
        reused_nos: reused.map((r) => r.personNo).slice(0, AUDIT_NAMED),
      },
    );
    return null;
  });
  if (held !== null) {
    report.fileError = massRemovalMessage(held, idx.countyName);
    report.confirm = 'removal';
    return report;
  }
  report.ok = true;
  await refreshPlannerStats(db, ['registry_person', 'person']);
  return report;
}

/**
 * Imports one of the other assistance lists (低保, 特困供养, 残疾, 突发困难 such as COVID-19).
 * The kind comes from `kind` or, row by row, from a 名单类别 column. Replaces the current
 * entries of that kind in the counties the file covers. All or nothing.
 */
export async function importList(
  db: Kysely<DB>,
  actor: Actor,
  file: { path: string; filename: string },
  kind: ListKind | null,
  onProgress?: Progress,
): Promise<ImportReport> {
  const report: ImportReport = {
    ok: false,
    kind: `list:${kind ?? 'mixed'}`,
    filename: file.filename,
    rows: 0,
    batchId: null,
    counts: {},
    errors: [],
    warnings: [],
  };
  const rows = await readRows(file, LIST_FIELDS, '救助名单', LIST_KEYS, report, onProgress);
  if (!rows) return report;
  const idx = await placeIndex(db);
  const messages: RowMessage[] = [];
  let excelIds = 0;
  let invalidIds = 0;
  const listed = new Map<string, number>(); // kind + '|' + ID → first row
  /** Rows with a valid ID, for othersPersonsNotLinked; and each value's row. */
  const listLinks: Array<{ row: number; idNumber: string; name: string }> = [];
  const listRows: number[] = [];
  // 县, 乡 and 名单类别 a merged-cell export left empty, from the row above (domain/roll/household-fill.ts).
  const fill = new ColumnFill(LIST_FILLED, ['县(市、区)', '乡(镇)', '名单类别']);
  for (const { row, c } of rows) fill.next(row, c);
  const values: Array<{
    list_kind: ListKind;
    name: string;
    id_number_raw: string | null;
    id_number: string | null;
    detail: string | null;
    county_code: string;
    region_code: string;
    birth_date: string | null;
    sex: 'M' | 'F' | null;
  }> = [];
  for (const { row, c, shape } of rows) {
    if (shape !== null) messages.push(shapeMessage(shape, row));
    // (A row a stray quote merged or shifted is refused whole: its cells say nothing more.)
    if (shape?.severity === 'error') continue;
    const refused = checkCells(row, c, LIST_HEADERS, LIST_CHECKED, messages);
    const name = checkName(row, '姓名', c.name, refused.has('name') ? [] : messages);
    // A 残疾人证号 holds the ID and the disability (detail when the list gives none).
    const card = disabilityCardId(c.idNumber);
    const id = checkId(
      row,
      '身份证号',
      card?.id ?? c.idNumber,
      refused.has('idNumber') ? [] : messages,
      true,
    );
    if (id.excelDamaged) excelIds++;
    if (id.invalid) invalidIds++;
    const p = place(idx, actor, row, c.county, c.township, messages);
    const k = kind ?? parseListKind(c.kind);
    if (!k)
      messages.push({
        row,
        column: '名单类别',
        message: `名单类别“${c.kind}”无法识别（应为 低保/特困供养/残疾/突发困难）`,
        severity: 'error',
      });
    if (!name || !p || !k) continue;
    // The same person twice in one list (a kind and an ID): imported once, the repeat told.
    if (id.idNumber !== null) {
      const key = `${k}|${id.idNumber}`;
      const first = listed.get(key);
      if (first !== undefined) {
        messages.push({
          row,
          column: '身份证号',
          message: `与第 ${first} 行是同一人（${LIST_KIND_LABELS[k]}，同一身份证号），只导入一次`,
          severity: 'warning',
        });
        continue;
      }
      listed.set(key, row);
      listLinks.push({ row, idNumber: id.idNumber, name });
    }
    listRows.push(row);
    values.push({
      list_kind: k,
      name,
      id_number_raw: c.idNumber.trim() || null,
      id_number: id.idNumber,
      detail: c.detail.trim() || card?.disability || null,
      county_code: p.countyCode,
      region_code: p.townshipCode,
      birth_date: id.birthDate,
      sex: id.sex,
    });
  }
  split(messages, report);
  const filled = fill.notice('救助名单');
  report.notices = [
    ...(filled === null ? [] : [filled]),
    ...fileNotices('救助名单', rows.length, [
      ['身份证号', excelIds, '导入时这些人标记为证件号问题，无法按身份证号与学生对应'],
    ]),
    ...texts(
      invalidIdNotice(
        '救助名单',
        '身份证号',
        invalidIds,
        rows.length,
        '这些行照样导入，但无法按身份证号与学生对应',
      ),
    ),
  ];
  const notLinked = await othersPersonsNotLinked(db, actor, listLinks, '身份证号', report.warnings);
  report.warnings.sort((a, b) => a.row - b.row);
  if (report.errors.length) return report;
  await db.transaction().execute(async (trx) => {
    const batch = await newBatch(trx, actor, report.kind, file.filename, values.length);
    report.batchId = batch;
    const kinds = [...new Set(values.map((v) => v.list_kind))];
    const counties = [...new Set(values.map((v) => v.county_code))];
    const before = await trx
      .selectFrom('assistance_entry')
      .select(['person_id', 'id_number', 'name', 'list_kind'])
      .where('current', '=', true)
      .where('list_kind', 'in', kinds)
      .where('county_code', 'in', counties)
      .execute();
    await trx
      .updateTable('assistance_entry')
      .set({ current: false })
      .where('list_kind', 'in', kinds)
      .where('county_code', 'in', counties)
      .execute();
    const persons = await upsertPersons(
      trx,
      values.map((v, i) => ({
        idNumber: notLinked.has(listRows[i]!) ? null : v.id_number,
        fallbackKey: null,
        name: v.name,
        sex: v.sex,
        birthDate: v.birth_date,
        countyCode: v.county_code,
        regionCode: v.region_code,
      })),
      undefined,
      {
        scope: actor,
        onNameKept: (at) => {
          report.notices = [...(report.notices ?? []), personNamesKeptNotice(at.length, '救助名单')];
        },
      },
    );
    for (let i = 0; i < values.length; i += 1000) {
      await trx
        .insertInto('assistance_entry')
        .values(
          values.slice(i, i + 1000).map(({ birth_date: _b, sex: _s, ...v }, j) => ({
            ...v,
            batch_id: batch,
            person_id: persons[i + j] ?? null,
          })),
        )
        .execute();
    }
    // Who the new list takes off the current one of its kind, named in the report.
    let removed = 0;
    for (const k of kinds) {
      const key = (e: { person_id: number | string | null; id_number: string | null; name: string }) => ({
        personId: e.person_id === null ? null : Number(e.person_id),
        idNumber: e.id_number,
        name: e.name,
      });
      const gone = removedFromList(
        before.filter((e) => e.list_kind === k).map(key),
        values.flatMap((v, i) => (v.list_kind === k ? [key({ ...v, person_id: persons[i] ?? null })] : [])),
      );
      removed += gone.length;
      const notice = listRemovedNotice(LIST_KIND_LABELS[k as keyof typeof LIST_KIND_LABELS] ?? k, gone);
      if (notice) report.notices = [...(report.notices ?? []), notice];
    }
    report.counts = {
      rows: values.length,
      ...Object.fromEntries(kinds.map((k) => [k, values.filter((v) => v.list_kind === k).length])),
      ...(removed > 0 && { removed }),
    };
    await finishBatch(trx, actor, batch, report.kind, file.filename, report.counts);
  });
  report.ok = true;
  await refreshPlannerStats(db, ['assistance_entry', 'person']);
  return report;
}

/**
 * The whole-file notices of a list (see `excelDamageNotice`): per column, the number of cells Excel
 * damaged (the ID's counted by `checkId` as each row is checked: not normalised a second time).
 */
function fileNotices(label: string, rows: number, checks: Array<[string, number, string]>): string[] {
  const out: string[] = [];
  for (const [column, n, consequence] of checks) {
    const notice = excelDamageNotice(label, column, n, rows, consequence);
    if (notice !== null) out.push(notice);
  }
  return out;
}

/** The notice, as a list of none or one. */
const texts = (notice: string | null): string[] => (notice === null ? [] : [notice]);

function split(messages: RowMessage[], report: ImportReport): void {
  for (const m of messages) (m.severity === 'error' ? report.errors : report.warnings).push(m);
}

async function newBatch(
  trx: Transaction<DB>,
  actor: Actor,
  kind: string,
  filename: string,
  rows: number,
): Promise<number> {
  const b = await trx
    .insertInto('import_batch')
    .values({ kind, filename, rows, scope_code: actor.scopeCode, actor_id: actor.id || null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return b.id;
}

async function finishBatch(
  trx: Transaction<DB>,
  actor: Actor,
  batch: number,
  kind: string,
  filename: string,
  counts: Record<string, number>,
  /** Who the import changed, by number, for the audit (registry imports). */
  who: Record<string, string[]> | null = null,
) {
  await trx
    .updateTable('import_batch')
    .set({ summary: JSON.stringify(counts) })
    .where('id', '=', batch)
    .execute();
  await appendAudit(trx, actor, {
    action: 'import',
    entity: 'import_batch',
    entityId: batch,
    after: { kind, filename, ...counts, ...who },
  });
}
