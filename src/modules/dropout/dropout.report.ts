/**
 * 书面报告 (工作要点 5): "written report to the township/county government when persuasion
 * fails — generated as a printable document". A Word file in the usual layout of a 公文: title,
 * addressee, the child and the case, every 劝返 attempt and status change, the request, and the
 * sender's line left for the stamp (盖章).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  type CaseStatus,
  type DropoutReason,
  KEY_GROUP_LABELS,
  type KeyGroup,
  METHOD_LABELS,
  type PersuasionMethod,
  type PersuasionResult,
  REASON_LABELS,
  RESULT_LABELS,
  STATUS_LABELS,
} from '../../domain/dropout/index.ts';

/** What the report says; the service gathers it from the case and its history. */
export interface ReportContent {
  recipientName: string;
  senderName: string;
  date: string;
  child: {
    name: string;
    sex: string | null;
    birthDate: string | null;
    idNumber: string;
    place: string;
    school: string | null;
  };
  caseId: number;
  leftAt: string | null;
  reason: DropoutReason;
  reasonNote: string | null;
  keyGroups: string[];
  responsible: { school: string | null; township: string | null; county: string | null };
  status: CaseStatus;
  persuasions: Array<{
    date: string;
    persuader: string;
    method: PersuasionMethod;
    result: PersuasionResult;
    note: string | null;
  }>;
  events: Array<{
    date: string;
    from: CaseStatus | null;
    to: CaseStatus;
    note: string | null;
    actor: string;
  }>;
}

const BODY_FONT = '仿宋';
const TITLE_FONT = '宋体';
const BODY_SIZE = 32; // 三号 (16 pt), in half-points
const TABLE_SIZE = 24; // 小四 (12 pt)

function text(t: string, opts: { bold?: boolean; size?: number; font?: string } = {}) {
  return new TextRun({
    text: t,
    bold: opts.bold,
    size: opts.size ?? BODY_SIZE,
    font: opts.font ?? BODY_FONT,
  });
}

function para(
  t: string,
  opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; bold?: boolean } = {},
) {
  return new Paragraph({
    children: [text(t, { bold: opts.bold })],
    alignment: opts.align,
    indent: opts.indent ? { firstLine: 640 } : undefined,
    spacing: { line: 560 },
  });
}

function cell(t: string, bold = false) {
  return new TableCell({
    children: [new Paragraph({ children: [text(t || '—', { size: TABLE_SIZE, bold })] })],
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
function table(header: string[], rows: string[][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

/**
 * How many attempts there were, as the report says it: "经1次劝返未成功", "经3次劝返均未成功",
 * "经3次劝返（其中2次未成功）" — the count on the case, never a vague 多次.
 */
export function attemptsPhrase(total: number, failed: number): string {
  if (total === 0) return '尚未登记劝返';
  if (failed === total) return total === 1 ? '经1次劝返未成功' : `经${total}次劝返均未成功`;
  return `经${total}次劝返（其中${failed}次未成功）`;
}

function zhDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Builds the .docx of a written report. */
export async function buildWrittenReport(c: ReportContent): Promise<Buffer> {
  const groups = c.keyGroups.map((g) => KEY_GROUP_LABELS[g as KeyGroup] ?? g).join('、') || '无';
  const failed = c.persuasions.filter((p) => p.result === 'failed').length;
  const attempts = attemptsPhrase(c.persuasions.length, failed);
  const info: string[][] = [
    ['姓名', c.child.name, '性别', c.child.sex ?? ''],
    ['出生日期', c.child.birthDate ?? '', '身份证件号', c.child.idNumber],
    ['户籍/住址', c.child.place, '原就读学校', c.child.school ?? ''],
    ['辍学日期', c.leftAt ? zhDate(c.leftAt) : '不详', '重点群体', groups],
    [
      '辍学原因',
      REASON_LABELS[c.reason] + (c.reasonNote ? `（${c.reasonNote}）` : ''),
      '当前状态',
      STATUS_LABELS[c.status],
    ],
    ['学校责任人', c.responsible.school ?? '', '乡镇责任人', c.responsible.township ?? ''],
    ['县级责任人', c.responsible.county ?? '', '台账编号', String(c.caseId)],
  ];
  const doc = new Document({
    creator: '教扶 · 三明市教育脱贫攻坚管理平台',
    title: `关于适龄儿童少年${c.child.name}失学辍学情况的报告`,
    sections: [
      {
        properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [
              text(`关于适龄儿童少年${c.child.name}失学辍学情况的报告`, {
                bold: true,
                size: 44,
                font: TITLE_FONT,
              }),
            ],
          }),
          para(`${c.recipientName}：`),
          para(
            `我单位在控辍保学工作中发现，适龄儿童少年${c.child.name}${c.leftAt ? `自${zhDate(c.leftAt)}起` : ''}未按规定接受义务教育。` +
              `${attempts}，仍未返校就读。根据《中华人民共和国义务教育法》` +
              '第五条、第十三条和《2020年三明市教育脱贫攻坚工作要点》“做好控辍保学”的要求，现将有关情况报告如下：',
            { indent: true },
          ),
          para('一、学生基本情况', { bold: true }),
          table(['项目', '内容', '项目', '内容'], info),
          para('二、劝返经过', { bold: true }),
          c.persuasions.length
            ? table(
                ['日期', '劝返人', '方式', '结果', '情况说明'],
                c.persuasions.map((p) => [
                  zhDate(p.date),
                  p.persuader,
                  METHOD_LABELS[p.method],
                  RESULT_LABELS[p.result],
                  p.note ?? '',
                ]),
              )
            : para('尚无劝返记录。', { indent: true }),
          para('三、台账处理记录', { bold: true }),
          table(
            ['日期', '状态变更', '经办人', '说明'],
            c.events.map((e) => [
              zhDate(e.date),
              e.from ? `${STATUS_LABELS[e.from]} → ${STATUS_LABELS[e.to]}` : STATUS_LABELS[e.to],
              e.actor,
              e.note ?? '',
            ]),
          ),
          para('四、请求事项', { bold: true }),
          para(
            `该儿童少年${attempts}，恳请${c.recipientName}依法督促其父母或者其他法定监护人送适龄子女入学，` +
              '必要时依法采取相应措施，确保该儿童少年尽快返校接受义务教育。',
            { indent: true },
          ),
          para('特此报告。', { indent: true }),
          new Paragraph({ spacing: { before: 600 }, children: [] }),
          para(`${c.senderName}（盖章）`, { align: AlignmentType.RIGHT }),
          para(zhDate(c.date), { align: AlignmentType.RIGHT }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
