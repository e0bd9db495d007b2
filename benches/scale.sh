#!/usr/bin/env bash
# Query latency and indexing at archive scale (issue 7): for each size, a synthetic
# archive (`hanseek corpus synth`), its index build (time, MB/s, max RSS, size), and
# `hanseek bench` on benches/queries/scale.tsv without and with snippets at 1 thread,
# without snippets with each query searching on 2 threads (latency), and without
# snippets at 2 concurrent threads (QPS); and the page's two requests: its hits with
# snippets, then the facets alone (`--facets --limit 0`), and both in one for comparison. Needs a release build. `max RSS` is what
# `time -f %M` reports (heap plus mapped index files); `peak heap` is the anonymous
# memory alone (benches/peak-memory.sh).
# Usage: benches/scale.sh [SIZES...]   (default: 1000 10000 100000)
# BIN=PATH runs another build of hanseek. WORK=DIR keeps the archives, indexes and
# results there. BENCH_ONLY=1 reuses WORK's archives and indexes (and their build
# numbers) and re-runs only the query benches: for a change on the query side, when
# the index format did not change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/hanseek}
work=${WORK:-$(mktemp -d)}
sizes=${*:-1000 10000 100000}
for n in $sizes; do
  if [ -z "${BENCH_ONLY:-}" ]; then
    rm -rf "$work/corpus-$n" "$work/index-$n"
    $bin corpus synth --articles "$n" --seed 1 --out "$work/corpus-$n" > /dev/null
    /usr/bin/time -f "%M" -o "$work/rss-$n" benches/peak-memory.sh $bin index build --corpus "$work/corpus-$n" --index "$work/index-$n" --json > "$work/build-$n.out"
    # The summary is the JSON line; the other lines are notes (the alias file, the peak).
    grep -m 1 "^{" "$work/build-$n.out" > "$work/build-$n.json"
    sed -n 's/^peak anonymous (heap) \([0-9]*\) MB.*/\1/p' "$work/build-$n.out" > "$work/heap-$n"
  fi
  # Fails on an index of another format: then run without BENCH_ONLY.
  $bin index stats --json --index "$work/index-$n" > "$work/stats-$n.json"
  $bin bench --json --index "$work/index-$n" --queries benches/queries/scale.tsv --warmup 3 --iterations 30 > "$work/bench-$n-plain.json"
  $bin bench --json --index "$work/index-$n" --queries benches/queries/scale.tsv --warmup 3 --iterations 30 --snippets > "$work/bench-$n-snippets.json"
  # What the search page asks for: hits and snippets (the +snippets run), then the
  # facets alone in a second request; and, for comparison, all three in one request.
  $bin bench --json --index "$work/index-$n" --queries benches/queries/scale.tsv --warmup 3 --iterations 30 --facets --limit 0 > "$work/bench-$n-facets.json"
  $bin bench --json --index "$work/index-$n" --queries benches/queries/scale.tsv --warmup 3 --iterations 30 --snippets --facets > "$work/bench-$n-page.json"
  $bin bench --json --index "$work/index-$n" --queries benches/queries/scale.tsv --warmup 3 --iterations 30 --search-threads 2 > "$work/bench-$n-parallel.json"
  $bin bench --json --index "$work/index-$n" --queries benches/queries/scale.tsv --warmup 3 --iterations 30 --threads 2 > "$work/bench-$n-2threads.json"
done
python3 - "$work" $sizes <<'PY'
import json, sys
work, sizes = sys.argv[1], sys.argv[2:]
print("| articles | corpus | build | MB/s | max RSS | peak heap | index size |")
print("|---|---|---|---|---|---|---|")
for n in sizes:
    b = json.load(open(f"{work}/build-{n}.json")); s = json.load(open(f"{work}/stats-{n}.json"))
    rss = int(open(f"{work}/rss-{n}").read()) // 1024
    heap = int(open(f"{work}/heap-{n}").read())
    print(f"| {int(n):,} | {b['bytes']/1e6:.1f} MB | {b['seconds']:.1f} s | {b['bytes']/1e6/b['seconds']:.1f} | {rss} MB | {heap} MB | {s['size_bytes']/1e6:.1f} MB |")
print()
classes = ["term", "and", "phrase", "chinese", "mixed", "filter", "cross-script", "overall"]
for n in sizes:
    plain = json.load(open(f"{work}/bench-{n}-plain.json"))
    snip = json.load(open(f"{work}/bench-{n}-snippets.json"))
    two = json.load(open(f"{work}/bench-{n}-2threads.json"))
    par = json.load(open(f"{work}/bench-{n}-parallel.json"))
    page = json.load(open(f"{work}/bench-{n}-page.json"))
    facets = json.load(open(f"{work}/bench-{n}-facets.json"))
    print(f"**{int(n):,} articles** (ms; one query at a time on 1 search thread, +snippets (the page's first request: its hits), the page's second request (the facets alone, `--limit 0`), both in one request (+snippets +facets); on 2 search threads, no snippets; hits = mean total hits per query, counted to 10,000)\n")
    print("| class | p50 | p95 | p99 | max | p50 +snippets | p99 +snippets | p50 facets | p99 facets | p50 one request | p99 one request | p50 2 search threads | p99 2 search threads | hits |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in classes:
        p = plain["overall"] if c == "overall" else plain["classes"][c]
        q = snip["overall"] if c == "overall" else snip["classes"][c]
        r = par["overall"] if c == "overall" else par["classes"][c]
        g = page["overall"] if c == "overall" else page["classes"][c]
        f = facets["overall"] if c == "overall" else facets["classes"][c]
        print(f"| {c} | {p['p50_ms']:.3f} | {p['p95_ms']:.3f} | {p['p99_ms']:.3f} | {p['max_ms']:.3f} | {q['p50_ms']:.3f} | {q['p99_ms']:.3f} | {f['p50_ms']:.3f} | {f['p99_ms']:.3f} | {g['p50_ms']:.3f} | {g['p99_ms']:.3f} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {p['mean_hits']:.0f} |")
    q1, q2 = plain["overall"]["qps"], two["overall"]["qps"]
    print(f"\nQPS without snippets: {q1:,.0f} at 1 thread, {q2:,.0f} at 2 threads ({q2/q1:.2f}x)\n")
PY
