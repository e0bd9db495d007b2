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
#    one after the other: hanseek, hanseek --no-pairs, Lucene multi-field (nori +
#    smartcn + CJK bigrams), Lucene nori alone; HANSEEK_PEERS_BUILD_ROUNDS times (1),
#    alternating. MB/s is the corpus's bytes over each engine's own build time
#    (hanseek's summary; Lucene's from opening the writer to its commit).
# 4. Runs benches/queries/scale.tsv ROUNDS times, the engines alternating within each
#    round: warm-up (the JVM's JIT needs long: WARMUP rounds of the set, 300 by
#    default), then ITERATIONS timed passes (100), at 1 thread and at 2 threads.
# 5. Prints the tables (also saved as WORK/table.md): build MB/s, index size, p50/p95/p99
#    per class (medians over rounds) and QPS at 1 and 2 threads, and hanseek's ratio;
#    then the same job: hanseek with each word in its own script only (`--no-bridge`),
#    as the peer's fields match, against the peer; hanseek without the pairs field,
#    against the peer; then exact totals on both sides:
#    the peer counting every match (`LuceneBench … exact`, EXACT_WARMUP 100 and
#    EXACT_ITERATIONS 50 passes at 1 thread) and hanseek too (`bench --exact-total`;
#    by default hanseek counts to 10,000, as Elasticsearch, and the peer to Lucene's
#    1,000); then one bound on both sides: the peer counting to 10,000 too
#    (`LuceneBench … up-to=10000`, Elasticsearch's default `track_total_hits`) and
#    hanseek to 1,000 too (`bench --total-up-to 1000`).
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
build_rounds=${HANSEEK_PEERS_BUILD_ROUNDS:-1}
exact_warmup=${HANSEEK_PEERS_EXACT_WARMUP:-100}
exact_iterations=${HANSEEK_PEERS_EXACT_ITERATIONS:-50}
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
# Builds alternate engine by engine, BUILD_ROUNDS times (each round replaces the
# indexes); the table gives each engine's median and range. HANSEEK_PEERS_QUERIES_ONLY=1
# keeps the indexes and build figures of an earlier run in WORK (a change of the
# query code only: the table then quotes those builds).
[ -n "${HANSEEK_PEERS_QUERIES_ONLY:-}" ] && build_rounds_run=0 || build_rounds_run=$build_rounds
for b in $(seq 1 "$build_rounds_run"); do
  echo "build round $b: hanseek" >&2
  rm -rf "$work/hanseek-index"
  $hanseek index build --json --threads "$threads" --corpus "$corpus" --index "$work/hanseek-index" \
    > "$work/build-hanseek-$b.json"
  # Without the word-pair field: phrases check positions instead (the build's third
  # that the pairs cost, against the phrase latency they buy).
  echo "build round $b: hanseek --no-pairs" >&2
  rm -rf "$work/hanseek-no-pairs-index"
  $hanseek index build --json --no-pairs --threads "$threads" --corpus "$corpus" \
    --index "$work/hanseek-no-pairs-index" > "$work/build-hanseek-no-pairs-$b.json"
  for setting in multi nori; do
    echo "build round $b: Lucene ($setting)" >&2
    rm -rf "$work/lucene-$setting"
    lucene index "$setting" "$documents" "$work/lucene-$setting" "$threads" > "$work/build-lucene-$setting-$b.json"
  done
done

