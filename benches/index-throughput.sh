#!/usr/bin/env bash
# Indexing throughput with 1 and 2 cores (issue 4), on a corpus of COPIES copies of
# the bundled report (default 1300: 52.9 MB). Each build is pinned with taskset to the
# cores it may use, since tantivy's background threads would otherwise let a
# "1-thread" build use more than one core. Needs: a release build, taskset.
# Usage: [BIN=path/to/hanseek] benches/index-throughput.sh [COPIES] [RUNS]
# (BIN: another binary to compare, e.g. an older build; default target/release/hanseek)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-1300}
runs=${2:-3}
bin=$(realpath "${BIN:-target/release/hanseek}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
for i in $(seq -w 1 "$copies"); do cp corpus/kostec-weekly-2023-12-01.md "$work/corpus/r$i.md"; done
echo "corpus: $(du -sh "$work/corpus" | cut -f1) in $copies files"
for cpus in 0 0,1; do
  threads=$(( $(echo "$cpus" | tr -cd ',' | wc -c) + 1 ))
  for run in $(seq 1 "$runs"); do
    rm -rf "$work/index"
    /usr/bin/time -f "%M" -o "$work/rss" taskset -c "$cpus" "$bin" index build \
      --threads "$threads" --corpus "$work/corpus" --index "$work/index" --json > "$work/summary.json"
    python3 - "$work/summary.json" "$threads" "$run" "$(cat "$work/rss")" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"cores {sys.argv[2]} run {sys.argv[3]}: {s['bytes']/1e6:.1f} MB in {s['seconds']:.2f} s = "
      f"{s['bytes']/1e6/s['seconds']:.1f} MB/s, {s['articles']} articles, {s['links']} links, max RSS {int(sys.argv[4])//1024} MB")
PY
  done
done
