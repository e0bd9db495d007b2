#!/usr/bin/env bash
# hanseek and Lucene 8.7 (the engine under Elasticsearch 7) side by side, on one machine,
# the same documents and the same queries:
#
#   benches/peers/run.sh [ARTICLES] [ROUNDS]      (defaults: 10000 articles, 3 rounds)
#
# 1. Installs the peer from Debian (liblucene8-java; the JDK is on the machine) and
#    compiles LuceneBench.java; builds hanseek (release).
# 2. Makes the seeded synthetic archive (`hanseek corpus synth --seed 1`) and exports
#    the documents hanseek indexes for the peer (`corpus inspect --json --body` →
#    export.py).
# 3. Builds each index with the same thread count (HANSEEK_PEERS_THREADS, default 2),
#    one after the other: hanseek, Lucene multi-field (nori + smartcn + CJK bigrams),
#    Lucene nori alone. MB/s is the corpus's bytes over each engine's own build time
#    (hanseek's summary; Lucene's from opening the writer to its commit).
# 4. Runs benches/queries/scale.tsv ROUNDS times, the three alternating within each
#    round: warm-up (the JVM's JIT needs long: WARMUP rounds of the set, 300 by
#    default), then ITERATIONS timed passes (100), at 1 thread and at 2 threads.
# 5. Prints the tables (also saved as WORK/table.md): build MB/s, index size, p50/p95/p99
#    per class (medians over rounds) and QPS at 1 and 2 threads, and hanseek's ratio;
#    then the same job: hanseek with each word in its own script only (`--no-bridge`),
#    as the peer's fields match, against the peer.
#
# Not part of CI (minutes at 10^4 articles, ~20 at 10^5). Work files go to
# HANSEEK_PEERS_WORK (default /tmp/hanseek-peers); BENCHMARKS.md quotes the table.
set -euo pipefail
cd "$(dirname "$0")/../.."
articles=${1:-10000}
rounds=${2:-3}
threads=${HANSEEK_PEERS_THREADS:-2}
warmup=${HANSEEK_PEERS_WARMUP:-300}
iterations=${HANSEEK_PEERS_ITERATIONS:-100}
work=${HANSEEK_PEERS_WORK:-/tmp/hanseek-peers}
queries=benches/queries/scale.tsv
mkdir -p "$work"

