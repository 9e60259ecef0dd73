#!/usr/bin/env bash
# Issue 5's benchmark: starts a throwaway PostgreSQL (as build/test.sh does), generates 1M customers with about
# 5M orders (binary COPY), prints the full metrics recompute time, the in-memory LINQ baseline and their ratio, and
# the BG/NBD + Gamma-Gamma fit times. Usage: bash build/bench-metrics.sh [--customers N] [--seed N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

source "$root/build/throwaway-pg.sh"
# Default memory settings apart from fsync (a throwaway server): the figures are those of a stock installation.
start_throwaway_pg "-c fsync=off"
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'CREATE DATABASE bench'

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build build/bench/MetricsBench -c Release -nologo -v q -clp:NoSummary >/dev/null
dotnet build/bench/MetricsBench/bin/Release/net10.0/MetricsBench.dll \
  --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench;Command Timeout=0" "$@"
