#!/usr/bin/env bash
# Generates both blind3 variants, runs `jiaofu match` on each and scores the result.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MAIN="$(cd "$HERE/../.." && pwd)"
SEED="${SEED:-20200901}"
for v in ${VARIANTS:-base hard}; do
  D="/tmp/blind3-$v"
  rm -rf "$D"
  node "$HERE/gen.mjs" --seed "$SEED" --variant "$v" --out "$D"
  ( cd "$D" && node "$MAIN/bin/jiaofu.mjs" match --students students.csv --registry registry.csv \
      --out out.csv --unenrolled unenrolled.csv --as-of 2020-09-01 > match.log 2>&1 ) || { echo "jiaofu match failed on $v:"; tail -20 "$D/match.log"; exit 1; }
  grep -E '比对完成|确认匹配|未入学' "$D/match.log" || true
  node "$HERE/score.mjs" --data "$D" --out "$D/out.csv" --unenrolled "$D/unenrolled.csv" --report "$D/report.md"
  echo
done