jars=/usr/share/java
if [ ! -f $jars/lucene-core-8.7.0.jar ] || [ ! -f $jars/lucene-analyzers-nori-8.7.0.jar ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblucene8-java > /dev/null
fi
classpath=$(printf "$jars/lucene-%s-8.7.0.jar:" core analyzers-common analyzers-nori analyzers-smartcn queryparser)
javac -d "$work/classes" -cp "$classpath" benches/peers/LuceneBench.java
lucene() { java -Xms2g -Xmx4g -cp "$classpath$work/classes" LuceneBench "$@"; }

scripts/prepare-dictionary.sh
cargo build --release --locked -q
hanseek=target/release/hanseek

corpus=$work/corpus-$articles
[ -d "$corpus" ] || $hanseek corpus synth --articles "$articles" --seed 1 --out "$corpus" > /dev/null
documents=$work/documents-$articles.tsv
[ -f "$documents" ] || $hanseek corpus inspect --json --body "$corpus" | python3 benches/peers/export.py > "$documents"
# (-L: the corpus may be a link to an archive made earlier.)
corpus_bytes=$(find -L "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $articles articles, $((corpus_bytes / 1000000)) MB; $threads build threads" >&2
echo "building hanseek" >&2
rm -rf "$work/hanseek-index"
$hanseek index build --json --threads "$threads" --corpus "$corpus" --index "$work/hanseek-index" > "$work/build-hanseek.json"
for setting in multi nori; do
  echo "building Lucene ($setting)" >&2
  rm -rf "$work/lucene-$setting"
  lucene index "$setting" "$documents" "$work/lucene-$setting" "$threads" > "$work/build-lucene-$setting.json"
done

for round in $(seq 1 "$rounds"); do
  for t in 1 2; do
    echo "round $round, $t query thread(s)" >&2
    $hanseek bench --json --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
      --iterations "$iterations" --threads "$t" > "$work/query-hanseek-$t-$round.json"
    $hanseek bench --json --no-bridge --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
      --iterations "$iterations" --threads "$t" > "$work/query-hanseek-same-script-$t-$round.json"
    for setting in multi nori; do
      lucene query "$setting" "$work/lucene-$setting" "$queries" "$warmup" "$iterations" "$t" \
        > "$work/query-lucene-$setting-$t-$round.json"
    done
  done
done

python3 - "$work" "$rounds" "$corpus_bytes" <<'EOF' | tee "$work/table.md"
import json, os, statistics, subprocess, sys
work, rounds, corpus_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
engines = [("hanseek", "hanseek", "hanseek-index"), ("Lucene multi-field", "lucene-multi", "lucene-multi"),
           ("Lucene nori", "lucene-nori", "lucene-nori")]
# hanseek without its cross-script bridge: each word matches its own script only, the
# job the peer's fields do (a Chinese word does not find the Korean text of its reading).
same_script = ("hanseek, same script only (--no-bridge)", "hanseek-same-script", "hanseek-index")
def size(path):
    return int(subprocess.run(["du", "-sb", os.path.join(work, path)], capture_output=True, text=True).stdout.split()[0])
def load(name):
    return json.load(open(os.path.join(work, name)))
print("| engine | build s | MB/s | index MB |")
print("|---|---|---|---|")
mbs = {}
for label, key, index in engines:
    seconds = load(f"build-{key}.json")["seconds"]
    mbs[key] = corpus_bytes / 1e6 / seconds
    print(f"| {label} | {seconds:.1f} | {mbs[key]:.2f} | {size(index) / 1e6:.0f} |")
print()
runs = {key: {t: [load(f"query-{key}-{t}-{r}.json") for r in range(1, rounds + 1)] for t in (1, 2)}
        for _, key, _ in engines + [same_script]}
classes = list(runs["hanseek"][1][0]["classes"].keys()) + ["overall"]
def stat(key, t, cls, field):
    values = [(run["overall"] if cls == "overall" else run["classes"][cls])[field] for run in runs[key][t]]
    return statistics.median(values)
print("| class | engine | p50 ms | p95 ms | p99 ms | QPS 1 thread | QPS 2 threads | mean hits | hanseek faster at p50 / p99 |")
print("|---|---|---|---|---|---|---|---|---|")
for cls in classes:
    for label, key, _ in engines:
        p50, p95, p99 = (stat(key, 1, cls, f) for f in ("p50_ms", "p95_ms", "p99_ms"))
        ratio = ""
        if key != "hanseek":
            ratio = f"{p50 / stat('hanseek', 1, cls, 'p50_ms'):.1f}× / {p99 / stat('hanseek', 1, cls, 'p99_ms'):.1f}×"
        print(f"| {cls} | {label} | {p50:.3f} | {p95:.3f} | {p99:.3f} | {stat(key, 1, cls, 'qps'):.0f} | "
              f"{stat(key, 2, cls, 'qps'):.0f} | {stat(key, 1, cls, 'mean_hits'):.0f} | {ratio} |")
print()
print("The same job: hanseek matching each word in its own script only, against the peer.")
print()
print("| class | hanseek same-script p50 / p99 ms | mean hits | multi-field ÷ it, p50 / p99 | nori ÷ it, p50 / p99 |")
print("|---|---|---|---|---|")
key = same_script[1]
for cls in classes:
    p50, p99 = stat(key, 1, cls, "p50_ms"), stat(key, 1, cls, "p99_ms")
    ratios = [f"{stat(peer, 1, cls, 'p50_ms') / p50:.1f}× / {stat(peer, 1, cls, 'p99_ms') / p99:.1f}×"
              for peer in ("lucene-multi", "lucene-nori")]
    print(f"| {cls} | {p50:.3f} / {p99:.3f} | {stat(key, 1, cls, 'mean_hits'):.0f} | {ratios[0]} | {ratios[1]} |")
EOF
