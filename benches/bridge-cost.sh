#!/usr/bin/env bash
# What the cross-script bridges cost (issue 6): index size and build time with and
# without the readings field, and how many extra hits readings and aliases add to the
# queries of benches/queries/bridge.txt, listing every extra hit for review.
# Usage: benches/bridge-cost.sh [CORPUS_DIR]   (default: corpus/; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=target/release/hanseek
for variant in with without; do
  flag=$([ "$variant" = without ] && echo --no-bridge || true)
  $bin index build $flag --corpus "$corpus" --index "$work/$variant" --json > "$work/$variant.json"
  $bin index stats --json --index "$work/$variant" > "$work/$variant-stats.json"
done
python3 - "$work" "$bin" <<'PY'
import json, subprocess, sys
work, binary = sys.argv[1], sys.argv[2]
for v in ("with", "without"):
    b, s = json.load(open(f"{work}/{v}.json")), json.load(open(f"{work}/{v}-stats.json"))
    print(f"index {v:7} bridges: {s['size_bytes']/1e6:.2f} MB on disk, built in {b['seconds']:.2f} s ({b['bytes']/1e6/b['seconds']:.1f} MB/s)")
queries = [q.strip() for q in open("benches/queries/bridge.txt") if q.strip() and not q.startswith("#")]
extra_total = 0
for q in queries:
    run = lambda *flags: json.loads(subprocess.run([binary, "search", "--json", "--limit", "1000", "--index", f"{work}/with", *flags, q],
                                                   capture_output=True, text=True, check=True).stdout)
    direct, bridged = run("--no-bridge"), run()
    seen = {h["id"] for h in direct["hits"]}
    extra = [h for h in bridged["hits"] if h["id"] not in seen]
    extra_total += len(extra)
    print(f"{q}: {direct['total']} direct, +{len(extra)} bridged")
    for h in extra:
        print(f"    + {h['id']}  {h['title'][:40]}  [{h.get('via')}]")
print(f"{len(queries)} queries: {extra_total} extra hits in all")
PY
