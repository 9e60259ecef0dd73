#!/usr/bin/env bash
# The loyalty benchmark (not a test): starts a throwaway PostgreSQL on 127.0.0.1 like build/test.sh, builds
# build/bench/LoyaltyBench, loads 1M ledger entries and prints median and p99 of the order-paid award path and the
# balance lookup as a Markdown table (docs/benchmarks-loyalty.md holds the last figures).
# Usage: bash build/bench-loyalty.sh [entries] [customers] [awards] [lookups]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '[bench] %s\n' "$*" >&2; }

source "$root/build/throwaway-pg.sh"
if ! find_pg_bin; then
  [ "$(id -u)" -eq 0 ] || { echo "PostgreSQL is not installed (run as root, or install the postgresql package)" >&2; exit 1; }
  log "installing postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# Durable settings (fsync on, unlike the test server): the award path's commit is part of what is measured.
start_throwaway_pg "-c shared_buffers=256MB"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building build/bench/LoyaltyBench"
dotnet build build/bench/LoyaltyBench -c Release -nologo -v q -clp:NoSummary >&2
dotnet build/bench/LoyaltyBench/bin/Release/net10.0/LoyaltyBench.dll \
  "$pg_conn" "$@"
