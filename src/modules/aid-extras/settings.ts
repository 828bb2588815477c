/**
 * The configurable figures of the 学生资助 extras (POLICY.md: every amount, ratio and threshold is
 * configuration): 应急救助 thresholds in `setting` key `emergency_relief`, 学校资助基金 ratios in key
 * `school_aid_fund`. Missing keys fall back to the documented defaults of src/domain/aid-extras.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  type FundSettings,
  type ReliefThresholds,
  resolveFundSettings,
  resolveReliefThresholds,
  validateFundSettings,
  validateReliefThresholds,
} from '../../domain/aid-extras/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;
export const RELIEF_KEY = 'emergency_relief';
export const FUND_KEY = 'school_aid_fund';

export interface AidExtrasSettings {
  relief: ReliefThresholds;
  fund: FundSettings;
}

async function read(db: Executor, key: string): Promise<unknown> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** 应急救助 thresholds in force. */
export async function loadReliefThresholds(db: Executor): Promise<ReliefThresholds> {
  return resolveReliefThresholds(await read(db, RELIEF_KEY));
}

/** 学校资助基金 ratios in force. */
export async function loadFundSettings(db: Executor): Promise<FundSettings> {
  return resolveFundSettings(await read(db, FUND_KEY));
}

/** Both configurations. */
export async function loadAidExtrasSettings(db: Executor): Promise<AidExtrasSettings> {
  return { relief: await loadReliefThresholds(db), fund: await loadFundSettings(db) };
}

/** Replaces both (validated first, nothing saved on a bad value), audited with before and after. */
export async function saveAidExtrasSettings(db: Kysely<DB>, actor: Actor, next: AidExtrasSettings) {
  const r = validateReliefThresholds(next.relief);
  if (!r.ok) throw badRequest(r.reason);
  const f = validateFundSettings(next.fund);
  if (!f.ok) throw badRequest(f.reason);
  return db.transaction().execute(async (trx) => {
    const before = await loadAidExtrasSettings(trx);
    for (const [key, value] of [
      [RELIEF_KEY, next.relief],
      [FUND_KEY, next.fund],
    ] as const) {
      const json = JSON.stringify(value);
      await trx
        .insertInto('setting')
        .values({ key, value: json, updated_at: new Date() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date() }))
        .execute();
    }
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'setting',
      entityId: `${RELIEF_KEY},${FUND_KEY}`,
      scopeCode: '3504',
      before,
      after: next,
    });
    return next;
  });
}
