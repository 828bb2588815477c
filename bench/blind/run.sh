#!/usr/bin/env bash
# A second blind benchmark of the matcher: bench/blind/gen.mjs was written from POLICY.md alone by a
# helper that read neither src/ nor bench/independent/ (its own names, homophones, traditional
# characters, household shapes and damage rates; see docs/BENCHMARKS.md). Generates three variants
# into test-data/blind/<variant>, runs `jiaofu match` on each and scores it (failures.txt beside).
# Usage: bash bench/blind/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUTROOT="$ROOT/test-data/blind"
for v in base heavy grandkin; do
  d="$OUTROOT/$v"
  rm -rf "$d"; mkdir -p "$d"
  node bench/blind/gen.mjs --out "$d" --variant "$v" > "$d/gen.log"
  ext=csv
  [ -f "$d/students.xlsx" ] && ext=xlsx
  SECONDS=0
  node bin/jiaofu.mjs match --students "$d/students.$ext" --registry "$d/registry.$ext" \
    --out "$d/out.csv" --unenrolled "$d/unenrolled.csv" --as-of 2020-09-01 > "$d/match.log" 2>&1 ||
    { echo "match FAILED for $v"; tail -20 "$d/match.log"; continue; }
  echo "### $v (.$ext input, match ${SECONDS} s)"
  node bench/blind/score.mjs "$d" | tee "$d/score.txt" | head -12
  echo
done