for round in $(seq 1 "$rounds"); do
  for t in 1 2; do
    echo "round $round, $t query thread(s)" >&2
    $hanseek bench --json --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
      --iterations "$iterations" --threads "$t" > "$work/query-hanseek-$t-$round.json"
    $hanseek bench --json --no-bridge --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
      --iterations "$iterations" --threads "$t" > "$work/query-hanseek-same-script-$t-$round.json"
    $hanseek bench --json --index "$work/hanseek-no-pairs-index" --queries "$queries" --warmup 3 \
      --iterations "$iterations" --threads "$t" > "$work/query-hanseek-no-pairs-$t-$round.json"
    for setting in multi nori; do
      lucene query "$setting" "$work/lucene-$setting" "$queries" "$warmup" "$iterations" "$t" \
        > "$work/query-lucene-$setting-$t-$round.json"
    done
  done
  # Exact totals: both without skipping what cannot reach the page.
  echo "round $round, every total counted exactly" >&2
  $hanseek bench --json --exact-total --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
    --iterations "$iterations" > "$work/query-hanseek-exact-1-$round.json"
  $hanseek bench --json --exact-total --no-bridge --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
    --iterations "$iterations" > "$work/query-hanseek-same-script-exact-1-$round.json"
  for setting in multi nori; do
    lucene query "$setting" "$work/lucene-$setting" "$queries" "$exact_warmup" "$exact_iterations" 1 exact \
      > "$work/query-lucene-$setting-exact-1-$round.json"
  done
  # One bound on both sides: the peer counting to 10,000 (Elasticsearch's default
  # track_total_hits, hanseek's bound), and hanseek counting to 1,000 (Lucene's own).
  echo "round $round, totals counted to one bound on both sides" >&2
  for setting in multi nori; do
    lucene query "$setting" "$work/lucene-$setting" "$queries" "$warmup" "$iterations" 1 up-to=10000 \
      > "$work/query-lucene-$setting-upto10000-1-$round.json"
  done
  $hanseek bench --json --total-up-to 1000 --index "$work/hanseek-index" --queries "$queries" --warmup 3 \
    --iterations "$iterations" > "$work/query-hanseek-upto1000-1-$round.json"
done

python3 - "$work" "$rounds" "$corpus_bytes" "$build_rounds" <<'EOF' | tee "$work/table.md"
import json, os, statistics, subprocess, sys
work, rounds, corpus_bytes, build_rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
engines = [("hanseek", "hanseek", "hanseek-index"), ("Lucene multi-field", "lucene-multi", "lucene-multi"),
           ("Lucene nori", "lucene-nori", "lucene-nori")]
# hanseek without its cross-script bridge: each word matches its own script only, the
# job the peer's fields do (a Chinese word does not find the Korean text of its reading).
same_script = ("hanseek, same script only (--no-bridge)", "hanseek-same-script", "hanseek-index")
no_pairs = ("hanseek --no-pairs", "hanseek-no-pairs", "hanseek-no-pairs-index")
def size(path):
    return int(subprocess.run(["du", "-sb", os.path.join(work, path)], capture_output=True, text=True).stdout.split()[0])
def load(name):
    return json.load(open(os.path.join(work, name)))
print("| engine | build s (median) | range | MB/s | multi-field's build ÷ it | index MB |")
print("|---|---|---|---|---|---|")
builds = {key: [load(f"build-{key}-{b}.json")["seconds"] for b in range(1, build_rounds + 1)]
          for _, key, _ in engines + [no_pairs]}
for label, key, index in engines[:1] + [no_pairs] + engines[1:]:
    seconds = statistics.median(builds[key])
    mbs = corpus_bytes / 1e6 / seconds
    print(f"| {label} | {seconds:.1f} | {min(builds[key]):.1f}–{max(builds[key]):.1f} | {mbs:.2f} | "
          f"{statistics.median(builds['lucene-multi']) / seconds:.2f}× | {size(index) / 1e6:.0f} |")
print()
runs = {key: {t: [load(f"query-{key}-{t}-{r}.json") for r in range(1, rounds + 1)] for t in (1, 2)}
        for _, key, _ in engines + [same_script, no_pairs]}
for key in ("lucene-multi", "lucene-nori", "hanseek", "hanseek-same-script"):
    runs[key + "-exact"] = {1: [load(f"query-{key}-exact-1-{r}.json") for r in range(1, rounds + 1)]}
