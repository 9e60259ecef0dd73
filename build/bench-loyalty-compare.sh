#!/usr/bin/env bash
# Base vs branch loyalty bench on one throwaway PostgreSQL (fsync on), back to back: base, then this tree (ROUNDS=n repeats).
# Usage: BASE=/tmp/hot-base flock /tmp/retention-bench.lock bash build/bench-loyalty-compare.sh [entries] [customers] [awards] [lookups]
# BASE is a worktree of the base commit with this tree's build/bench/LoyaltyBench/Program.cs copied in and built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/build/throwaway-pg.sh"
find_pg_bin
start_throwaway_pg "-c shared_buffers=256MB"
rounds="${ROUNDS:-1}"
for r in $(seq 1 "$rounds"); do
  for side in base branch; do
    dir="${BASE:?set BASE to the base worktree}"; [ "$side" = branch ] && dir="$root"
    echo "== $side (round $r) uptime: $(uptime)"
    /usr/bin/time -f "cpu user %U s sys %S s, wall %e s, peak RSS %M KB" dotnet "$dir/build/bench/LoyaltyBench/bin/Release/net10.0/LoyaltyBench.dll" "$pg_conn" "$@"
  done
done
