/**
 * The closed word lists of a 控辍保学 case (工作要点 5): reasons for leaving, key groups, and the
 * method and result of each 劝返 attempt. Codes in English (GLOSSARY.md), labels as the bureau
 * writes them.
 */

/** Reasons for leaving school, as listed for the 台账. */
export const REASONS = [
  'learning_difficulty',
  'family_hardship',
  'working_away',
  'school_weariness',
  'illness_disability',
  'early_marriage',
  'other',
] as const;
export type DropoutReason = (typeof REASONS)[number];
export const REASON_LABELS: Record<DropoutReason, string> = {
  learning_difficulty: '学习困难',
  family_hardship: '家庭经济困难',
  working_away: '外出务工',
  school_weariness: '厌学',
  illness_disability: '疾病或残疾',
  early_marriage: '早婚',
  other: '其他',
};

/** Key groups the policy names: 建档立卡, 残疾, 留守. */
export const KEY_GROUPS = ['registered_poor', 'disabled', 'left_behind'] as const;
export type KeyGroup = (typeof KEY_GROUPS)[number];
export const KEY_GROUP_LABELS: Record<KeyGroup, string> = {
  registered_poor: '建档立卡',
  disabled: '残疾',
  left_behind: '留守',
};

/**
 * The key groups the records show for a child, to pre-fill a new case (the user may still change
 * them): 建档立卡 when the child is in the current registry (or the school marked them so), 残疾 and
 * 留守 as the roll says.
 */
export function keyGroupsOf(f: {
  inRegistry: boolean;
  schoolMarkedPoor?: boolean | null;
  disabled?: boolean | null;
  leftBehind?: boolean | null;
}): KeyGroup[] {
  const groups: KeyGroup[] = [];
  if (f.inRegistry || f.schoolMarkedPoor) groups.push('registered_poor');
  if (f.disabled) groups.push('disabled');
  if (f.leftBehind) groups.push('left_behind');
  return groups;
}

/** 性别 as written on a form or a report (stored as the ID's M / F). */
export const SEX_LABELS: Record<string, string> = { M: '男', F: '女', 男: '男', 女: '女' };

/** The label of a stored sex, empty when unknown. */
export function sexLabel(sex: string | null | undefined): string {
  return SEX_LABELS[(sex ?? '').trim().toUpperCase()] ?? '';
}

/** How a persuasion attempt was made. */
export const PERSUASION_METHODS = ['home_visit', 'phone', 'interview', 'written_notice', 'other'] as const;
export type PersuasionMethod = (typeof PERSUASION_METHODS)[number];
export const METHOD_LABELS: Record<PersuasionMethod, string> = {
  home_visit: '上门家访',
  phone: '电话劝导',
  interview: '约谈监护人',
  written_notice: '书面通知',
  other: '其他',
};

/** What came of it: `failed` counts toward 报告政府, `succeeded` means the family agreed to return. */
export const PERSUASION_RESULTS = ['failed', 'pending', 'succeeded'] as const;
export type PersuasionResult = (typeof PERSUASION_RESULTS)[number];
export const RESULT_LABELS: Record<PersuasionResult, string> = {
  failed: '劝返未成功',
  pending: '待跟进',
  succeeded: '同意返校',
};

/** Where a case came from (工作要点 5 item 2). */
export const CASE_SOURCES = ['school', 'transfer', 'out_of_school'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
export const SOURCE_LABELS: Record<CaseSource, string> = {
  school: '学校报送',
  transfer: '流转学生监测',
  out_of_school: '失学儿童比对',
};
