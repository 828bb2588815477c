#!/usr/bin/env node
// Reads the app's entitlement lines for the test schools through the JSON API (GET /api/aid/entitlements).
// Usage: node bench/aid-blind/fetch-lines.mjs --base http://localhost:3917 --truth DIR/truth.json --out FILE
import fs from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, arr) => (a.startsWith('--') ? [[a.slice(2), arr[i + 1]]] : [])),
);
const BASE = args.base ?? 'http://localhost:3917';
const TRUTH = args.truth ?? '/tmp/aidblind/data/truth.json';
const OUT = args.out ?? '/tmp/aidblind/app-lines.json';
const TERM = args.term ?? '2020-autumn';

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
const truth = JSON.parse(fs.readFileSync(TRUTH, 'utf8'));
const lines = [];
for (const sc of truth.schools) {
  for (let page = 1; ; page++) {
    const r = await req(
      'GET',
      `/api/aid/entitlements?term=${TERM}&schoolCode=${sc.code}&pageSize=500&page=${page}`,
    );
    lines.push(...r.items);
    if (page * 500 >= r.total) break;
  }
}
const runs = await req('GET', '/api/aid/entitlements/runs');
const recs = [];
for (const sc of truth.schools) {
  for (let page = 1; ; page++) {
    const r = await req('GET', `/api/aid/recognitions?schoolCode=${sc.code}&pageSize=500&page=${page}`);
    recs.push(...r.items);
    if (page * 500 >= r.total) break;
  }
}
fs.writeFileSync(
  OUT,
  JSON.stringify({ term: TERM, lastRun: runs.items?.[0] ?? null, lines, recognitions: recs }, null, 1),
);
console.log(
  `${lines.length} entitlement lines and ${recs.length} recognitions of ${truth.schools.length} test schools → ${OUT}`,
);
