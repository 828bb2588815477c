/**
 * The versioned student-aid policy (POLICY.md: one config per policy year, 2020 first, edited by
 * the city aid centre, never in code). An edit is a new version: a draft, then activated; the
 * active version of a year is what entitlement runs and checks use. Activation is refused when it
 * would change a programme that already has an approved payment list in that year (工作要点 6).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  type AidPolicyConfig,
  defaultAidPolicy,
  PROGRAMME_CODES,
  programmeName,
  programmesChanged,
  validatePolicy,
} from '../../domain/aid/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import { AidPolicySchema } from './policy.schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface PolicyVersion {
  id: number;
  year: number;
  version: number;
  status: 'draft' | 'active' | 'superseded';
  note: string | null;
  config: AidPolicyConfig;
  label: string;
  created_by: number | null;
  created_at: Date;
  activated_by: number | null;
  activated_at: Date | null;
}

/** Only the city aid centre (and the city administrator) edits the policy. */
export function assertPolicyEditor(actor: Actor): void {
  if (!(actor.role === 'city_aid_centre' || actor.role === 'city_admin'))
    throw forbidden('只有市学生资助管理中心可以修改资助政策');
}

/** "2020年政策第3版". */
export function versionLabel(v: { year: number; version: number }): string {
  return `${v.year}年政策第${v.version}版`;
}

function present(row: any): PolicyVersion {
  return { ...row, config: row.config as AidPolicyConfig, label: versionLabel(row) };
}

/** Parses and checks a config an editor sent; a 400 with the first problem in Chinese. */
export function parsePolicyConfig(input: unknown, year: number): AidPolicyConfig {
  const parsed = AidPolicySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest(`资助政策配置有误：${issue.path.join('.')} ${issue.message}`);
  }
  const cfg = parsed.data as AidPolicyConfig;
  if (cfg.year !== year) throw badRequest(`配置中的年度 ${cfg.year} 与政策年度 ${year} 不一致`);
  const v = validatePolicy(cfg);
  if (!v.ok) throw badRequest(`资助政策配置有误：${v.reason}`);
  return cfg;
}

/** Every version (newest first), optionally of one year. */
export async function listPolicyVersions(db: Executor, year?: number): Promise<PolicyVersion[]> {
  const rows = await db
    .selectFrom('policy_version')
    .selectAll()
    .$if(year !== undefined, (q) => q.where('year', '=', year!))
    .orderBy('year', 'desc')
    .orderBy('version', 'desc')
    .execute();
  return rows.map(present);
}

export async function getPolicyVersion(db: Executor, id: number): Promise<PolicyVersion> {
  const row = await db.selectFrom('policy_version').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('资助政策版本');
  return present(row);
}

/**
 * The active policy of a year. The first time a year is used it is created: 2020 from the
 * POLICY.md defaults, a later year as a copy of the latest earlier year (then edited by the centre).
 */
