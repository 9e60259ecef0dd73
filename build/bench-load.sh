#!/usr/bin/env bash
# Issue 6's load test: wrk on loopback against the sandbox serving a PostgreSQL database of 1M demo customers.
# Installs wrk if missing, starts a throwaway PostgreSQL (build/throwaway-pg.sh), loads the database with
# build/bench/LoadBench (the demo generator and binary COPY, ledger and tiers derived from the orders), starts the
# Release sandbox on a free loopback port with the workflow loop off, waits for the dashboard snapshot, warms up, then
# runs wrk --latency at concurrency 1…256 against the checkout widget JSON (random customers) and the dashboard JSON.
# Prints one Markdown table per endpoint (docs/benchmarks-load.md holds the last figures), then checks that both
# endpoints answer the same JSON shape as a default demo store (SQLite, 20,000 customers; skip with --no-shape).
# Usage: flock /tmp/retention-bench.lock bash build/bench-load.sh [--customers N] [--duration SECONDS] [--levels "1 2 4"] [--no-shape]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '[load] %s\n' "$*" >&2; }

customers=1000000 duration=20 levels="1 2 4 8 16 32 64 128 256" seed=20240601 as_of=2026-01-01 shape=1
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) customers="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --levels) levels="$2"; shift 2 ;;
    --no-shape) shape=0; shift ;;
    *) echo "unknown option '$1' (--customers N, --duration SECONDS, --levels \"1 2 4\", --no-shape)" >&2; exit 2 ;;
  esac
done

