#!/usr/bin/env bash
# Regenerates crates/analysis/data/jieba-han-words.txt from the dictionary that the
# jieba-rs crate embeds (fetch it first: `cargo fetch`). Only words made of Han
# characters are kept (they are the only ones that can occur inside a Han run), with
# their frequencies; the first line is the total frequency of the WHOLE dictionary,
# which jieba's segmentation depends on. See crates/analysis/src/chinese.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(grep -A1 '^name = "jieba-rs"' Cargo.lock | grep -o '[0-9][0-9.]*')
dict=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/jieba-rs-"$version"/src/data/dict.txt | head -1)
out=crates/analysis/data/jieba-han-words.txt
{
  echo "# jieba-rs $version dict.txt (MIT licence), Han-only words; first number: total frequency"
  awk '{s += $2} END {print s}' "$dict"
  LC_ALL=C.UTF-8 grep -P '^\p{Han}+ ' "$dict" | awk '{print $1, $2}'
} > "$out"
wc -l "$out"
