#!/usr/bin/env bash
# Blind test of 应享资助 (2020 autumn): generate → import through the CLI → 比对 → 认定 through the API →
# aid entitle through the CLI → read lines through the API → score against the oracle.
# Usage: bash bench/aid-blind/run.sh [work-dir]   (default /tmp/aidblind; its db/ folder is deleted and rebuilt)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${1:-/tmp/aidblind}"
DB="$WORK/db"
DATA="$WORK/data"
PORT="${AIDBLIND_PORT:-3917}"
export JIAOFU_TODAY=2020-10-15
J=(node "$ROOT/bin/jiaofu.mjs")
cd "$ROOT"

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 1; done
  fi
  SERVER_PID=""
}
trap stop_server EXIT
start_server() {
  PORT="$PORT" "${J[@]}" serve --db "$DB" >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 90); do
    curl -sf "http://localhost:$PORT/api/openapi.json" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "server did not start; see $WORK/serve.log" >&2
  exit 1
}
quiet() { grep -v '%' || true; }

mkdir -p "$WORK"
rm -rf "$DB"
echo "== generate"
node "$HERE/gen.mjs" --out "$DATA" "${@:2}"
echo "== database"
"${J[@]}" migrate --db "$DB" | quiet
"${J[@]}" reference load --db "$DB" | quiet
"${J[@]}" demo --db "$DB" >/dev/null
echo "== imports"
"${J[@]}" import schools "$DATA/schools.csv" --db "$DB" | quiet
# The bench's 建档立卡 list replaces the demo one of the same counties (`demo` above): confirmed.
"${J[@]}" import registry "$DATA/registry.csv" --db "$DB" --report "$WORK/report-registry.xlsx" --confirm-removal | quiet
"${J[@]}" import students "$DATA/students.csv" --db "$DB" --report "$WORK/report-students.xlsx" | quiet
for k in minimum_living extreme_poverty disability hardship; do
  "${J[@]}" import lists "$DATA/list-$k.csv" --kind "$k" --db "$DB" --report "$WORK/report-$k.xlsx" | quiet
done
echo "== 比对"
"${J[@]}" match --apply --db "$DB" | quiet
echo "== 认定 (API)"
# A 公示 starts on the server's day and runs 5 working days (15–21 October), so the decisions come a
# week later: everything after the notices runs on 2020-10-22, still in the 2020 autumn term.
start_server
node "$HERE/recognize.mjs" --step notice --base "http://localhost:$PORT" --truth "$DATA/truth.json"
stop_server
export JIAOFU_TODAY=2020-10-22
start_server
node "$HERE/recognize.mjs" --step decide --base "http://localhost:$PORT" --truth "$DATA/truth.json"
stop_server
echo "== 应享资助"
"${J[@]}" aid entitle --term 2020-autumn --db "$DB" | quiet
"${J[@]}" export coverage --term 2020-autumn --out "$WORK/coverage.csv" --db "$DB" | quiet
echo "== read lines (API)"
start_server
node "$HERE/fetch-lines.mjs" --base "http://localhost:$PORT" --truth "$DATA/truth.json" --out "$WORK/app-lines.json"
node "$HERE/names.mjs" --base "http://localhost:$PORT" --truth "$DATA/truth.json" --out "$WORK/names.json"
stop_server
echo "== score"
node "$HERE/oracle.mjs" --truth "$DATA/truth.json" --out "$WORK/expected.json"
RC=0
node "$HERE/score.mjs" --truth "$DATA/truth.json" --app "$WORK/app-lines.json" --recs "$DATA/recognitions.json" --coverage "$WORK/coverage.csv" --out "$WORK/score.json" || RC=$?
echo "== the same lines under the alternative reading (残疾/突发困难 lists count without a recognition)"
node "$HERE/score.mjs" --reading alt-lists-direct --truth "$DATA/truth.json" --app "$WORK/app-lines.json" --recs "$DATA/recognitions.json" --coverage "$WORK/coverage.csv" --out "$WORK/score-alt.json" | sed -n '/=== aid-blind/,/^}/p' || true
if [[ "${AIDBLIND_PROBES:-1}" == 1 ]]; then
  echo "== side probes (copy of the database)"
  bash "$HERE/probe.sh" "$WORK" | grep -v '%' | sed -n '/=== side probes/,$p'
fi
exit $RC
