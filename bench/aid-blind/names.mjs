#!/usr/bin/env node
// Side check: does the app keep each pupil's name as the roll gives it? (An entitlement line carries the name
// that ends up on payment lists and the bank file.) Reads the comparison result lists (linked + unmatched).
// Usage: node bench/aid-blind/names.mjs --base http://localhost:3917 --truth DIR/truth.json [--out FILE]
import fs from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
);
const BASE = args.base ?? 'http://localhost:3917';
const truth = JSON.parse(fs.readFileSync(args.truth ?? '/tmp/aidblind/data/truth.json', 'utf8'));
const OUT = args.out ?? '/tmp/aidblind/names.json';
let cookie = '';
async function req(method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const sc = res.headers.getSetCookie?.() ?? [];
  if (sc.length) cookie = sc.map((c) => c.split(';')[0]).join('; ');
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
await req('POST', '/api/auth/login', {
  username: 'admin',
  password: process.env.JIAOFU_DEMO_PASSWORD ?? 'jiaofu2020',
});
const rows = [];
for (const list of ['linked', 'unmatched']) {
  for (let page = 1; ; page++) {
    const r = await req('GET', `/api/comparison/results?list=${list}&pageSize=500&page=${page}`);
    rows.push(...r.items);
    if (page * 500 >= r.total) break;
  }
}
const masked = (id) => `G${id.slice(0, 6)}********${id.slice(-4)}`;
const bySchoolName = new Map(truth.schools.map((s) => [s.name, s.code]));
const appBy = new Map(
  rows
    .filter((r) => bySchoolName.has(r.school_name))
    .map((r) => [`${r.student_no}@${bySchoolName.get(r.school_name)}`, r]),
);
const changed = [];
let seen = 0;
for (const st of truth.students) {
  const r = appBy.get(`${masked(st.id)}@${st.schoolCode}`);
  if (!r) continue;
  seen++;
  if (r.name !== st.name)
    changed.push({ roll: st.name, app: r.name, studentNo: masked(st.id), school: st.schoolCode });
}
fs.writeFileSync(OUT, JSON.stringify({ seen, changed }, null, 1));
console.log(
  `names: ${seen} test pupils found in the comparison lists; ${changed.length} stored with another name than the roll's`,
);
for (const c of changed) console.log(`  ${c.roll} → ${c.app}  (${c.studentNo}, school ${c.school})`);
