import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Actor } from './scope.ts';

/**
 * The audit trail: append-only and hash-chained. Each entry's hash covers its content and
 * the previous entry's hash, so an edited, deleted or inserted row breaks the chain even
 * when someone bypasses the application and writes SQL directly (a trigger also refuses
 * UPDATE and DELETE, but a superuser can drop triggers; the chain still tells).
 */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'import'
  | 'view_personal'
  /** Opened a 一生一档 or a review of the candidates (masked IDs; names, births, households). */
  | 'view_file'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'password_change'
  | 'job'
  | 'restore';

export interface AuditInput {
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  /** Division code the entry belongs to (who may read it); defaults to the actor's scope. */
  scopeCode?: string;
  before?: unknown;
  after?: unknown;
}

type Executor = Kysely<DB> | Transaction<DB>;

/** Appends one entry (or several) to the chain, inside the caller's transaction if there is one. */
export async function appendAudit(
  db: Executor,
  actor: Actor,
  input: AuditInput | AuditInput[],
): Promise<void> {
  const entries = Array.isArray(input) ? input : [input];
  if (entries.length === 0) return;
  if (db.isTransaction) return appendInTx(db as Transaction<DB>, actor, entries);
  return db.transaction().execute((trx) => appendInTx(trx, actor, entries));
}

async function appendInTx(trx: Transaction<DB>, actor: Actor, entries: AuditInput[]): Promise<void> {
  // Serialise writers on PostgreSQL (PGlite is serial already) so the chain never forks.
  await sql`select pg_advisory_xact_lock(732001)`.execute(trx);
  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const at = new Date();
  const rows = entries.map((e) => {
    seq += 1;
    const row = {
      seq,
      at,
      actor_id: actor.id || null,
      actor_name: actor.username,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId == null ? null : String(e.entityId),
      scope_code: e.scopeCode ?? actor.scopeCode,
      before: normaliseJson(e.before),
      after: normaliseJson(e.after),
      prev_hash: prev,
    };
    const hash = hashEntry(row);
    prev = hash;
    return { ...row, before: jsonParam(row.before), after: jsonParam(row.after), hash };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  await trx
    .insertInto('audit_head')
    .values({ id: 1, seq, hash: prev })
    .onConflict((oc) => oc.column('id').doUpdateSet({ seq, hash: prev }))
    .execute();
}

function jsonParam(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}

/** Round-trips through JSON the way jsonb will (dates to strings, undefined dropped). */
function normaliseJson(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return JSON.parse(JSON.stringify(v));
}

/** Stable JSON: object keys sorted at every depth, so jsonb's reordering cannot change a hash. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

interface HashedFields {
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  scope_code: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
}

/** SHA-256 over the entry's fields and its predecessor's hash. */
export function hashEntry(e: HashedFields): string {
  const payload = canonicalJson([
    Number(e.seq),
    new Date(e.at).toISOString(),
    e.actor_id ?? null,
    e.actor_name,
    e.action,
    e.entity,
    e.entity_id,
    e.scope_code,
    e.before ?? null,
    e.after ?? null,
    e.prev_hash,
  ]);
  return createHash('sha256').update(payload).digest('hex');
}

export interface AuditProblem {
  seq: number;
  reason: string;
}
export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
}

/**
 * Walks the whole chain in seq order. Reports the first entry of each break: a gap in seq
 * (deleted rows), a stored hash that does not match the content (edited row), a prev_hash
 * that does not match the predecessor (inserted or reordered row), and a head that does
 * not match the last entry (rows cut off the end).
 */
export async function verifyAudit(
  db: Kysely<DB>,
  onProgress?: (done: number, total: number) => void,
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  const totalRow = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  const total = totalRow.n;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let done = 0;
  const batch = 2000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq === 1 ? 0 : lastSeq + 1)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        problems.push({
          seq,
          reason:
            seq > expectedSeq
              ? `第 ${expectedSeq}–${seq - 1} 条审计记录缺失（被删除）`
              : `第 ${seq} 条审计记录序号重复或顺序错乱`,
        });
      }
      if (r.prev_hash !== prevHash) {
        problems.push({ seq, reason: `第 ${seq} 条审计记录与前一条的链接不符（被插入或前一条被篡改）` });
      }
      const recomputed = hashEntry({ ...r, seq });
      if (recomputed !== r.hash) {
        problems.push({ seq, reason: `第 ${seq} 条审计记录的内容与其哈希不符（被修改）` });
      }
      prevHash = r.hash;
      lastSeq = seq;
      expectedSeq = seq + 1;
    }
    done += rows.length;
    onProgress?.(done, total);
    if (rows.length < batch) break;
  }
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (head && (Number(head.seq) !== lastSeq || head.hash !== prevHash)) {
    problems.push({
      seq: Number(head.seq),
      reason: `审计链末尾应为第 ${head.seq} 条，实际为第 ${lastSeq} 条（末尾记录被删除或替换）`,
    });
  } else if (!head && lastSeq > 0) {
    problems.push({ seq: lastSeq, reason: '审计链头记录缺失' });
  }
  return { ok: problems.length === 0, entries: done, problems };
}

/** Records that someone saw unmasked personal data (an ID number, a phone, a bank account). */
export function auditPersonalView(
  db: Executor,
  actor: Actor,
  entity: string,
  entityId: string,
  scopeCode: string,
  fields: string[],
): Promise<void> {
  return appendAudit(db, actor, { action: 'view_personal', entity, entityId, scopeCode, after: { fields } });
}
