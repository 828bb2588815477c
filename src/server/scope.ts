import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { forbidden, notFound } from './errors.ts';
import type { Role } from './roles.ts';

/**
 * The one place that decides which records a user may see. Every scoped row carries a
 * division code (county, township or village); division codes nest by prefix
 * (3504 ⊃ 350421 ⊃ 350421100 ⊃ 350421100201), so "inside my scope" is a prefix match.
 * Every query of a scoped table composes `inScope`; tests prove it per route and role.
 */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Division code of the scope node (3504 for the city). */
  scopeCode: string;
  /** For school roles: the one school they act for. */
  schoolCode: string | null;
}

/** The system itself (migrations, demo seeding, CLI run by the operator). */
export const SYSTEM_ACTOR: Actor = {
  id: 0,
  username: 'system',
  displayName: '系统',
  role: 'city_admin',
  scopeCode: '3504',
  schoolCode: null,
};

/** True when `code` lies inside the actor's scope subtree. */
export function codeInScope(actor: Actor, code: string | null | undefined): boolean {
  if (!code) return false;
  return code.startsWith(actor.scopeCode);
}

/** SQL filter: the row's division-code column lies inside the actor's subtree. */
export function inScope(actor: Actor, column: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} like ${`${escapeLike(actor.scopeCode)}%`}`;
}

/**
 * SQL filter for a record made over a region (a run, an import): inside the actor's subtree, or over
 * a wider region that contains it (a city-wide run concerns every county of the city).
 */
export function inOrOverScope(actor: Actor, column: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${inScope(actor, column)} or ${actor.scopeCode} like ${sql.ref(column)} || '%')`;
}

/** SQL filter for school-bound roles: only their own school's rows (others: their subtree). */
export function inSchoolScope(actor: Actor, schoolColumn: string, regionColumn: string): RawBuilder<SqlBool> {
  const region = inScope(actor, regionColumn);
  if (!actor.schoolCode) return region;
  return sql<SqlBool>`(${region} and ${sql.ref(schoolColumn)} = ${actor.schoolCode})`;
}

/** Throws 404 (not 403, so existence outside one's scope is not revealed) when out of scope. */
export function assertInScope(actor: Actor, code: string | null | undefined, what = '记录'): void {
  if (!codeInScope(actor, code)) throw notFound(what);
}

/** A user may only place things (users, schools) at or below their own scope node. */
export function assertCanPlaceAt(actor: Actor, code: string): void {
  if (!codeInScope(actor, code)) throw forbidden('不能在您的管辖范围之外创建或修改记录');
}

/**
 * A LIKE pattern for a 学籍号 as lists show it (G350421***********3, see maskStudentNo), so that
 * one copied from a list finds the pupil again (each * one character); null for other text.
 */
export function maskedStudentNoLike(q: string): string | null {
  const t = q.trim();
  if (/^[GgLlJj]\d{6}\*{4,14}\d{0,3}[\dXx]$/.test(t)) return t.toUpperCase().replaceAll('*', '_');
  // A masked ID copied from a list's 证件号 column finds the pupil whose 学籍号 is G + that ID
  // (tester t28f F3: it found no one, while the 一生一档 search found them).
  if (/^\d{6}\*{8,11}[\dXx]$/.test(t)) return `_${t.toUpperCase().replaceAll('*', '_')}`;
  return null;
}

/**
 * A search term as it is compared: a number typed with full-width digits, spaces or a lower-case
 * letter (ｇ３５０４２１, g350421 2013…) is read as the 学籍号 or ID it stands for (tester t28f F3); any
 * other text as typed.
 */
export function searchText(q: string): string {
  const t = q.trim();
  const n = t.normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '');
  return /^[A-Za-z]?[\d*]+[Xx]?$/.test(n) ? n.toUpperCase() : t;
}

/**
 * A search box's condition on a pupil's name or 学籍号 (`nameCol`, `noCol`, and any `alsoCols` such
 * as the school's name): text found in any of them, or a 学籍号 as lists show it (masked) matched by
 * its visible characters.
 */
export function pupilMatches(
  q: string,
  nameCol: string,
  noCol: string,
  ...alsoCols: string[]
): RawBuilder<SqlBool> {
  const term = searchText(q);
  const masked = maskedStudentNoLike(term);
  if (masked !== null) return sql<SqlBool>`${sql.ref(noCol)} like ${masked}`;
  const like = `%${escapeLike(term)}%`;
  const any = [nameCol, noCol, ...alsoCols].map((c) => sql<SqlBool>`${sql.ref(c)} like ${like}`);
  return sql<SqlBool>`(${sql.join(any, sql` or `)})`;
}

/** Escapes LIKE wildcards (% _ \\) so user text and codes match literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
