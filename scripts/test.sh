#!/usr/bin/env bash
# The test suite, exactly as CI runs it: unit, golden, property and end-to-end tests
# (cargo), then the search page in headless Chromium (tests/browser, node + Debian's
# chromium; .ci/run installs chromium, nginx and openssl, and this script installs
# playwright-core, axe-core and the OpenAPI validators from tests/browser/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/prepare-dictionary.sh
cargo test --workspace --locked "$@"
# Installed on first use, and again whenever the lock file changed since.
if [ ! -f tests/browser/node_modules/.package-lock.json ] ||
   [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
(cd tests/browser && node --test --test-concurrency=1 page.test.mjs deploy.test.mjs openapi.test.mjs)
