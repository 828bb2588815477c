import { type Kysely, sql, type Transaction } from 'kysely';
import { pinyin } from 'pinyin-pro';
import type { DB } from '../../db/types.ts';
import { countyStem } from '../../domain/regions/divisions.ts';
import { type AuditInput, appendAudit } from '../../server/audit.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { ROLE_LABELS, type Role } from '../../server/roles.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import { loadReferenceData } from '../regions/reference-data.ts';
import { findSchoolsByCodes } from '../schools/schools.queries.ts';
import { upsertSchools } from '../schools/schools.service.ts';
import { type PlannedSchool, planDemoSchools } from './demo-schools.ts';

/**
 * Demo data for a first start (DESIGN.md contract: `npm start` fills an empty database with
 * realistic Sanming data and prints the accounts). Idempotent: missing schools and accounts
 * are added, existing ones are left alone, so running `jiaofu demo` twice changes nothing.
 */

export interface DemoUser {
  username: string;
  role: Role;
  roleLabel: string;
  /** Human-readable scope: 三明市, 明溪县, 明溪县实验小学 … */
  scope: string;
}

export interface DemoSummary {
  /** Demo schools in the database (planned total). */
  schools: number;
  schoolsInserted: number;
  usersCreated: number;
  users: DemoUser[];
}

interface AccountPlan {
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  schoolCode: string | null;
  scopeName: string;
}

/** Login name of a county's accounts: the pinyin of its short name (明溪县 → mingxi). */
export function countyUsername(countyName: string): string {
  return pinyin(countyStem(countyName), { toneType: 'none', type: 'array' })
    .join('')
    .replace(/[^a-z]/g, '');
}

function planAccounts(
  counties: Array<{ code: string; name: string }>,
  schools: PlannedSchool[],
  townshipName: (code: string) => string,
): AccountPlan[] {
  const city = (username: string, displayName: string, role: Role): AccountPlan => ({
    username,
    displayName,
    role,
    scopeCode: '3504',
    schoolCode: null,
    scopeName: '三明市',
  });
  const accounts: AccountPlan[] = [
    city('admin', '三明市教育局管理员', 'city_admin'),
    city('zizhu', '三明市学生资助管理中心', 'city_aid_centre'),
    city('jiaoshike', '三明市教育局教师科', 'teacher_section'),
    city('auditor', '三明市审计（只读）', 'auditor'),
  ];
  for (const c of counties) {
    const py = countyUsername(c.name);
    accounts.push({
      username: py,
      displayName: `${c.name}教育局管理员`,
      role: 'county_admin',
      scopeCode: c.code,
      schoolCode: null,
      scopeName: c.name,
    });
    const school = schools.find((s) => s.county_code === c.code && s.role === 'county_experimental_primary');
    if (school) {
      accounts.push({
        username: `${py}-school`,
        displayName: `${school.name}资助专干`,
        role: 'school_aid_officer',
        scopeCode: school.region_code,
        schoolCode: school.code,
        scopeName: school.name,
      });
    }
  }
  // One of each remaining role in a key poverty county, so every screen can be tried.
  const mingxi = counties.find((c) => c.code === '350421');
  const seatPrimary = schools.find((s) => s.county_code === '350421' && s.role === 'seat_central_primary');
  if (mingxi && seatPrimary) {
    accounts.push(
      {
        username: 'mingxi-zizhu',
        displayName: '明溪县学生资助管理中心',
        role: 'county_aid_centre',
        scopeCode: mingxi.code,
        schoolCode: null,
        scopeName: mingxi.name,
      },
      {
        username: 'xuefeng',
        displayName: `明溪县${townshipName(seatPrimary.township_code)}干部`,
        role: 'township_official',
        scopeCode: seatPrimary.township_code,
        schoolCode: null,
        scopeName: `明溪县${townshipName(seatPrimary.township_code)}`,
      },
      {
        username: 'mingxi-teacher',
        displayName: `${seatPrimary.name}班主任`,
        role: 'head_teacher',
        scopeCode: seatPrimary.region_code,
        schoolCode: seatPrimary.code,
        scopeName: seatPrimary.name,
      },
    );
  }
  return accounts;
}

/** Fills the database with the demo schools and accounts (all with `opts.password`). */
export async function seedDemo(db: Kysely<DB>, opts: { password: string }): Promise<DemoSummary> {
  await loadReferenceData(db);
  const regions = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code', 'is_county_seat', 'is_urban_district'])
    .where('current', '=', true)
    .execute();
  const planned = planDemoSchools(regions);
  const counties = regions.filter((r) => r.level === 'county').sort((a, b) => a.code.localeCompare(b.code));
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const accounts = planAccounts(counties, planned, (c) => names.get(c) ?? c);
  // One scrypt hash for all demo accounts: ~150 ms each would make a first start slow, and the
  // demo accounts share one published password anyway.
  const passwordHash = await hashPassword(opts.password);

  const result = await db.transaction().execute(async (trx) => {
    const existing = new Set(
      (
        await findSchoolsByCodes(
          trx,
          planned.map((s) => s.code),
        )
      ).map((s) => s.code),
    );
    const fresh = planned.filter((s) => !existing.has(s.code)).map(({ role: _r, ...s }) => s);
    const written = await upsertSchools(trx, SYSTEM_ACTOR, fresh, new Map(), 'create');
    const usersCreated = await createAccounts(trx, accounts, passwordHash);
    return { schoolsInserted: written.inserted, usersCreated };
  });
  return {
    schools: planned.length,
    ...result,
    users: accounts.map((a) => ({
      username: a.username,
      role: a.role,
      roleLabel: ROLE_LABELS[a.role].zh,
      scope: a.scopeName,
    })),
  };
}

/** Inserts the accounts that do not exist yet, audited like `createUser` does. */
async function createAccounts(trx: Transaction<DB>, accounts: AccountPlan[], passwordHash: string) {
  const taken = new Set(
    (
      await trx
        .selectFrom('app_user')
        .select('username')
        .where(
          'username',
          'in',
          accounts.map((a) => a.username),
        )
        .execute()
    ).map((u) => u.username),
  );
  const missing = accounts.filter((a) => !taken.has(a.username));
  if (missing.length === 0) return 0;
  const rows = await trx
    .insertInto('app_user')
    .values(
      missing.map((a) => ({
        username: a.username,
        display_name: a.displayName,
        role: a.role,
        scope_code: a.scopeCode,
        school_code: a.schoolCode,
        password_hash: passwordHash,
      })),
    )
    .returning(['id', 'username', 'display_name', 'role', 'scope_code', 'school_code', 'disabled'])
    .execute();
  const audit: AuditInput[] = rows.map((row) => ({
    action: 'create',
    entity: 'app_user',
    entityId: row.id,
    scopeCode: row.scope_code,
    after: row,
  }));
  await appendAudit(trx, SYSTEM_ACTOR, audit);
  return rows.length;
}

/** True for a brand-new database: no regions and no users (then `serve` seeds the demo). */
export async function isDatabaseEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('region').select(sql`1`.as('x'))).as('regions'),
      eb.exists(eb.selectFrom('app_user').select(sql`1`.as('x'))).as('users'),
    ])
    .executeTakeFirstOrThrow();
  return !row.regions && !row.users;
}
