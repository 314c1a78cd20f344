#!/usr/bin/env bash
# Longer versions of the relay's reliability tests: many more SIGKILLs, and the network-fault test
# repeated. Usage: bash scripts/soak.sh [kills] [fault-rounds]   (defaults: 500 kills, 10 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
KIOSK_CRASH_KILLS="${1:-500}" vitest run tests/integration/relay-crash.test.ts
for round in $(seq 1 "${2:-10}"); do
  echo "=== network faults, round $round"
  vitest run tests/integration/relay-faults.test.ts
done
