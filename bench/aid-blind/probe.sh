#!/usr/bin/env bash
# Side probes on a copy of the scored database (see probe.mjs). Usage: bash bench/aid-blind/probe.sh [work-dir]
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/aidblind}"
DB="$WORK/db-probe"
P="$WORK/probe"
PORT="${AIDBLIND_PORT:-3917}"
export JIAOFU_TODAY=2020-10-15
J=(node "$ROOT/bin/jiaofu.mjs")
cd "$ROOT"
quiet() { grep -v '%' || true; }
rm -rf "$DB" "$P"
cp -r "$WORK/db" "$DB"
rm -f "$DB"/*.lock "$DB"/.lock 2>/dev/null || true
node "$HERE/probe.mjs" make --data "$WORK/data" --out "$P" || exit 1
"${J[@]}" import schools "$P/schools-names.csv" --db "$DB" | quiet
ROLL="$P/students.csv"
if ! "${J[@]}" import schools "$P/schools-higher.csv" --db "$DB" 2>&1 | quiet; then
  echo "   (高等教育 school refused: probing without it)"; ROLL="$P/students-nohigher.csv"
fi
"${J[@]}" import registry "$P/registry.csv" --db "$DB" | quiet | tail -2
"${J[@]}" import students "$ROLL" --db "$DB" --report "$P/report-students.xlsx" 2>&1 | quiet | tail -4
"${J[@]}" match --apply --db "$DB" | quiet | tail -4
"${J[@]}" aid entitle --term 2020-autumn --db "$DB" | quiet | head -3
PORT="$PORT" "${J[@]}" serve --db "$DB" >"$P/serve.log" 2>&1 &
SP=$!
for _ in $(seq 1 90); do curl -sf "http://localhost:$PORT/api/openapi.json" >/dev/null 2>&1 && break; sleep 1; done
node - "$P" "$PORT" <<'JS'
const fs = require('node:fs');
const [P, PORT] = process.argv.slice(2);
(async () => {
  const t = JSON.parse(fs.readFileSync(`${P}/probe-truth.json`, 'utf8'));
  let cookie = '';
  const get = async (u, body) => {
    const r = await fetch(`http://localhost:${PORT}${u}`, { method: body ? 'POST' : 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), cookie }, body: body ? JSON.stringify(body) : undefined });
    const sc = r.headers.getSetCookie?.() ?? []; if (sc.length) cookie = sc.map((c) => c.split(';')[0]).join('; ');
    return r.json();
  };
  await get('/api/auth/login', { username: 'admin', password: process.env.JIAOFU_DEMO_PASSWORD ?? 'jiaofu2020' });
  const codes = new Set([...t.leavers.map((s) => s.schoolCode), ...t.schools.map((s) => s.code)]);
  const lines = [];
  for (const c of codes) { const r = await get(`/api/aid/entitlements?term=2020-autumn&schoolCode=${c}&pageSize=500`); lines.push(...(r.items ?? [])); }
  fs.writeFileSync(`${P}/app-lines.json`, JSON.stringify({ lines }, null, 1));
})();
JS
kill "$SP"; wait "$SP" 2>/dev/null
node "$HERE/probe.mjs" check --data "$WORK/data" --out "$P" --app "$P/app-lines.json"