# --- 1. wrk and PostgreSQL (Debian packages) --------------------------------------------------------------------------
source "$root/build/throwaway-pg.sh"
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
find_pg_bin || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing ${need[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work="$(mktemp -d /tmp/retention-load.XXXXXX)"
sandbox_pid="" demo_pid=""
cleanup() {
  for pid in $sandbox_pid $demo_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  stop_throwaway_pg
  rm -rf "$work"
}
# Default memory settings apart from fsync (a throwaway server), as the other benchmarks.
start_throwaway_pg "-c fsync=off"
trap cleanup EXIT
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'CREATE DATABASE load'
conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=load"

# --- 2. The database ----------------------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building build/bench/LoadBench and the sandbox (Release)"
dotnet build build/bench/LoadBench -c Release -nologo -v q -clp:NoSummary >&2
log "loading $customers customers (uptime: $(uptime))"
start=$SECONDS
dotnet build/bench/LoadBench/bin/Release/net10.0/LoadBench.dll --pg "$conn;Command Timeout=0" --customers "$customers" --seed "$seed" --as-of "$as_of"
echo "load: $((SECONDS - start)) s wall clock including the .NET start (uptime: $(uptime))"
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d load -At -F ' ' -c \
  "SELECT 'rows: customers ' || (SELECT count(*) FROM \"Customers\") || ', orders ' || (SELECT count(*) FROM \"Orders\") ||
          ', cart items ' || (SELECT count(*) FROM \"CartItems\") || ', ledger entries ' || (SELECT count(*) FROM \"PointsLedger\") ||
          ', database ' || pg_size_pretty(pg_database_size('load'))"

# --- 3. The sandbox -----------------------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# Waits for a sandbox started in the background to answer /api/health; $1 pid, $2 base URL, $3 log, $4 seconds.
wait_for_sandbox() {
  for _ in $(seq 1 "$4"); do
    curl -fs "$2/api/health" >/dev/null 2>&1 && return 0
    kill -0 "$1" 2>/dev/null || { cat "$3" >&2; exit 1; }
    sleep 1
  done
  echo "the sandbox did not answer on $2" >&2; cat "$3" >&2; exit 1
}
port="$(free_port)"
base="http://127.0.0.1:$port"
sandbox=(dotnet build/Retention.Sandbox/bin/Release/net10.0/retention.dll --workflow-interval 0 --as-of "$as_of")
"${sandbox[@]}" --pg "$conn" --customers "$customers" --seed "$seed" --port "$port" --data "$work/data" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
wait_for_sandbox "$sandbox_pid" "$base" "$work/sandbox.log" 120
grep -q "Using the existing demo data" "$work/sandbox.log" || { echo "the sandbox rebuilt the database instead of using it" >&2; cat "$work/sandbox.log" >&2; exit 1; }
log "sandbox up on $base"

# The snapshot is built once, in the background from start-up; a request waits for it. This first, uncached build is
# timed here and not part of the series.
start=$SECONDS
curl -fs --max-time 3600 -o "$work/dashboard.json" "$base/api/admin/dashboard?store=1" \
  || { echo "the dashboard snapshot failed" >&2; cat "$work/sandbox.log" >&2; exit 1; }
echo "dashboard snapshot ready $((SECONDS - start)) s after the sandbox answered ($(wc -c <"$work/dashboard.json") bytes; uptime: $(uptime))"
curl -fs -o "$work/checkout.json" "$base/api/shop/checkout?customer=$((customers / 2))"
echo "checkout sample: $(head -c 600 "$work/checkout.json")"

lua="$root/build/bench/LoadBench/random-customer.lua"
export LOAD_CUSTOMERS="$customers" LOAD_PATH="/api/shop/checkout?customer="
log "warming up (JIT, connection pool, PostgreSQL cache)"
wrk -t 2 -c 8 -d 10s -s "$lua" "$base" >/dev/null
wrk -t 2 -c 8 -d 5s "$base/api/admin/dashboard?store=1" >/dev/null

# --- 4. The series ------------------------------------------------------------------------------------------------------
# wrk's latency in ms, whatever unit it printed.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# CPU seconds (user + system) used so far by the sandbox and by this run's PostgreSQL (server and backends): per request,
# the one figure the other jobs on a shared machine do not move much, unlike requests/s.
tick="$(getconf CLK_TCK)"
cpu_ticks() {
  local postmaster total=0 p
  postmaster="$(head -1 "$pg_dir/data/postmaster.pid")"
  for p in "$sandbox_pid" "$postmaster" $(pgrep -P "$postmaster"); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$total"
}

series() {
  local name="$1" url="$2" script="$3" first_p99="" best_rps=0 degraded=""
  echo
  echo "### $name — $url"
  echo "uptime before: $(uptime)"
  echo
  echo "| concurrency | requests/s | p50 ms | p99 ms | errors / non-2xx | CPU ms/request | |"
  echo "|---:|---:|---:|---:|---:|---:|---|"
  for c in $levels; do
    local threads=$(( c < 2 ? c : 2 )) out="$work/wrk-$name-$c.txt" before after
    before="$(cpu_ticks)"
    wrk -t "$threads" -c "$c" -d "${duration}s" --latency --timeout 10s ${script:+-s "$script"} "$url" >"$out" 2>&1 || true
    after="$(cpu_ticks)"
    local rps p50 p99 non2xx errors cpu mark=""
    cpu="$(awk -v a="$before" -v b="$after" -v t="$tick" '/ requests in / { if ($1 > 0) printf "%.2f", (b - a) * 1000 / t / $1 }' "$out")"
    rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
    p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
    p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")"
    errors="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$out")"
    [ -n "$first_p99" ] || first_p99="$p99"
    # Degraded: p99 above ten times its one-connection value, or throughput no longer rising (< 5 % over the best so far).
    if awk -v p="$p99" -v f="$first_p99" 'BEGIN { exit !(p > 10 * f) }'; then mark="p99 > 10× c=1"; fi
    if [ "$c" != "${levels%% *}" ] && awk -v r="${rps:-0}" -v b="$best_rps" 'BEGIN { exit !(r < 1.05 * b) }'; then
      mark="${mark:+$mark; }throughput flat"
    fi
    if [ -n "$mark" ] && [ -z "$degraded" ]; then degraded="$c"; mark="**degrades here:** $mark"; fi
    awk -v r="${rps:-0}" -v b="$best_rps" 'BEGIN { exit !(r > b) }' && best_rps="$rps"
    echo "| $c | ${rps:-?} | $p50 | $p99 | ${errors:-0} / ${non2xx:-0} | ${cpu:-?} | $mark |"
  done
  echo
  echo "uptime after: $(uptime)"
  echo "degradation point: ${degraded:-none within $levels}"
}

echo
echo "## Load: $customers customers, ${duration} s per point, wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $(nproc) cores"
series checkout "$base" "$lua"
series dashboard "$base/api/admin/dashboard?store=1" ""
echo "sandbox log lines mentioning fail/exception/error: $(grep -ciE 'fail|exception|error' "$work/sandbox.log" || true)"

# --- 5. Same JSON shape as the demo store -------------------------------------------------------------------------------
if [ "$shape" = 1 ]; then
  kill "$sandbox_pid"; wait "$sandbox_pid" 2>/dev/null || true; sandbox_pid=""
  demo_port="$(free_port)"
  demo_base="http://127.0.0.1:$demo_port"
  log "starting a default demo sandbox (SQLite) on $demo_base to compare the JSON shapes"
  "${sandbox[@]}" --data "$work/demo" --port "$demo_port" >"$work/demo.log" 2>&1 &
  demo_pid=$!
  wait_for_sandbox "$demo_pid" "$demo_base" "$work/demo.log" 600
  curl -fs --max-time 600 -o "$work/demo-dashboard.json" "$demo_base/api/admin/dashboard?store=1"
  curl -fs -o "$work/demo-checkout.json" "$demo_base/api/shop/checkout?customer=10000"
  echo
  status=0
  for name in checkout dashboard; do
    compared="$(python3 "$root/build/bench/LoadBench/json-shape.py" "$work/$name.json" "$work/demo-$name.json")" || status=1
    echo "shape of $name, $customers-customer store vs the demo store: ${compared//$'\n'/; }"
  done
  [ "$status" = 0 ] || { echo "the endpoints answer a different JSON shape on the large store" >&2; exit 1; }
fi

# Keep the raw wrk output next to the table when asked to.
[ -z "${LOAD_KEEP:-}" ] || cp -r "$work" "$LOAD_KEEP"
