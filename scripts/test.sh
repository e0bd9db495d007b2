#!/usr/bin/env bash
# The test suite, exactly as CI runs it: unit, golden, property and end-to-end tests
# (cargo), then the search page in headless Chromium (tests/browser, node + Debian's
# chromium; .ci/run installs chromium, and this script installs playwright-core from
# tests/browser/package-lock.json on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prepare-dictionary.sh
cargo test --workspace --locked "$@"
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
(cd tests/browser && node --test --test-concurrency=1 page.test.mjs deploy.test.mjs openapi.test.mjs)
