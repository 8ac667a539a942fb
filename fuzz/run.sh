#!/bin/sh
# Runs one fuzz target: fuzz/run.sh TARGET [SECONDS] (default 600).
# New inputs go to fuzz/corpus/TARGET (not committed); crashes to fuzz/artifacts/TARGET.
set -eu
cd "$(dirname "$0")/.."
target=$1
secs=${2:-600}
python3 fuzz/seed.py
mkdir -p "fuzz/corpus/$target"
exec cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=262144 -print_final_stats=1
