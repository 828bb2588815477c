/**
 * The configurable figures of 控辍保学 (deadlines, N days for 流转学生, 送教上门 visits per month,
 * compulsory ages) in `setting` key `dropout`, and the calendar day the bureau works in.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { type DropoutSettings, resolveSettings, validateSettings } from '../../domain/dropout/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';

type Executor = Kysely<DB> | Transaction<DB>;
const KEY = 'dropout';

/** Today in China (see server/today.ts), re-exported where the ledger modules look for it. */
export { todayInChina } from '../../server/today.ts';

/** The stored settings over the defaults. */
export async function loadDropoutSettings(db: Executor): Promise<DropoutSettings> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
  return resolveSettings(row?.value);
}

/** Replaces the settings (validated), audited with before and after. */
export async function saveDropoutSettings(db: Kysely<DB>, actor: Actor, next: DropoutSettings) {
  const v = validateSettings(next);
  if (!v.ok) throw badRequest(v.reason);
  return db.transaction().execute(async (trx) => {
    const before = await loadDropoutSettings(trx);
    await trx
      .insertInto('setting')
      .values({ key: KEY, value: JSON.stringify(next), updated_at: new Date() })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: JSON.stringify(next), updated_at: new Date() }),
      )
      .execute();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'setting',
      entityId: KEY,
      scopeCode: '3504',
      before,
      after: next,
    });
    return next;
  });
}
