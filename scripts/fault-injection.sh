#!/usr/bin/env bash
# Fault injection on builds and updates: scripts/fault-injection.sh [KILLS] [ARTICLES]
#
# On a synthetic archive of ARTICLES articles (default 3000), with the release binary:
#  1. kills `index build` with SIGKILL at KILLS random moments (default 24) and at each
#     named moment (HANSEEK_FAULT_AT: segments, commit, committed, switch, cleanup);
#  2. the same for `index update` after a tenth of the archive is added (random
#     moments, and segments, commit, committed), each from the same starting index;
#  3. builds into a full disk (a small tmpfs; needs root) and from a read-only corpus.
# After every death the fixed query set (benches/queries/scale.tsv) must answer
# exactly as before (for an update: as before, or as the finished update does — never
# anything else), and a build or update run afterwards must succeed. Prints one line
# per check and a summary; exits 1 on the first difference. The short version is the
# end-to-end test a_build_or_update_killed_at_each_moment_leaves_the_index_answering_as_before.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-24}
articles=${2:-3000}
bin=$PWD/target/release/hanseek
[ -x "$bin" ] || cargo build --release --locked
work=$(mktemp -d /tmp/hanseek-faults.XXXXXX)
cleanup() { umount "$work/disk" 2> /dev/null || true; umount "$work/ro" 2> /dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$bin" corpus synth --articles "$articles" --seed 7 --out "$work/corpus" > /dev/null
mapfile -t queries < <(grep -v '^#' benches/queries/scale.tsv | cut -f2 | head -30)
fail() { echo "FAILED: $*" >&2; exit 1; }
# Every query's hits, without timings and scores (exit 1 is "no hits"). Scores may
# differ in their last bits between two runs of the same update: tantivy sums a
# document's clause scores in an order set by each segment's term statistics, and which
# documents share a segment depends on the indexing threads. Ids, order, totals,
# snippets and facets must be identical.
answers() {
  local out
  for q in "${queries[@]}"; do
    out=$("$bin" search --json --limit 20 --index "$1" -q "$q") || [ $? -eq 1 ] || fail "search '$q' failed"
    sed 's/"took_ms":[0-9.e-]*,//; s/"score":[0-9.e-]*,//g' <<< "$out"
  done
}
index=$work/index
build() { "$bin" index build --corpus "$work/corpus" --index "$index" "$@" > /dev/null 2>&1; }
update() { "$bin" index update --index "$index" "$@" > /dev/null 2>&1; }

started=$(date +%s.%N)
build || fail "the first build"
build_seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
answers "$index" > "$work/before"
echo "archive: $articles articles, a build takes ${build_seconds} s; ${#queries[@]} queries"

# Kills a command (its arguments) after SECONDS; says whether it was still running.
kill_after() {
  local seconds=$1; shift
  "$@" > /dev/null 2>&1 &
  local pid=$!
  sleep "$seconds"
  if kill -9 "$pid" 2> /dev/null; then wait "$pid" 2> /dev/null || true; echo killed
  else wait "$pid" 2> /dev/null || true; echo finished; fi
}
random_moment() { awk -v max="$1" -v seed="$RANDOM" 'BEGIN { srand(seed); printf "%.3f", rand() * max }'; }

builds_killed=0
for ((i = 1; i <= kills; i++)); do
  at=$(random_moment "$build_seconds")
  outcome=$(kill_after "$at" "$bin" index build --corpus "$work/corpus" --index "$index")
  answers "$index" | cmp -s - "$work/before" || fail "build $outcome at ${at} s: the answers changed"
  [ "$outcome" = killed ] && builds_killed=$((builds_killed + 1))
  echo "build $i: $outcome at ${at} s; answers as before"
  if ((i % 6 == 0)); then build || fail "a build after the kills"; fi
done
for moment in segments commit committed switch cleanup; do
  (HANSEEK_FAULT_AT=$moment build) 2> /dev/null && fail "the build did not die at $moment"
  answers "$index" | cmp -s - "$work/before" || fail "build died at $moment: the answers changed"
  echo "build died at '$moment'; answers as before"
done
build || fail "the build after the named moments"
answers "$index" | cmp -s - "$work/before" || fail "the rebuilt index answers differently"

# Updates: a tenth of the archive more, from the same starting index each time.
"$bin" corpus synth --articles $((articles / 10)) --seed 8 --out "$work/more" > /dev/null
cp -r "$work/more" "$work/corpus/added"
cp -a "$index" "$work/pristine"
started=$(date +%s.%N)
update || fail "the reference update"
update_seconds=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
answers "$index" > "$work/after"
cmp -s "$work/before" "$work/after" && fail "the update changed no answer: the check would be blind"
restore() { rm -rf "$index"; cp -a "$work/pristine" "$index"; }
updates_killed=0
for ((i = 1; i <= kills; i++)); do
  restore
  at=$(random_moment "$update_seconds")
  outcome=$(kill_after "$at" "$bin" index update --index "$index")
  answers "$index" > "$work/now"
  if cmp -s "$work/now" "$work/before"; then state="as before"
  elif cmp -s "$work/now" "$work/after"; then state="as the finished update"
  else fail "update $outcome at ${at} s: answers neither as before nor as after"; fi
  [ "$outcome" = killed ] && updates_killed=$((updates_killed + 1))
  update || fail "the update after a kill"
  answers "$index" | cmp -s - "$work/after" || fail "the update after a kill answers differently"
  echo "update $i: $outcome at ${at} s; answers $state; the next update finished it"
done
for moment in segments commit committed; do
  restore
  (HANSEEK_FAULT_AT=$moment update) 2> /dev/null && fail "the update did not die at $moment"
  answers "$index" > "$work/now"
  if [ $moment = committed ]; then expected=after; else expected=before; fi
  cmp -s "$work/now" "$work/$expected" || fail "update died at $moment: answers not as $expected"
  update || fail "the update after dying at $moment"
  echo "update died at '$moment'; answers as $expected; the next update finished it"
done

# A full disk, and a read-only corpus (both need mount, so root).
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$work/disk" "$work/ro"
  mount -t tmpfs -o size=2m tmpfs "$work/disk"
  "$bin" index build --corpus corpus --index "$work/disk/index" > /dev/null 2>&1 || fail "the bundled report does not fit a 2 MB disk"
  answers "$work/disk/index" > "$work/small"
  message=$("$bin" index build --corpus "$work/corpus" --index "$work/disk/index" 2>&1 > /dev/null || true)
  grep -q "no space left on the device holding the index" <<< "$message" || fail "full disk: $message"
  answers "$work/disk/index" | cmp -s - "$work/small" || fail "full disk: the answers changed"
  echo "full disk: named ('no space left…'), the index answers as before"
  mount --bind "$work/corpus" "$work/ro" && mount -o remount,bind,ro "$work/ro"
  "$bin" index build --corpus "$work/ro" --index "$work/ro-index" > /dev/null 2>&1 || fail "a read-only corpus"
  echo "read-only corpus: indexed"
else
  echo "full disk and read-only corpus: skipped (need root for mount)"
fi
echo "done: $builds_killed of $kills builds and $updates_killed of $kills updates killed mid-way, 5 + 3 named moments; every check passed"
