/**
 * A streaming CSV splitter over UTF-8 bytes (RFC 4180: quotes, doubled quotes, quoted commas and
 * line breaks, CRLF or LF, a BOM at the start dropped; a quote inside a cell read as Excel reads it,
 * see `QuoteState`). Each record is handed over as a byte range,
 * so that the roll screen can read most rows without decoding them; `splitRecord` turns a record
 * into its cells. Records without a quote — nearly every record of a roll — are split with the
 * native `split(',')`; csv-parse's per-character machinery cost ~12 µs per row here, which alone
 * was several times the whole time budget of a million-row comparison.
 */

/**
 * The text of a cell written as Excel's text formula `="…"` (a string constant and nothing else):
 * exports write IDs so, to keep Excel from turning them into numbers, and Excel shows the text
 * inside. Anything else — a real formula, `=HYPERLINK(…)` — is returned as it is, for the row checks
 * to refuse or neutralise.
 */
export function textFormulaValue(cell: string): string {
  if (cell.length < 3 || cell.charCodeAt(0) !== 61 || cell.charCodeAt(1) !== 34) return cell;
  const close = cell.indexOf('"', 2);
  return close === cell.length - 1 ? cell.slice(2, close) : cell;
}

/**
 * Splits one complete record that contains quotes, as Excel reads it: a quote opens a quoted cell
 * only when nothing but spaces comes before it in the cell (see `QuoteState`); anywhere else it is
 * an ordinary character.
 */
