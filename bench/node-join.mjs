/**
 * The floor of any JavaScript implementation (issue 3, benchmark 8): the same bare exact-ID left
 * join DuckDB does in bench/match-speed.ts, hand-written for speed in plain Node.js on one thread —
 * no normalisation, no blocking, no comparison, no explanation. Reads both CSV files whole, keys the
 * registry's 证件号码 in a Map, copies every roll line to the output with 人编号 and 户编号 appended
 * (one line per registry match, as SQL does). Quoted fields are honoured.
 *
 *   node bench/node-join.mjs <students.csv> <registry.csv> <out.csv>
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

const [studentsFile, registryFile, outFile] = process.argv.slice(2);
if (!studentsFile || !registryFile || !outFile) throw new Error('usage: node-join.mjs students registry out');

const NL = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;

/** Cells of one CSV record `b[start, end)` (quotes honoured). */
function cells(b, start, end) {
  const out = [];
  let i = start;
  for (;;) {
    if (b[i] === QUOTE) {
      let s = '';
      let j = i + 1;
      for (;;) {
        const q = b.indexOf(QUOTE, j);
        s += b.toString('utf8', j, q);
        if (b[q + 1] === QUOTE) {
          s += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(s);
    } else {
      let c = b.indexOf(COMMA, i);
      if (c < 0 || c > end) c = end;
      out.push(b.toString('utf8', i, c));
      i = c;
    }
    if (i >= end || b[i] !== COMMA) return out;
    i++;
  }
}

/** End of the record starting at `start` (the line break outside quotes), and whether it has quotes. */
function recordEnd(b, start) {
  let nl = b.indexOf(NL, start);
  if (nl < 0) nl = b.length;
  const q = b.indexOf(QUOTE, start);
  if (q < 0 || q > nl) return [nl, false];
  let inQuotes = false;
  for (let i = start; i < b.length; i++) {
    if (b[i] === QUOTE) inQuotes = !inQuotes;
    else if (b[i] === NL && !inQuotes) return [i, true];
  }
  return [b.length, true];
}

const lineEnd = (b, end) => (end > 0 && b[end - 1] === CR ? end - 1 : end);

/** Index of the column named `name` in the header record of `b`; the header's end. */
function header(b, name) {
  const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const [end] = recordEnd(b, start);
  const cols = cells(b, start, lineEnd(b, end));
  return { cols, index: (n) => cols.indexOf(n), start, end: end + 1, at: cols.indexOf(name) };
}

const reg = readFileSync(registryFile);
const rh = header(reg, '证件号码');
const personCol = rh.index('人编号');
const houseCol = rh.index('户编号');
/** ID → the suffixes (',人编号,户编号') of the registry rows carrying it. */
const byId = new Map();
for (let pos = rh.end; pos < reg.length; ) {
  const [end] = recordEnd(reg, pos);
  const c = cells(reg, pos, lineEnd(reg, end));
  const id = c[rh.at];
  if (id) {
    const suffix = Buffer.from(`,${c[personCol] ?? ''},${c[houseCol] ?? ''}\n`);
    const list = byId.get(id);
    if (list) list.push(suffix);
    else byId.set(id, [suffix]);
  }
  pos = end + 1;
}

const roll = readFileSync(studentsFile);
const sh = header(roll, '身份证件号');
const noMatch = Buffer.from(',,\n');
const out = openSync(outFile, 'w');
let chunk = Buffer.allocUnsafe(1 << 22);
let used = 0;
const put = (src, start, end) => {
  if (used + (end - start) > chunk.length) {
    writeSync(out, chunk, 0, used);
    used = 0;
    if (end - start > chunk.length) chunk = Buffer.allocUnsafe(end - start);
  }
  used += src.copy(chunk, used, start, end);
};
put(
  Buffer.from(`${sh.cols.join(',')},人编号,户编号\n`),
  0,
  Buffer.byteLength(`${sh.cols.join(',')},人编号,户编号\n`),
);
for (let pos = sh.end; pos < roll.length; ) {
  const [end, quoted] = recordEnd(roll, pos);
  const e = lineEnd(roll, end);
  if (e > pos) {
    let id;
    if (quoted) id = cells(roll, pos, e)[sh.at];
    else {
      let c = pos;
      for (let k = 0; k < sh.at && c >= 0; k++) c = roll.indexOf(COMMA, c) + 1;
      let f = roll.indexOf(COMMA, c);
      if (f < 0 || f > e) f = e;
      id = roll.latin1Slice(c, f);
      // An ID cell with non-ASCII text: decode it as UTF-8 like the Map keys.
      for (let i = c; i < f; i++)
        if (roll[i] > 0x7f) {
          id = roll.toString('utf8', c, f);
          break;
        }
    }
    const list = id ? byId.get(id) : undefined;
    for (const suffix of list ?? [noMatch]) {
      put(roll, pos, e);
      put(suffix, 0, suffix.length);
    }
  }
  pos = end + 1;
}
writeSync(out, chunk, 0, used);
closeSync(out);
