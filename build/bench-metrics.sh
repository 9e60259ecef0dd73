#!/usr/bin/env bash
# Issue 5's benchmark: starts a throwaway PostgreSQL (as build/test.sh does), generates 1M customers with about
# 5M orders (binary COPY), prints the full metrics recompute time, the in-memory LINQ baseline and their ratio, and
# the BG/NBD + Gamma-Gamma fit times. Usage: bash build/bench-metrics.sh [--customers N] [--seed N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

pg_bin=""
for v in 17 16 15; do
  [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
done
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

pg_dir="$(mktemp -d /tmp/retention-bench-pg.XXXXXX)"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55433)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$pg_dir" postgres
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
stop_pg() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
echo "[bench] PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port in $pg_dir"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; exit 1; }
# Default memory settings apart from fsync (a throwaway server): the figures are those of a stock installation.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c 'CREATE DATABASE bench'

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build build/bench/MetricsBench -c Release -nologo -v q -clp:NoSummary >/dev/null
dotnet build/bench/MetricsBench/bin/Release/net10.0/MetricsBench.dll \
  --pg "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=bench;Command Timeout=0" "$@"
