#!/usr/bin/env bash
# Runs every check and test suite and ends with one line: "N passed, N failed, N skipped".
# Checks (lint, type-check, build) count as one test each; unit + integration tests come from
# Vitest, end-to-end tests from Playwright. Exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/.."
# npm installs Node 22 as a dev dependency (better-sqlite3 13 and Vitest 5 need it); put it first.
export PATH="$PWD/node_modules/.bin:$PATH"
rm -f .vitest-results.json .playwright-results.json .checks-results.json
mkdir -p artifacts

checks=()
run_check() {
  local name=$1
  shift
  echo "=== check: $name"
  if "$@"; then checks+=("$name:passed"); else checks+=("$name:failed"); fi
}

run_check lint npm run --silent lint
run_check typecheck npm run --silent typecheck
run_check build npm run --silent build

printf '%s\n' "${checks[@]}" >.checks-results.txt

echo "=== unit + integration (vitest)"
vitest run --reporter=default --reporter=json --outputFile=.vitest-results.json

echo "=== end-to-end (playwright, Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium})"
playwright test

node scripts/summarize.mjs .checks-results.txt .vitest-results.json .playwright-results.json