for key in ("lucene-multi-upto10000", "lucene-nori-upto10000", "hanseek-upto1000"):
    runs[key] = {1: [load(f"query-{key}-1-{r}.json") for r in range(1, rounds + 1)]}
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
def against_peer(title, label, key):
    print(title)
    print()
    print(f"| class | {label} p50 / p99 ms | mean hits | multi-field ÷ it, p50 / p99 | nori ÷ it, p50 / p99 |")
    print("|---|---|---|---|---|")
    for cls in classes:
        p50, p99 = stat(key, 1, cls, "p50_ms"), stat(key, 1, cls, "p99_ms")
        ratios = [f"{stat(peer, 1, cls, 'p50_ms') / p50:.1f}× / {stat(peer, 1, cls, 'p99_ms') / p99:.1f}×"
                  for peer in ("lucene-multi", "lucene-nori")]
        print(f"| {cls} | {p50:.3f} / {p99:.3f} | {stat(key, 1, cls, 'mean_hits'):.0f} | {ratios[0]} | {ratios[1]} |")
    print()
against_peer("The same job: hanseek matching each word in its own script only, against the peer.",
             "hanseek same-script", same_script[1])
against_peer("hanseek without the word-pair field (`index build --no-pairs`), against the peer.",
             "hanseek --no-pairs", no_pairs[1])
key = same_script[1] + "-exact"
print("Exact totals on both sides: each counting every match (`bench --exact-total`; 1 thread).")
print()
print("| class | hanseek p50 / p99 ms | multi-field exact p50 / p99 ms | nori exact p50 / p99 ms "
      "| hanseek faster (multi / nori) at p50 | at p99 | same script only: faster (multi / nori) at p50 | at p99 |")
print("|---|---|---|---|---|---|---|---|")
for cls in classes:
    ours = {k: (stat(k, 1, cls, "p50_ms"), stat(k, 1, cls, "p99_ms")) for k in ("hanseek-exact", key)}
    peers = [(stat(p, 1, cls, "p50_ms"), stat(p, 1, cls, "p99_ms")) for p in ("lucene-multi-exact", "lucene-nori-exact")]
    def faster(k, i):
        return " / ".join(f"{p[i] / ours[k][i]:.1f}×" for p in peers)
    print(f"| {cls} | {ours['hanseek-exact'][0]:.3f} / {ours['hanseek-exact'][1]:.3f} | {peers[0][0]:.3f} / {peers[0][1]:.3f} | "
          f"{peers[1][0]:.3f} / {peers[1][1]:.3f} | {faster('hanseek-exact', 0)} | {faster('hanseek-exact', 1)} | "
          f"{faster(key, 0)} | {faster(key, 1)} |")
print()
print("One bound on both sides (1 thread): counting to 10,000 — Elasticsearch's default `track_total_hits`, "
      "hanseek's default — and to 1,000, Lucene's own (`IndexSearcher.search(query, 10)`, the main table's peer; "
      "hanseek `bench --total-up-to 1000`).")
print()
print("| class | hanseek to 10,000 p50 / p99 ms | multi-field to 10,000 | nori to 10,000 | hanseek faster (multi / nori) at p50 | at p99 "
      "| hanseek to 1,000 | multi-field to 1,000 | nori to 1,000 | hanseek faster (multi / nori) at p50 | at p99 |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for cls in classes:
    def pair(k):
        return stat(k, 1, cls, "p50_ms"), stat(k, 1, cls, "p99_ms")
    cells = []
    for ours, peers in (("hanseek", ("lucene-multi-upto10000", "lucene-nori-upto10000")),
                        ("hanseek-upto1000", ("lucene-multi", "lucene-nori"))):
        o, ps = pair(ours), [pair(p) for p in peers]
        cells += [f"{o[0]:.3f} / {o[1]:.3f}"] + [f"{p[0]:.3f} / {p[1]:.3f}" for p in ps]
        cells += [" / ".join(f"{p[i] / o[i]:.1f}×" for p in ps) for i in (0, 1)]
    print(f"| {cls} | " + " | ".join(cells) + " |")
EOF
