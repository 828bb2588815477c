/**
 * Blank templates of the four imports (学生名册, 建档立卡名单, 救助名单, 学校名单): an xlsx whose first
 * sheet has the header the importer reads — its canonical column names, required ones first — and
 * whose second sheet, 填表说明, says for each column whether it is required, what to write and which
 * other names are accepted. Number-like columns (IDs, 学籍号, codes, 户编号) are formatted as text,
 * so Excel keeps all 18 digits and leading zeros (the damage the comparison otherwise has to undo).
 */
import type { FieldSpec } from '../matching/headers.ts';
import { SCHOOL_COLUMNS } from '../schools/schools.import.ts';
import { loadExcel } from '../xlsx/exceljs.ts';
import { LIST_FIELDS, REGISTRY_DB_FIELDS, ROLL_FIELDS } from './fields.ts';

export const TEMPLATE_KINDS = ['students', 'registry', 'lists', 'schools'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const TEMPLATES: Record<TemplateKind, { title: string; fields: readonly FieldSpec<string>[] }> = {
  students: { title: '学生名册', fields: ROLL_FIELDS },
  registry: { title: '建档立卡名单', fields: REGISTRY_DB_FIELDS },
  lists: { title: '救助名单', fields: LIST_FIELDS },
  schools: { title: '学校名单', fields: SCHOOL_COLUMNS },
};

/** What to write in a column, by its header (columns not named here need no word). */
const WHAT_TO_WRITE: Record<string, string> = {
  学籍号: '全国学籍号：G + 身份证号，或临时学籍号（L/J 开头）',
  身份证件号: '18 位公民身份号码，末位 X 大写',
  证件号码: '18 位公民身份号码，末位 X 大写',
  身份证号: '18 位公民身份号码，末位 X 大写',
  监护人身份证件号: '18 位公民身份号码',
  户主证件号码: '18 位公民身份号码',
  出生日期: 'YYYY-MM-DD，如 2012-03-05',
  性别: '男 或 女',
  学校标识码:
    '10 位数字，教育部赋予的学校(机构)标识码：前两位为学校类别码（如 21 小学、31 初中），第3–4位为福建省代码 35',
  学段: '学前、小学、初中、普通高中、中职 等（学校名单可写 九年一贯制、完全中学）',
  办学类型: '公办 或 民办',
  学校类型: '普通学校、村小 或 教学点',
  城乡类型: '城区、镇区 或 乡村（不填则按乡镇自动判定）',
  '村(居)': '村委会或社区，可写简称（如 城东村、中山社区）',
  是否寄宿: '是 或 否',
  是否留守儿童: '是 或 否',
  是否残疾: '是 或 否',
  是否建档立卡: '是 或 否',
  名单类别: '低保、特困供养、残疾 或 突发困难（也可在导入页面选择名单类型）',
  户编号: '建档立卡系统中的户编号',
  人编号: '建档立卡系统中的人编号',
  '县(市、区)': '如 明溪县',
  '乡(镇)': '如 雪峰镇',
};

/** Columns kept as text: Excel would make numbers of them (18-digit IDs lose their last 3 digits). */
const TEXT_COLUMN = /号|码|编号/;

/** The template of one import as xlsx bytes. */
export async function templateXlsx(kind: TemplateKind): Promise<{ filename: string; bytes: Buffer }> {
  const { title, fields } = TEMPLATES[kind];
  const ordered = [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
  const wb = new (loadExcel().Workbook)();
  const sheet = wb.addWorksheet(title);
  sheet.addRow(ordered.map((f) => f.header)).font = { bold: true };
  ordered.forEach((f, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(12, f.header.length * 2 + 4);
    if (TEXT_COLUMN.test(f.header)) {
      column.numFmt = '@';
      column.width = Math.max(column.width, 22);
    }
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const notes = wb.addWorksheet('填表说明');
  notes.columns = [
    { header: '列名', width: 16 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 56 },
    { header: '也可用的列名', width: 48 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const f of ordered)
    notes.addRow([
      f.header,
      f.required ? '必填' : '选填',
      WHAT_TO_WRITE[f.header] ?? '',
      f.aliases.filter((a) => a !== f.header).join('、'),
    ]);
  notes.addRow([]);
  notes.addRow([`数据填在第一个工作表“${title}”中，表头保持在第一行；列的顺序可以调整，多余的列不读取。`]);
  notes.addRow([
    '身份证号、学籍号、编号等列已设为文本格式，请勿改为数字格式，否则 Excel 会把末三位变成 000。',
  ]);
  return { filename: `${title}模板.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
