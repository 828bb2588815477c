/** Shapes the 学生资助 extras routes send (src/modules/aid-extras/*.routes.ts) and money helpers. */

export const RELIEF_STATUSES = [
  'applied',
  'school_reviewed',
  'county_approved',
  'city_approved',
  'paid',
  'rejected',
] as const;
export const RELIEF_REASONS = ['illness', 'disaster', 'accident', 'covid', 'other'] as const;
export const FUND_KINDS = ['extraction', 'fee_waiver', 'living_subsidy', 'adjustment'] as const;
export const VISIT_KINDS = ['home_visit', 'talk', 'tutoring', 'psychological', 'career', 'other'] as const;
export type ReliefAction = 'review' | 'county_approve' | 'city_approve' | 'pay' | 'reject';

export const STATUS_COLORS: Record<string, string> = {
  applied: 'blue',
  school_reviewed: 'geekblue',
  county_approved: 'cyan',
  city_approved: 'purple',
  paid: 'green',
  rejected: 'default',
};

export interface ReliefStepRow {
  id: number;
  relief_id: number;
  step: string;
  to_status: string;
  actor_name: string;
  actor_role: string;
  comment: string | null;
  at: string;
}

export interface ReliefRow {
  id: number;
  person_id: number;
  name: string;
  school_name: string | null;
  county_name: string | null;
  amount_fen: number;
  reason: string;
  description: string;
  approval_level: 'county' | 'city';
  status: string;
  applied_at: string;
  paid_at: string | null;
  voucher_no: string | null;
  pending_step: ReliefAction | null;
  actions: ReliefAction[];
  steps?: ReliefStepRow[];
}

export interface BalanceRow {
  school_code?: string;
  school_name?: string;
  county_code: string;
  county_name: string | null;
  schools?: number;
  opening_fen: number;
  extracted_fen: number;
  fee_waiver_fen: number;
  living_subsidy_fen: number;
  adjusted_fen: number;
  balance_fen: number;
}

export interface FundEntryRow {
  id: number;
  school_code: string;
  school_name: string | null;
  year: number;
  kind: string;
  revenue_fen: number | null;
  ratio_bp: number | null;
  amount_fen: number;
  recipient_name: string | null;
  entry_date: string;
  note: string | null;
  created_by_name: string;
}

export interface PairingRow {
  id: number;
  programme: string;
  student_id: number;
  person_id: number | null;
  name: string;
  school_name: string | null;
  teacher_name: string;
  teacher_phone: string;
  start_date: string;
  end_date: string | null;
  end_reason: string | null;
  visit_count: number;
  last_visit: string | null;
}

export interface VisitRow {
  id: number;
  pairing_id?: number;
  date: string;
  kind: string;
  notes: string;
  created_by_name: string;
}

export interface StudentOption {
  id: number;
  person_id: number | null;
  name: string;
  student_no: string;
  grade: string | null;
  school_code: string;
  school_name: string | null;
}

/** Yuan text → integer fen, digit by digit (never through a float); null when malformed. */
export function yuanToFen(text: string | number | null | undefined, allowNegative = false): number | null {
  if (text === null || text === undefined) return null;
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/.exec(
    String(text)
      .trim()
      .replace(/[,，\s]/g, ''),
  );
  if (!m || (m[1] && !allowNegative)) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

/** Integer fen → "1,234.56". */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** Percent text ("4", "4.5") → basis points, or null. */
export function percentToBp(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Basis points → percent text: 450 → "4.5". */
export function bpToPercent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${Math.floor(bp / 100)}${frac ? `.${frac}` : ''}`;
}
