#!/usr/bin/env bash
# The loyalty benchmark (not a test): starts a throwaway PostgreSQL on 127.0.0.1 like build/test.sh, builds
# build/bench/LoyaltyBench, loads 1M ledger entries and prints median and p99 of the order-paid award path and the
# balance lookup as a Markdown table (docs/benchmarks-loyalty.md holds the last figures).
# Usage: bash build/bench-loyalty.sh [entries] [customers] [awards] [lookups]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '[bench] %s\n' "$*" >&2; }

pg_bin=""
for v in 17 16 15; do
  [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
done
if [ -z "$pg_bin" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "PostgreSQL is not installed (run as root, or install the postgresql package)" >&2; exit 1; }
  log "installing postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  for v in 17 16 15; do
    [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
  done
fi
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found after install" >&2; exit 1; }

pg_dir="$(mktemp -d /tmp/retention-bench-pg.XXXXXX)"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55433)"
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
log "starting PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; exit 1; }
# Durable settings (fsync on, unlike the test server): the award path's commit is part of what is measured.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "building build/bench/LoyaltyBench"
dotnet build build/bench/LoyaltyBench -c Release -nologo -v q -clp:NoSummary >&2
dotnet build/bench/LoyaltyBench/bin/Release/net10.0/LoyaltyBench.dll \
  "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true" "$@"
