#!/usr/bin/env bash
# Issue 5's and 16's benchmark: starts a throwaway PostgreSQL (as build/test.sh does), generates 1M customers with about
# 6.4M orders (binary COPY), prints the full metrics recompute time, the in-memory LINQ baseline and their ratio, the
# BG/NBD + Gamma-Gamma fit times, and the whole dashboard snapshot build per store with each phase's time.
# Usage: bash build/bench-metrics.sh [--customers N] [--seed N] [--mode all|dashboard|incremental] [--changed 1000,10000] [--base COMMIT]
#   --mode incremental  store 1's full build with the refresh state kept, then per --changed N: a day passes with N
#                  customers' new orders in the changed-customers feed, timed as an incremental refresh and as a full build.
#   --base COMMIT  also times that commit's snapshot build on the same data, between two runs of this one (the same
#                  benchmark program, built against that commit's Core and sandbox), and says whether the snapshots agree.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

base=""
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    *) pass+=("$1"); shift ;;
  esac
done

source "$root/build/throwaway-pg.sh"
# Default memory settings apart from fsync (a throwaway server): the figures are those of a stock installation.
start_throwaway_pg "-c fsync=off"
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'CREATE DATABASE bench'
conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench;Command Timeout=0"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build build/bench/MetricsBench -c Release -nologo -v q -clp:NoSummary >/dev/null
bench="build/bench/MetricsBench/bin/Release/net10.0/MetricsBench.dll"
snapshots="$(mktemp -d /tmp/bench-snapshots.XXXXXX)"
export BENCH_SNAPSHOT_DIR="$snapshots"
echo "load: $(uptime)"
dotnet "$bench" --pg "$conn" --label branch "${pass[@]}"

if [ -n "$base" ]; then
  base_dir="$(mktemp -d /tmp/bench-base.XXXXXX)"
  git worktree add --detach "$base_dir/tree" "$base" >/dev/null 2>&1
  # The harness is this branch's program; what it times is the base commit's Core and sandbox.
  cp build/bench/MetricsBench/Program.cs "$base_dir/tree/build/bench/MetricsBench/Program.cs"
  dotnet build "$base_dir/tree/build/bench/MetricsBench" -c Release -nologo -v q -clp:NoSummary >/dev/null
  echo "load: $(uptime)"
  dotnet "$base_dir/tree/$bench" --pg "$conn" --label base --mode dashboard --reuse yes
  echo "load: $(uptime)"
  dotnet "$bench" --pg "$conn" --label branch-again --mode dashboard --reuse yes
  git worktree remove --force "$base_dir/tree" >/dev/null 2>&1 || true
  rm -rf "$base_dir"
  for s in 1 2; do
    python3 - "$snapshots/base-store$s.json" "$snapshots/branch-store$s.json" "$s" <<'PY'
import json, sys
# The snapshot contract's comparison: equal text and integers, other numbers within 1e-9 relative.
a, b = (json.load(open(f)) for f in sys.argv[1:3])
worst, diffs = 0.0, []
def walk(x, y, path):
    global worst
    if isinstance(x, dict) and isinstance(y, dict):
        if set(x) != set(y): diffs.append(path + " keys")
        for k in x:
            if k != "computedOnUtc" and k in y: walk(x[k], y[k], path + "." + k)
    elif isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y): diffs.append(path + " length"); return
        for i, (u, v) in enumerate(zip(x, y)): walk(u, v, f"{path}[{i}]")
    elif isinstance(x, float) or isinstance(y, float):
        if x is None or y is None: diffs.append(path); return
        rel = abs(x - y) / max(1.0, abs(x)); worst = max(worst, rel)
        if rel > 1e-9: diffs.append(f"{path}: {x} vs {y}")
    elif x != y: diffs.append(f"{path}: {x} vs {y}")
walk(a, b, "")
print(f"store {sys.argv[3]}: base and branch snapshots {'AGREE' if not diffs else 'DIFFER'} (largest relative difference {worst:.1e})")
for d in diffs[:20]: print("  " + d)
PY
  done
fi
rm -rf "$snapshots"