export function splitQuoted(rec: string): string[] {
  const out: string[] = [];
  let cell = '';
  let i = 0;
  const n = rec.length;
  let quoted = false;
  // Nothing but spaces yet in this cell (no other character, no quoted part).
  let fresh = true;
  while (i < n) {
    const c = rec.charCodeAt(i);
    if (quoted) {
      if (c === 34) {
        if (rec.charCodeAt(i + 1) === 34) {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        fresh = false;
        i++;
        continue;
      }
      // Copy a run of ordinary characters at once.
      const next = rec.indexOf('"', i);
      const end = next < 0 ? n : next;
      cell += rec.slice(i, end);
      i = end;
      continue;
    }
    if (c === 44) {
      out.push(textFormulaValue(cell));
      cell = '';
      fresh = true;
      i++;
    } else if (c === 34 && fresh) {
      // Leading spaces before the opening quote are dropped, as Excel does.
      cell = '';
      quoted = true;
      i++;
    } else {
      if (c !== 32 && c !== 9) fresh = false;
      cell += rec[i];
      i++;
    }
  }
  out.push(textFormulaValue(cell));
  return out;
}

/**
 * Where a scan of CSV bytes stands, read as Excel reads a CSV: a quote opens a quoted cell only when
 * nothing but spaces comes before it in the cell; inside one, a doubled quote is a quote and a single
 * one closes it; anywhere else a quote is an ordinary character. So 李"小"明 or 5"班 is a cell with
 * quotes in it, not the start of a cell that runs on over the following lines to the next quote.
 * Only quote, comma, line-break, space and tab bytes matter, and none of them is ever part of a
 * multi-byte character in UTF-8 or GB18030, so the bytes are scanned as they are.
 */
export class QuoteState {
  /** Inside a quoted cell. */
  private quoted = false;
  /** Outside quotes: nothing but spaces yet in the current cell. */
  private fresh = true;
  /** Inside quotes, the last byte scanned was a quote: it closes the cell unless the next byte is one. */
  private pendingClose = false;

  /** At the start of a record. */
  reset(): void {
    this.quoted = false;
    this.fresh = true;
    this.pendingClose = false;
  }

  /** Whether a line break at the position scanned up to is inside a quoted cell (part of the cell). */
  get inside(): boolean {
    return this.quoted && !this.pendingClose;
  }

  /** Advances over `b[from, to)`. */
  scan(b: Uint8Array, from: number, to: number): void {
    let i = from;
    if (i >= to) return;
    if (this.pendingClose) {
      this.pendingClose = false;
      if (b[i] === 0x22) i++;
      else {
        this.quoted = false;
        this.fresh = false;
      }
    }
    while (i < to) {
      const q = b.indexOf(0x22, i);
      const found = q >= 0 && q < to;
      if (this.quoted) {
        if (!found) return;
        if (q + 1 >= to) {
          this.pendingClose = true;
          return;
        }
        if (b[q + 1] === 0x22) {
          i = q + 2;
          continue;
        }
        this.quoted = false;
        this.fresh = false;
        i = q + 1;
        continue;
      }
      if (!found) {
        this.fresh = freshAt(b, i, to, this.fresh);
        return;
      }
      if (freshAt(b, i, q, this.fresh)) this.quoted = true;
      else this.fresh = false;
      i = q + 1;
    }
  }
}

/**
 * Whether, outside quotes, the cell at `to` still holds nothing but spaces: looking back from `to`
 * over spaces and tabs to a comma or line break (a new cell), or to `from` (then as it was there).
 */
function freshAt(b: Uint8Array, from: number, to: number, freshBefore: boolean): boolean {
  let k = to - 1;
  while (k >= from && (b[k] === 0x20 || b[k] === 0x09)) k--;
  if (k < from) return freshBefore;
  return b[k] === 0x2c || b[k] === 0x0a;
}

/** Called with a record's bytes `b[start, end)` (line break removed) and the number of quotes in it. */
export type RecordHandler = (b: Buffer, start: number, end: number, quotes: number) => void;

/**
 * Longest record accepted (bytes). An Excel cell holds at most 32,767 characters, so even a row of 16
 * full cells stays under it; a longer record is a quote left open, which would otherwise swallow the
 * rest of the file into one cell.
 */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;
/** Most lines one record may span (line breaks inside quoted cells: an address, a note, never hundreds). */
export const MAX_RECORD_LINES = 200;

export class CsvRecords {
  private rest: Buffer | null = null;
  /** Chunks after `rest` without a line break, joined only once one arrives (no quadratic copying). */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private first = true;
  private readonly quotes = new QuoteState();

  constructor(private readonly emit: RecordHandler) {}

  /** Emits every complete record in `chunk` (plus what was left from the previous chunk). */
  feed(chunk: Buffer): void {
    if (this.rest !== null && chunk.indexOf(0x0a) < 0) {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      if (this.rest.length + this.waitingBytes > MAX_RECORD_BYTES) throw unclosedQuote();
      return;
    }
    this.waitingBytes = 0;
    const buf = this.rest === null ? chunk : Buffer.concat([this.rest, ...this.waiting, chunk]);
    this.waiting = [];
    let start = 0;
    if (this.first) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      this.first = false;
    }
    const n = buf.length;
    // The next quote at or after the current line, found once: searching from every line start
    // scanned ahead to the next quote each time (often tens of kilobytes per line).
    let nq = buf.indexOf(0x22, start);
    const quotesBefore = (to: number): number => {
      let q = 0;
      while (nq >= 0 && nq < to) {
        q++;
        nq = buf.indexOf(0x22, nq + 1);
      }
      return q;
    };
    while (start < n) {
      let nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      let q = quotesBefore(nl);
      if (q > 0) {
        // A record with quotes ends at the first line break outside a quoted cell.
        const st = this.quotes;
        st.reset();
        st.scan(buf, start, nl);
        let lines = 1;
        while (st.inside) {
          const more = buf.indexOf(0x0a, nl + 1);
          if (more < 0) {
            nl = -1;
            break;
          }
          if (++lines > MAX_RECORD_LINES) throw unclosedQuote();
          st.scan(buf, nl, more);
          q += quotesBefore(more);
          nl = more;
        }
        if (nl < 0) break;
      }
      const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      this.emit(buf, start, end, q);
      start = nl + 1;
    }
    if (n - start > MAX_RECORD_BYTES) throw unclosedQuote();
    this.rest = start >= n ? null : Buffer.from(buf.subarray(start));
  }

  /** Emits the last record when the file does not end with a line break. */
  end(): void {
    const rest = this.rest === null ? null : Buffer.concat([this.rest, ...this.waiting]);
    this.rest = null;
    this.waiting = [];
    if (rest === null) return;
    let end = rest.length;
    if (rest[end - 1] === 0x0d) end--;
    if (end === 0) return;
    let q = 0;
    for (let i = 0; i < end; i++) if (rest[i] === 0x22) q++;
    this.emit(rest, 0, end, q);
  }
}

function unclosedQuote(): Error {
  return new Error(
    `该行的引号未闭合：其后的 ${MAX_RECORD_LINES} 多行（或 ${MAX_RECORD_BYTES / 1024 / 1024} MB 以上的内容）都会被当作同一个单元格。请检查该行各单元格的英文双引号(")是否成对`,
  );
}

/** The cells of a record. */
export function splitRecord(b: Buffer, start: number, end: number, quotes: number): string[] {
  const text = b.toString('utf8', start, end);
  return quotes === 0 ? text.split(',') : splitQuoted(text);
}
