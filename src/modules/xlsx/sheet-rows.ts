/**
 * Rows of one worksheet of exceljs's streaming `WorkbookReader`, read without exceljs's row model.
 *
 * exceljs's own worksheet iterator builds a `Row` with a `Cell` object per cell (address checks,
 * value-type objects, style lookups) before the caller sees a value: on a 200k-row roll that model
 * was about half of the whole read (22.5 s of CPU against 11 s without it, `docs/BENCHMARKS.md`).
 * The bulk importers need only each cell's value. `readSheetRows` takes the worksheet part's XML
 * stream that exceljs hands over (`WorksheetReader.iterator`), parses it with exceljs's own SAX
 * parser (the fixed one, see exceljs.ts) and gives each row's values in the shapes exceljs's
 * `row.values` has (1-based, sparse), so `cellText` reads them unchanged. exceljs still does
 * everything else: the zip, the workbook and its relations, the shared strings, the order of
 * sheets.
 *
 * Where exceljs 4.4.0 is wrong, this reader is not (each case has a test in sheet-rows.test.ts):
 * - an inline string of several runs (`<is><r><t>王</t></r><r><t>小明</t></r></is>`) is all its runs,
 *   not the last one; phonetic guides (`<rPh>`) are not part of the text;
 * - inline and formula strings are entity-decoded once (by the parser), not a second time
 *   (a name typed as `&lt;` stays `&lt;`);
 * - a cell or row without its optional `r` attribute follows the one before it (exceljs throws);
 * - a `t="d"` cell (an ISO 8601 date) is its text, not `parseFloat` of it (2012-03-05 → 2012);
 * - a formula's saved value is read by its type as any cell's (a `t="e"` #N/A is an error, not NaN).
 */
import { createRequire } from 'node:module';
import { loadExcel } from './exceljs.ts';

const require = createRequire(import.meta.url);

interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}
interface SaxEvent {
  eventType: 'opentag' | 'text' | 'closetag';
  value: unknown;
}
type ParseSax = (input: unknown) => AsyncIterable<SaxEvent[]>;

/** The worksheet exceljs's `WorkbookReader` emits (`worksheets: 'emit'`), as far as it is read here. */
interface StreamedSheet {
  iterator: unknown;
  workbook: { sharedStrings?: unknown[] };
}

/**
 * A row's values as exceljs's `row.values`: index = column number (1-based), empty cells absent;
 * `hidden`: the row is hidden in Excel (by hand or by a filter).
 */
export type RowHandler = (rowNumber: number, values: unknown[], hidden: boolean) => void;

let parseSax: ParseSax | null = null;
/** exceljs's parser, after exceljs.ts has put the fixed one in its place. */
function parser(): ParseSax {
  if (parseSax === null) {
    loadExcel();
    parseSax = require('exceljs/lib/utils/parse-sax.js') as ParseSax;
  }
  return parseSax;
}

/** Column number of a cell reference such as `AB12` (0 when it has no letters). */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + c - 64;
    else if (c >= 97 && c <= 122) col = col * 26 + c - 96;
    else break;
  }
  return col;
}

/** What the text being read belongs to. */
enum Into {
  Nothing,
  Value,
  Formula,
}

/**
 * Reads every row of `sheet` (the whole part is consumed) and calls `onRow` for each `<row>`
 * element, empty ones included, in file order. Throws what the parser throws on broken XML.
 */
export async function readSheetRows(emitted: object, onRow: RowHandler): Promise<void> {
  const sheet = emitted as StreamedSheet;
  // (exceljs's typings do not declare these; a later exceljs that renames them fails here, not silently.)
  if (sheet.iterator === undefined || typeof sheet.workbook !== 'object')
    throw new Error('exceljs 的工作表读取接口已变化（缺少 iterator/workbook）');
  const shared = sheet.workbook.sharedStrings;
  let values: unknown[] = [];
  let rowNo = 0;
  let inRow = false;
  let hidden = false;
  // The cell being read.
  let col = 0;
  let type: string | undefined;
  let text = '';
  let hasValue = false;
  let formula: string | null = null;
  let into = Into.Nothing;
  /** Depth inside `<rPh>` (phonetic runs of an inline string: not its text). */
  let phonetic = 0;
  for await (const events of parser()(sheet.iterator)) {
    for (let e = 0; e < events.length; e++) {
      const { eventType, value } = events[e]!;
      if (eventType === 'text') {
        if (into === Into.Value) text += value as string;
        else if (into === Into.Formula) formula += value as string;
        continue;
      }
      const name = (value as SaxTag).name;
      if (eventType === 'opentag') {
        switch (name) {
          case 'row': {
            const { r, hidden: h } = (value as SaxTag).attributes;
            rowNo = r === undefined ? rowNo + 1 : Number.parseInt(r, 10);
            hidden = h === '1' || h === 'true';
            values = [];
            inRow = true;
            col = 0;
            break;
          }
          case 'c': {
            const attrs = (value as SaxTag).attributes;
            col = attrs.r === undefined ? col + 1 : columnOf(attrs.r);
            type = attrs.t;
            text = '';
            hasValue = false;
            formula = null;
            phonetic = 0;
            break;
          }
          case 'v':
            text = '';
            hasValue = true;
            into = Into.Value;
            break;
          case 'is':
            // An inline string: the text of its <t> elements, runs included.
            text = '';
            hasValue = true;
            break;
          case 't':
            if (phonetic === 0) into = Into.Value;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 'f':
            formula = '';
            into = Into.Formula;
            break;
        }
      } else {
        switch (name) {
          case 'v':
          case 't':
          case 'f':
            into = Into.Nothing;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c':
            if (inRow && col > 0) {
              const v = cellValue(type, text, hasValue, formula, shared);
              if (v !== undefined) values[col] = v;
            }
            break;
          case 'row':
            inRow = false;
            onRow(rowNo, values, hidden);
            break;
        }
      }
    }
  }
}

/** A cell's value as exceljs gives it with styles not read (see the module comment for the differences). */
function cellValue(
  type: string | undefined,
  text: string,
  hasValue: boolean,
  formula: string | null,
  shared: unknown[] | undefined,
): unknown {
  // (A formula's value is the one Excel saved with it, read as any cell's.)
  if (formula !== null) {
    const result = hasValue ? plainValue(type, text, shared) : undefined;
    return result === undefined ? { formula } : { formula, result };
  }
  return hasValue ? plainValue(type, text, shared) : undefined;
}

/** The value of a cell's `<v>` (or inline string) text by its type. */
function plainValue(type: string | undefined, text: string, shared: unknown[] | undefined): unknown {
  switch (type) {
    case 's':
      // (exceljs keeps an empty shared string as null: an empty cell.)
      return shared?.[Number.parseInt(text, 10)] ?? undefined;
    case 'inlineStr':
    case 'str':
    case 'd':
      return text;
    case 'e':
      return { error: text };
    case 'b':
      return Number.parseInt(text, 10) !== 0;
    default:
      // (An empty <v></v>, as openpyxl writes beside a formula it cannot compute, is no value, not NaN.)
      return text === '' ? undefined : Number.parseFloat(text);
  }
}
