#!/usr/bin/env bash
# Issue 4's benchmark: starts a throwaway PostgreSQL (build/throwaway-pg.sh), fills it with 1M customers, 1M cart lines
# and 1M enrollments of which 10k are due (binary COPY), prints the plans (EXPLAIN ANALYZE) and times of the due-step
# query and the abandoned-cart scan with their in-memory LINQ baselines, and the time of WorkflowProgram.RunAsync over
# the 10k due steps (EF outbox). Usage: bash build/bench-workflows.sh [--customers N] [--cart-lines N] [--enrollments N] [--due N] [--seed N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source "$root/build/throwaway-pg.sh"
# Default memory settings apart from fsync (a throwaway server): the figures are those of a stock installation.
start_throwaway_pg "-c fsync=off"
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'CREATE DATABASE bench'

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build build/bench/WorkflowBench -c Release -nologo -v q -clp:NoSummary >/dev/null
dotnet build/bench/WorkflowBench/bin/Release/net10.0/WorkflowBench.dll \
  --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench;Command Timeout=0" "$@"
