// Shared helpers for the blind matching benchmark: seeded RNG, dates, GB 11643 IDs, CSV io.
import fs from 'node:fs';

// ---------- RNG (sfc32 seeded through splitmix32) ----------
export function makeRng(seed) {
  let s = seed >>> 0;
  const sm = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = sm(),
    b = sm(),
    c = sm(),
    d = sm();
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    // items: [[value, weight], ...]
    wpick: (items) => {
      let tot = 0;
      for (const it of items) tot += it[1];
      let x = next() * tot;
      for (const it of items) {
        x -= it[1];
        if (x < 0) return it[0];
      }
      return items[items.length - 1][0];
    },
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [arr[i], arr[j]] = [arr[j], arr[i]];
      }
      return arr;
    },
    normal: (mu, sd) => {
      const u = 1 - next(),
        v = next();
      return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return r;
}

// ---------- dates (day numbers, UTC) ----------
export const DAY = 86400000;
export function dayNum(y, m, d) {
  return Math.round(Date.UTC(y, m - 1, d) / DAY);
}
export function ymd(n) {
  const dt = new Date(n * DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}
export const pad = (n, w = 2) => String(n).padStart(w, '0');
export function fmtDate(n, style = 'dash') {
  const { y, m, d } = ymd(n);
  if (style === 'compact') return `${y}${pad(m)}${pad(d)}`;
  if (style === 'slash') return `${y}/${m}/${d}`; // what Excel writes back on a zh-CN machine
  return `${y}-${pad(m)}-${pad(d)}`;
}
export function parseDay(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return dayNum(+m[1], +m[2], +m[3]);
}
export function ageOn(birthDay, asOfDay) {
  const b = ymd(birthDay),
    a = ymd(asOfDay);
  let age = a.y - b.y;
  if (a.m < b.m || (a.m === b.m && a.d < b.d)) age--;
  return age;
}

// ---------- GB 11643-1999 ----------
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CK = '10X98765432';
export function checkChar(first17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (first17.charCodeAt(i) - 48) * W[i];
  return CK[s % 11];
}
export function isValidId(id) {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (checkChar(id.slice(0, 17)) !== id[17]) return false;
  const y = +id.slice(6, 10),
    m = +id.slice(10, 12),
    d = +id.slice(12, 14);
  const n = dayNum(y, m, d);
  const b = ymd(n);
  return b.y === y && b.m === m && b.d === d;
}
export function makeId(area, birthDay, seq) {
  const { y, m, d } = ymd(birthDay);
  const f = `${area}${y}${pad(m)}${pad(d)}${pad(seq, 3)}`;
  return f + checkChar(f);
}
export function idBirthDay(id) {
  return dayNum(+id.slice(6, 10), +id.slice(10, 12), +id.slice(12, 14));
}
export function to15(id18) {
  return id18.slice(0, 6) + id18.slice(8, 17);
}

// ---------- CSV ----------
export function csvCell(v) {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
export function writeCsv(file, header, rows) {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(header.map((h) => csvCell(r[h])).join(','));
  fs.writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [],
    cell = '',
    q = false,
    i = 0;
  while (i < text.length) {
    const c = text[i];
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        q = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"') {
      q = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
      continue;
    }
    cell += c;
    i++;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
export function readCsvObjects(file) {
  const rows = parseCsv(fs.readFileSync(file, 'utf8')).filter((r) => r.length > 1 || r[0] !== '');
  const header = rows[0].map((h) => h.trim());
  return rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
