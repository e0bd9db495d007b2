#!/usr/bin/env bash
# The test suite, exactly as CI runs it: unit, golden, property and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prepare-dictionary.sh
cargo test --workspace --locked "$@"