export async function getActivePolicy(db: Executor, year: number, actor?: Actor): Promise<PolicyVersion> {
  const found = await db
    .selectFrom('policy_version')
    .selectAll()
    .where('year', '=', year)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (found) return present(found);
  const create = async (trx: Transaction<DB>): Promise<PolicyVersion> => {
    await sql`select pg_advisory_xact_lock(732005)`.execute(trx);
    const again = await trx
      .selectFrom('policy_version')
      .selectAll()
      .where('year', '=', year)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (again) return present(again);
    // Only 2020 starts from the POLICY.md defaults; a later year is configured by the centre
    // (GET /api/aid/policies/defaults?year= gives a starting point), never invented on a read.
    if (year !== 2020)
      throw new AppError(
        'not_found',
        `${year}年资助政策尚未配置，请市学生资助管理中心先新建并启用${year}年政策`,
      );
    const config = defaultAidPolicy(year);
    const last = await trx
      .selectFrom('policy_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('year', '=', year)
      .executeTakeFirst();
    const row = await trx
      .insertInto('policy_version')
      .values({
        year,
        version: Number(last?.v ?? 0) + 1,
        config: JSON.stringify(config),
        status: 'active',
        note: '2020年三明市默认标准（明教财〔2020〕34号及国家学生资助标准）',
        created_by: actor?.id || null,
        activated_by: actor?.id || null,
        activated_at: new Date(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (actor)
      await appendAudit(trx, actor, {
        action: 'create',
        entity: 'policy_version',
        entityId: row.id,
        scopeCode: '3504',
        after: { year, version: row.version, status: 'active' },
      });
    return present(row);
  };
  return db.isTransaction ? create(db as Transaction<DB>) : (db as Kysely<DB>).transaction().execute(create);
}

/** A new draft version of a year's policy. */
export async function createPolicyDraft(
  db: Kysely<DB>,
  actor: Actor,
  year: number,
  input: { config: unknown; note?: string },
): Promise<PolicyVersion> {
  assertPolicyEditor(actor);
  const config = parsePolicyConfig(input.config, year);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(732005)`.execute(trx);
    const last = await trx
      .selectFrom('policy_version')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('year', '=', year)
      .executeTakeFirst();
    const row = await trx
      .insertInto('policy_version')
      .values({
        year,
        version: Number(last?.v ?? 0) + 1,
        config: JSON.stringify(config),
        status: 'draft',
        note: input.note ?? null,
        created_by: actor.id || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'policy_version',
      entityId: row.id,
      scopeCode: '3504',
      after: { year, version: row.version, status: 'draft', config },
    });
    return present(row);
  });
}

/** Replaces a draft's config (active and superseded versions are frozen). */
export async function updatePolicyDraft(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: { config: unknown; note?: string },
): Promise<PolicyVersion> {
  assertPolicyEditor(actor);
  return db.transaction().execute(async (trx) => {
    const before = await getPolicyVersion(trx, id);
    if (before.status !== 'draft')
      throw conflict('只能修改草稿版本；已生效或已停用的版本不能修改，请新建版本');
    const config = parsePolicyConfig(input.config, before.year);
    const row = await trx
      .updateTable('policy_version')
      .set({ config: JSON.stringify(config), note: input.note ?? before.note })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'policy_version',
      entityId: id,
      scopeCode: '3504',
      before: { config: before.config, note: before.note },
      after: { config, note: row.note },
    });
    return present(row);
  });
}

/**
 * Makes a draft the year's active version. Refused when a changed programme already has an
 * approved or paid list in the year (the locked list's basis would move under it).
 */
export async function activatePolicyVersion(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
): Promise<PolicyVersion> {
  assertPolicyEditor(actor);
  await getActivePolicy(db, (await getPolicyVersion(db, id)).year, actor).catch(() => null);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(732005)`.execute(trx);
    const next = await getPolicyVersion(trx, id);
    if (next.status !== 'draft') throw conflict('只能启用草稿版本');
    const current = await trx
      .selectFrom('policy_version')
      .selectAll()
      .where('year', '=', next.year)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (current) {
      const changed = programmesChanged(current.config as AidPolicyConfig, next.config);
      if (changed.length) {
        const locked = await trx
          .selectFrom('payment_list')
          .select(['programme', 'term', (eb) => eb.fn.countAll<number>().as('n')])
          .where('programme', 'in', changed)
          .where('term', 'in', [`${next.year}-spring`, `${next.year}-autumn`])
          .where('status', 'in', ['approved', 'paid'])
          .groupBy(['programme', 'term'])
          .execute();
        if (locked.length) {
          const what = locked
            .map(
              (l) =>
                `${l.term.replace('-spring', '年春季').replace('-autumn', '年秋季')}学期${programmeName(next.config, l.programme)}（${l.n} 份）`,
            )
            .join('、');
          throw conflict(
            `该版本会改变已审批发放名单所依据的标准：${what}已审批锁定，不能修改这些项目的标准或资格条件`,
          );
        }
      }
      await trx
        .updateTable('policy_version')
        .set({ status: 'superseded' })
        .where('id', '=', current.id)
        .execute();
    }
    const row = await trx
      .updateTable('policy_version')
      .set({ status: 'active', activated_by: actor.id || null, activated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'policy_version',
      entityId: id,
      scopeCode: '3504',
      before: { active: current ? { id: current.id, version: current.version } : null, status: 'draft' },
      after: { status: 'active', version: row.version },
    });
    return present(row);
  });
}

/** The programme catalogue of a config, for screens (code, name, stages). */
export function programmeCatalogue(cfg: AidPolicyConfig) {
  return PROGRAMME_CODES.map((code) => {
    const p = cfg.programmes.find((x) => x.code === code);
    return { code, name: p?.name ?? code, stages: p?.stages ?? [], enabled: p?.enabled ?? false };
  });
}
