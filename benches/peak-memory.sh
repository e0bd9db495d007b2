#!/usr/bin/env bash
# Peak memory of a command, split the way Linux counts it: anonymous memory (the heap:
# what a memory budget is about) and file-backed pages (memory-mapped files, here the
# index segments that merges read; page cache the kernel can reclaim). `time -f %M`
# reports the sum of both at its peak, which overstates what a build holds.
# Usage: benches/peak-memory.sh COMMAND [ARGS...]   (polls /proc every 50 ms)
set -euo pipefail
"$@" > /tmp/peak-memory.$$ 2>&1 &
pid=$!
max_anon=0
max_file=0
while kill -0 "$pid" 2> /dev/null; do
  read -r anon file < <(awk '/^RssAnon/ {a = $2} /^RssFile/ {f = $2} END {print a + 0, f + 0}' "/proc/$pid/status" 2> /dev/null || echo "0 0")
  ((anon > max_anon)) && max_anon=$anon
  ((file > max_file)) && max_file=$file
  sleep 0.05
done
status=0
wait "$pid" || status=$?
tail -n 3 /tmp/peak-memory.$$
rm -f /tmp/peak-memory.$$
echo "peak anonymous (heap) $((max_anon / 1024)) MB, peak file-backed $((max_file / 1024)) MB"
exit "$status"
