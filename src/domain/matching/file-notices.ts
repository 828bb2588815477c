/**
 * Notices about a whole input file, beside the per-row problem list: when a large share of a file's
 * IDs were damaged by Excel, the cause is the file (opened in Excel and saved again, the column not
 * set to text), and one sentence saying so helps more than thousands of identical row problems.
 */

/** Share of rows from which a file, not its rows, is blamed for Excel-damaged IDs. */
export const EXCEL_FILE_SHARE = 0.1;
/** Fewest damaged rows for such a notice (a handful in a small file is a row matter). */
export const EXCEL_FILE_MIN_ROWS = 20;

/**
 * The notice for a file in which `damaged` of `total` rows have a number in `column` that Excel
 * turned into a number of its own (scientific notation, or the last digits set to 0); null below the
 * thresholds. `consequence` says what the comparison does about it.
 */
export function excelDamageNotice(
  fileLabel: string,
  column: string,
  damaged: number,
  total: number,
  consequence: string,
): string | null {
  if (total === 0 || damaged < EXCEL_FILE_MIN_ROWS || damaged / total < EXCEL_FILE_SHARE) return null;
  const share = Math.round((100 * damaged) / total);
  return `注意：${fileLabel}中 ${damaged} 行（${share}%）的${column}被 Excel 转成了数字（科学计数法或末几位变为 0），原号码已残缺，${consequence}。该文件很可能在 Excel 中打开后另存过：请重新导出，或在 Excel 中先把该列设为“文本”格式再保存。`;
}

/**
 * The notice for a file in which `invalid` of `total` rows have an ID in `column` that is no valid
 * ID (wrong check character, length, characters or birth date — not Excel's damage, which
 * `excelDamageNotice` tells); null below the thresholds of that notice. Typing errors are one or
 * two in a hundred: so many means another column or another number (a 学籍号, a parent's ID, a
 * passport's), and one sentence saying so helps more than thousands of row warnings (tester v20b F11).
 */
export function invalidIdNotice(
  fileLabel: string,
  column: string,
  invalid: number,
  total: number,
  consequence: string,
): string | null {
  if (total === 0 || invalid < EXCEL_FILE_MIN_ROWS || invalid / total < EXCEL_FILE_SHARE) return null;
  const share = Math.round((100 * invalid) / total);
  return `注意：${fileLabel}中 ${invalid} 行（${share}%）的${column}不是有效的身份证号（校验位不正确、位数不对、含有非法字符或其中的出生日期无效），${consequence}。录入错误很少这样多：请检查该列是否选对（不是学籍号、监护人或户主的证件号、其他证件的号码），或从原系统重新导出。`;
}

/**
 * What a registry whose 证件号码 column went through Excel can still be compared on: a number
 * whose last three digits became 000 keeps its birth date (digits 7–14), one in scientific
 * notation keeps only the area (tester v26a F7: both were said to have lost the birth date).
 * `shortened` of `damaged` are the scientific ones.
 */
export function registryIdDamageConsequence(damaged: number, shortened: number, app: boolean): string {
  const compare = app ? '信息比对时' : '';
  if (shortened * 2 < damaged)
    return `末三位变为 000 的号码仍保留出生日期，${compare}按姓名、出生日期、户和所在村比对，证件号码不能确认是否同一人`;
  return `${app ? '导入时这些人标记为证件号问题，' : ''}这些人的出生日期无从得知，${compare}只能依靠姓名、户和所在村比对`;
}
