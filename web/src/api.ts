/**
 * The one way the web app talks to the API: JSON in and out, the session cookie sent along,
 * and every failure turned into an `ApiError` that carries the server's Chinese message.
 */
import { currentLang } from './i18n.ts';
import { englishOf } from './serverMessages.ts';

/** A failed API call: HTTP status plus the `{ error: { code, message } }` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
let onUnauthenticated: Listener | null = null;

/**
 * Registers what happens when any call answers 401 (the session ended or expired): the
 * session holder clears the user, which sends the browser back to the login page.
 */
export function setUnauthenticatedHandler(fn: Listener | null): void {
  onUnauthenticated = fn;
}

// A wrong password also answers 401; it is the login form's business, not a session end.
const NO_SESSION_REDIRECT = ['/api/auth/login'];

type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `/api/x?a=1` leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Calls the API and returns its JSON, or throws an ApiError. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  let res: Response;
  try {
    res = await fetch(withQuery(path, init.query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    const apiError = new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? `请求失败（HTTP ${res.status}）`,
    );
    if (res.status === 401 && !NO_SESSION_REDIRECT.includes(path)) onUnauthenticated?.();
    throw apiError;
  }
  return data as T;
}

/** The message to show for any thrown value. */
export function errorMessage(e: unknown): string {
  return serverText(e instanceof Error ? e.message : String(e));
}

/**
 * A text the server wrote (an error, a job's step), as the UI shows it: in English, the server's
 * messages the UI knows are shown in English (serverMessages.ts); any other stays as written.
 */
export function serverText(message: string): string {
  return currentLang() === 'en' ? (englishOf(message) ?? message) : message;
}

// ---- Shapes the server sends (see src/modules/*/*.routes.ts). ----

export interface Permissions {
  manageUsers: boolean;
  readAudit: boolean;
  editSchools: boolean;
  importSchools: boolean;
  /** 建档立卡 and assistance lists (county and city bureaus). */
  importRegistry: boolean;
  /** 学生名册 (schools and bureaus; not 乡镇干部). */
  importRoll?: boolean;
  unmask: boolean;
  write: boolean;
  /** 资金监管系统导出 (aid staff, head teachers, 审计; not 教师科 or 乡镇干部). */
  exportAidFunds: boolean;
  /** 学生资助 records and the whole 学生资助 menu (every role but 乡镇干部 and 教师科). */
  readAid: boolean;
  /**
   * 红烛暖心 pairings and visits (the 红烛暖心 page and the person file's care tab): every role with
   * readAid, and 教师科, which reads nothing else of 学生资助.
   */
  readCare: boolean;
  /**
   * The whole 一生一档 of every person in scope (every role but 教师科). Without it (教师科) the search
   * finds children in a 红烛暖心 pairing only, and their file shows identity, current enrolment and care.
   */
  readPersons: boolean;
}

/** presentActor() in src/modules/auth/auth.routes.ts. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleLabel: string;
  roleLabelEn: string;
  scopeCode: string;
  schoolCode: string | null;
  permissions: Permissions;
}

export type RegionLevel = 'city' | 'county' | 'township' | 'village';
export type Stage = 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'higher';
export type SchoolKind = 'regular' | 'village_school' | 'teaching_point';
export type UrbanRural = 'urban' | 'town' | 'rural';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  is_county_seat?: boolean;
  is_urban_district?: boolean;
  key_poverty_county?: boolean;
}

export interface RegionChild {
  code: string;
  name: string;
  level: RegionLevel;
  school_count: number;
  child_count: number;
}

export interface SchoolRow {
  code: string;
  name: string;
  stages: Stage[];
  kind: SchoolKind;
  urban_rural: UrbanRural;
  ownership: 'public' | 'private';
  boarding: boolean;
  county_code?: string;
  township_code?: string;
  region_code?: string;
  county_name?: string;
  township_name?: string;
  village_name?: string | null;
}

export interface RegionView {
  region: Region;
  path: { code: string; name: string; level: RegionLevel }[];
  children: RegionChild[];
  schools: SchoolRow[];
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface RoleOption {
  value: string;
  label: string;
  labelEn: string;
}

let rolesCache: Promise<RoleOption[]> | null = null;

/** The role list (GET /api/roles), fetched once per page load. */
export function fetchRoles(): Promise<RoleOption[]> {
  rolesCache ??= api<{ roles: RoleOption[] }>('/api/roles').then(
    (r) => r.roles,
    (e) => {
      rolesCache = null;
      throw e;
    },
  );
  return rolesCache;
}

/** GET /api/regions answers the actor's root node, either bare or in a RegionView. */
export async function fetchRootRegion(): Promise<RegionView | { region: Region; children?: RegionChild[] }> {
  const data = await api<RegionView | Region>('/api/regions');
  if ('region' in data) return data;
  return { region: data };
}
