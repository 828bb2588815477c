/**
 * Roles (DESIGN.md "Access and trust") and what each may do. Scope (which records) is a
 * separate matter, handled by src/server/scope.ts; this file answers "may this role do X".
 */
export const ROLES = [
  'city_admin',
  'city_aid_centre',
  'county_admin',
  'county_aid_centre',
  'township_official',
  'school_aid_officer',
  'head_teacher',
  'teacher_section',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  city_admin: { zh: '市级管理员', en: 'City administrator' },
  city_aid_centre: { zh: '市资助中心', en: 'City aid centre' },
  county_admin: { zh: '县级管理员', en: 'County administrator' },
  county_aid_centre: { zh: '县资助中心', en: 'County aid centre' },
  township_official: { zh: '乡镇干部', en: 'Township official' },
  school_aid_officer: { zh: '学校资助专干', en: 'School aid officer' },
  head_teacher: { zh: '班主任', en: 'Head teacher' },
  teacher_section: { zh: '教师科', en: 'Teacher section' },
  auditor: { zh: '审计', en: 'Auditor' },
};

export type Permission =
  | 'users.manage'
  | 'schools.edit'
  | 'schools.import'
  /** 建档立卡 and assistance lists replace a county's current list: county and city bureaus only. */
  | 'registry.import'
  /**
   * 学生名册 (学籍) imports: the schools and the bureaus — not 乡镇干部 (tester v20b F3: one marked a
   * school's pupils as left), whose 控辍保学 writes cases, not rolls; nor 教师科 or 审计.
   */
  | 'roll.import'
  | 'audit.read'
  | 'personal.unmask'
  | 'settings.edit'
  | 'jobs.run'
  /**
   * 资金在线监管系统 export (who was paid what): the aid staff at every level, the school's head
   * teachers (their own school's, masked) and 审计; not 教师科 nor 乡镇干部, who have no business
   * with aid funds (nor aid.read: the aid guard refuses them first).
   */
  | 'aid.funds.export'
  /**
   * 学生资助 records (困难认定 with its reasons and reviews, 应急救助, 应享资助, 发放名单, 覆盖情况,
   * 学校资助基金, 红烛暖心, and the person file's aid, relief and care tabs): the aid staff at every
   * level, the schools' roles and 审计 — not 乡镇干部, whose dropout work needs none of the families'
   * hardship data, nor 教师科, whose teacher data needs 红烛暖心 only (aid.care.read). The 新建个案
   * pupil picker, GET /api/aid/students, names pupils and no aid, and stays open to every role with persons.read (not 教师科).
   */
  | 'aid.read'
  /**
   * 红烛暖心 / 立德树人 care as read (the pairings of children with caring teachers, their visits,
   * and the person file's care tab; not the 待结对儿童 list, which is who is poor and not yet paired):
   * every role with aid.read, and 教师科, whose caring teachers these are. Writing it is
   * aid-extras/access.ts canWriteCare's (not 教师科). aid/aid.access.ts guardAidRecords enforces it.
   */
  | 'aid.care.read'
  /**
   * 一生一档 of every person of the scope (persons/persons.queries.ts personInScope): their roll
   * records and changes, the 建档立卡 registry and household, the 低保/特困/残疾 lists, the comparison's
   * decisions, the notes of moved records, the dropout cases: every role but 教师科. Without it a role
   * with aid.care.read (教师科) finds and opens the file of a child in a 红烛暖心 / 立德树人 pairing of
   * its scope only, and of that file the masked identity, the current enrolment and the care tab
   * (persons/persons.access.ts); a role with neither opens none.
   */
  | 'persons.read'
  | 'write';

const GRANTS: Record<Role, Permission[]> = {
  city_admin: [
    'users.manage',
    'schools.edit',
    'schools.import',
    'registry.import',
    'roll.import',
    'personal.unmask',
    'settings.edit',
    'jobs.run',
    'aid.funds.export',
    'aid.read',
    'aid.care.read',
    'persons.read',
    'write',
  ],
  city_aid_centre: [
    'registry.import',
    'roll.import',
    'personal.unmask',
    'jobs.run',
    'aid.funds.export',
    'aid.read',
    'aid.care.read',
    'persons.read',
    'write',
  ],
  county_admin: [
    'users.manage',
    'schools.edit',
    'schools.import',
    'registry.import',
    'roll.import',
    'personal.unmask',
    'jobs.run',
    'aid.funds.export',
    'aid.read',
    'aid.care.read',
    'persons.read',
    'write',
  ],
  county_aid_centre: [
    'registry.import',
    'roll.import',
    'personal.unmask',
    'jobs.run',
    'aid.funds.export',
    'aid.read',
    'aid.care.read',
    'persons.read',
    'write',
  ],
  // 乡镇干部: 控辍保学 of their township only — no 学生资助 records (aid.read), no funds export.
  township_official: ['persons.read', 'write'],
  school_aid_officer: [
    'roll.import',
    'personal.unmask',
    'aid.funds.export',
    'aid.read',
    'aid.care.read',
    'persons.read',
    'write',
  ],
  head_teacher: ['roll.import', 'aid.funds.export', 'aid.read', 'aid.care.read', 'persons.read', 'write'],
  // 教师科: teacher data; of 学生资助 only 红烛暖心's pairings and visits (its caring teachers), read-only;
  // of 一生一档 only those paired children's files, without their hardship records (no persons.read);
  // none of the pupils' and families' records behind them — rolls and their imports, 信息比对, 控辍保学
  // (persons.access.ts guardPupilRecords) — and nothing to write there (no write).
  teacher_section: ['aid.care.read'],
  // 审计 reads everything, including the audit trail, and changes nothing.
  auditor: ['audit.read', 'personal.unmask', 'aid.funds.export', 'aid.read', 'aid.care.read', 'persons.read'],
};

/** True when the role grants the permission. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

/** The roles a user with `role` may create or edit (never above their own level). */
export function assignableRoles(role: Role): Role[] {
  if (role === 'city_admin') return [...ROLES];
  if (role === 'county_admin')
    return [
      'county_admin',
      'county_aid_centre',
      'township_official',
      'school_aid_officer',
      'head_teacher',
      'teacher_section',
    ];
  return [];
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}
