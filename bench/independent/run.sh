#!/usr/bin/env bash
# The matcher on data it was not written against: bench/independent/gen.mjs was written from
# POLICY.md alone, without reading src/synth or src/domain (see docs/BENCHMARKS.md). Generates four
# variants into test-data/independent/, runs `jiaofu match` on each and scores it.
# Usage: bash bench/independent/run.sh [--no-gen]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=bench/independent
D=test-data/independent
if [ "${1:-}" != "--no-gen" ]; then
  npx tsx $B/gen.mjs --out $D/base | tail -1
  npx tsx $B/gen.mjs --out $D/heavy --variant heavy --seed 777 --names2023 | tail -1
  npx tsx $B/gen.mjs --out $D/noguardian --no-guardian | tail -1
  npx tsx $B/gen.mjs --out $D/xlsx --xlsx | tail -1
fi
run() { # dir students registry
  /usr/bin/time -f "%e s wall, %M KB max RSS" -o $D/$1/time.txt node bin/jiaofu.mjs match \
    --students $D/$1/$2 --registry $D/$1/$3 --out $D/$1/out.csv --unenrolled $D/$1/unenrolled.csv \
    --as-of 2020-09-01 > $D/$1/run.log 2>&1
  echo "$1: $(cat $D/$1/time.txt)"
}
run base roll.csv registry.csv
run heavy roll.csv registry.csv
run noguardian roll.csv registry.csv
run xlsx roll.xlsx registry.xlsx
for d in base heavy noguardian xlsx; do node $B/score.mjs $D/$d | sed -n '1,6p'; done
