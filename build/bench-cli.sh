#!/usr/bin/env bash
# Issue 16's CLI benchmark: `retention metrics --orders FILE --as-of D` and `retention clv --orders FILE …` on a
# generated export of 5M order rows (1M customers, ~270 MB), run by a base commit's build and by this tree's build in
# the same run. Checks that both print the same JSON, and prints wall, CPU (user+sys), peak RSS, the reading speed and
# the ratios, with the load average beside each figure.
# Usage: bash build/bench-cli.sh [--base COMMIT] [--rows N] [--customers N] [--runs N] [--no-clv]
#   --base: the commit to compare with (default: the merge base of HEAD and main). BENCH_DIR keeps the file and the
#   base build between runs (default: a temporary folder removed at the end).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

base="" rows=5000000 customers=1000000 runs=1 clv=1
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --customers) customers="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-clv) clv=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
base="${base:-$(git merge-base HEAD main)}"
keep="${BENCH_DIR:-}"
dir="${BENCH_DIR:-$(mktemp -d /tmp/bench-cli.XXXXXX)}"
mkdir -p "$dir"
cleanup() {
  [ -n "$keep" ] && return
  git worktree remove --force "$dir/base-tree" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
file="$dir/orders-$rows.csv"
if [ ! -s "$file" ]; then
  echo "generating $rows rows for $customers customers into $file"
  dotnet build build/bench/CliBench -c Release -nologo -v q -clp:NoSummary >/dev/null
  dotnet build/bench/CliBench/bin/Release/net10.0/CliBench.dll --rows "$rows" --customers "$customers" --seed 16 --out "$file"
fi
bytes=$(stat -L -c %s "$file")

echo "building base $base and this tree"
if [ "$(git -C "$dir/base-tree" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$base")" ]; then
  git worktree remove --force "$dir/base-tree" >/dev/null 2>&1 || true
  git worktree add --detach "$dir/base-tree" "$base" >/dev/null 2>&1
fi
dotnet build "$dir/base-tree/build/Retention.Sandbox" -c Release -nologo -v q -clp:NoSummary >/dev/null
dotnet build build/Retention.Sandbox -c Release -nologo -v q -clp:NoSummary >/dev/null
declare -A dll=([base]="$dir/base-tree/build/Retention.Sandbox/bin/Release/net10.0/retention.dll"
                [new]="$root/build/Retention.Sandbox/bin/Release/net10.0/retention.dll")

# One run: prints "wall cpu rss_mb read_s" (read_s from the CLI's own timing line, "-" for clv).
measure() {
  local name="$1" out="$2"; shift 2
  local err="$out.err" time="$out.time"
  RETENTION_CLI_TIMING=1 /usr/bin/time -v -o "$time" dotnet "${dll[$name]}" "$@" >"$out" 2>"$err"
  local wall cpu rss read
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$time")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$time")
  read=$(sed -n 's/.*timing: read [0-9]* orders in \([0-9.]*\) s.*/\1/p' "$err" | head -1)
  readcpu=$(sed -n 's/.*timing: read .*(\([0-9.]*\) s CPU since start).*/\1/p' "$err" | head -1)
  echo "$wall $cpu $rss ${read:--} ${readcpu:--}"
}

report() {
  local what="$1" name="$2" figures="$3" load="$4"
  read -r wall cpu rss readsec readcpu <<<"$figures"
  local reading=""
  # The CLI's timing line: the reading's wall seconds and the process's CPU seconds at its end (start-up included).
  # (The base commit's line may lack the CPU figure.)
  [ "$readsec" != "-" ] && reading=$(awk -v b="$bytes" -v s="$readsec" -v c="$readcpu" \
    'BEGIN {printf "  read %.2f s wall = %.0f MB/s", s, b/1e6/s; if (c + 0 > 0) printf ", %.2f s CPU = %.0f MB/s per CPU second", c, b/1e6/c}')
  printf '%-8s %-5s wall %7.2f s  cpu %7.2f s  peak rss %5d MB%s  load %s\n' "$what" "$name" "$wall" "$cpu" "$rss" "$reading" "$load"
}

commands=(metrics)
[ "$clv" = 1 ] && commands+=(clv)
for run in $(seq 1 "$runs"); do
  for command in "${commands[@]}"; do
    if [ "$command" = metrics ]; then
      args=(metrics --orders "$file" --as-of 2025-01-01)
    else
      args=(clv --orders "$file" --calibration-end 2024-12-31 --time-unit week)
    fi
    declare -A figures=()
    # Base and this tree back to back under one lock, so two benchmarks never overlap.
    exec 9>/tmp/retention-bench.lock
    flock 9
    for name in base new; do
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      figures[$name]=$(measure "$name" "$dir/$command-$name.json" "${args[@]}")
      report "$command" "$name" "${figures[$name]}" "$load"
    done
    flock -u 9
    if cmp -s "$dir/$command-base.json" "$dir/$command-new.json"; then
      echo "$command: identical JSON ($(wc -c <"$dir/$command-new.json") bytes)"
    else
      echo "$command: the JSON differs" >&2
      diff "$dir/$command-base.json" "$dir/$command-new.json" | head -20 >&2
      exit 1
    fi
    read -r bw bc br _ <<<"${figures[base]}"
    read -r nw nc nr _ <<<"${figures[new]}"
    awk -v bw="$bw" -v nw="$nw" -v bc="$bc" -v nc="$nc" -v br="$br" -v nr="$nr" -v c="$command" \
      'BEGIN {printf "%s ratio base/new: wall %.1f, cpu %.1f, peak memory %.1f\n", c, bw/nw, bc/nc, br/nr}'
  done
done
