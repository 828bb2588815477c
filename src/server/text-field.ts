import { z } from 'zod';
import { FORMULA_RE } from '../domain/roll/cell-rules.ts';

/**
 * Free text a person types into a form (a note, a description, a display name): trimmed, bounded,
 * and never a spreadsheet formula — it may reach an export, where Excel would run it. Full-width
 * ＝＋－＠ count as the imports count them (cell-rules.ts FORMULA_RE); a tab before them is trimmed.
 */
export const plainText = (max: number, min = 0, required = '不能为空') =>
  z
    .string()
    .trim()
    .min(min, required)
    .max(max)
    .refine((s) => !FORMULA_RE.test(s), '不能以 = + - @ 开头（全角的 ＝＋－＠ 也不可以），疑似公式');
