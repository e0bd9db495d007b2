#!/usr/bin/env bash
# Fuzzes every parser and analyzer: scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Each target (fuzz/fuzz_targets/) runs SECONDS (default 60) under libFuzzer, seeded
# from the repository's own text: the bundled report, its paragraphs, the test
# fixtures, the benchmark queries and the alias file. It needs the nightly toolchain
# and cargo-fuzz (installed here if missing). The inputs libFuzzer finds stay in
# fuzz/corpus/TARGET/ for the next run; a crash or a hang (over 10 s for one input) is
# saved in fuzz/artifacts/TARGET/ and named at the end, and the script exits 1.
# docs/RELIABILITY.md records the figures of the last long run. HANSEEK_FUZZ_DEV=1
# builds without optimizations: half the build time for far fewer executions a second,
# what CI's few seconds per target want.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(report jsonl pdf_layout query analyzers snippet aliases access automatic)
scripts/prepare-dictionary.sh
command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked
# No sanitizer: the code is safe Rust, and what is looked for is panics, hangs and
# runaway memory, which libFuzzer catches itself; the build is much faster.
profile=()
[ "${HANSEEK_FUZZ_DEV:-}" = 1 ] && profile=(--dev)
(cd fuzz && cargo +nightly fuzz build -s none "${profile[@]}")

seed() { # TARGET: fills fuzz/corpus/TARGET with seeds (kept across runs)
  local dir=fuzz/corpus/$1
  mkdir -p "$dir"
  local report=corpus/kostec-weekly-2023-12-01.md
  case $1 in
    report) cp "$report" corpus/README.md "$dir/"
            head -c 4000 "$report" > "$dir/head.md"; tail -c 3000 "$report" > "$dir/tail.md" ;;
    jsonl) cp tests/fixtures/xss.jsonl "$dir/"
           printf '%s\n' '{"id":"a","title":"광둥성","body":"인공지능 产业","date":"2023-11-25"}' \
             '{"id":"a","title":"dup"}' 'not json' > "$dir/mixed.jsonl" ;;
    query) grep -v '^#' benches/queries/scale.tsv | cut -f2 | awk -v d="$dir" 'NF { print > (d "/q" NR) }'
           printf '%s' '"국가 혁신" -드론 kind:reference since:2023-11-01 title:무인기 OR 无人机' > "$dir/syntax" ;;
    analyzers) awk -v d="$dir" 'NF { print > (d "/p" NR) }' "$report" ;;
    snippet) awk -v d="$dir" 'NF { print "리튬배터리 无人机 광둥성 CASTED\n" $0 > (d "/s" NR) }' "$report" ;;
    aliases) cp aliases.txt "$dir/" ;;
    # arbitrary's (file, header) split of the bytes: the file first, then the header.
    access) printf '%s' '# team
김분석:수요일마다-보고서-읽기
script:0123456789abcdef
Basic 6rmA67aE7ISdOuyImOyalOydvOuniOuLpC3rs7Tqs6DshJwt7J296riw' > "$dir/basic"
            printf '%s' 'script:0123456789abcdef
Bearer 0123456789abcdef' > "$dir/bearer" ;;
    automatic) printf 'HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Fri, 04 Dec 2026 05:00:00 GMT\r\n\r\n' > "$dir/414"
               printf 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}' > "$dir/200" ;;
    # poppler's XML of the fixture PDFs (pdftohtml: Debian's poppler-utils); a page of
    # each, as whole reports are over -max_len.
    pdf_layout) for pdf in tests/fixtures/pdf/*/*.pdf; do
                  name=$(basename "$(dirname "$pdf")")-$(basename "$pdf" .pdf)
                  for page in 1 3 9; do
                    pdftohtml -xml -stdout -i -q -noroundcoord -wbt 20 -f $page -l $page "$pdf" > "$dir/$name-p$page.xml" || true
                  done
                done ;;
  esac
}

failed=()
printf '%-10s %12s %8s %s\n' target executions seconds result
for target in "${targets[@]}"; do
  seed "$target"
  log=fuzz/corpus/$target.log
  if (cd fuzz && cargo +nightly fuzz run -s none "${profile[@]}" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1) > "$log" 2>&1; then
    result=ok
  else
    result="FAILED: see $log and fuzz/artifacts/$target/"
    failed+=("$target")
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  took=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1)
  printf '%-10s %12s %8s %s\n' "$target" "${runs:-?}" "${took:-$seconds}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashes or hangs in: ${failed[*]}" >&2
  exit 1
fi
