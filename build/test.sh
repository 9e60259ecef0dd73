#!/usr/bin/env bash
# The one test command (README, CI): installs what a fresh Debian machine lacks, starts a throwaway
# PostgreSQL on 127.0.0.1 in a temporary folder, runs every test project, stops the server.
# Usage: bash build/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[test] %s\n' "$*"; }

# --- 1. Debian packages -------------------------------------------------------------------------
need=()
pg_bin=""
for v in 17 16 15; do
  [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
done
[ -n "$pg_bin" ] || need+=(postgresql)
# Browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${need[*]} (run as root, or install them)" >&2; exit 1
  fi
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  for v in 17 16 15; do
    [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; break; }
  done
fi
[ -n "$pg_bin" ] || { echo "PostgreSQL server binaries not found after install" >&2; exit 1; }

# --- 2. A throwaway PostgreSQL ------------------------------------------------------------------
pg_dir="$(mktemp -d /tmp/retention-pg.XXXXXX)"
free_port() { python3 - <<'PY' 2>/dev/null || echo 55432
import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}
pg_port="$(free_port)"
# initdb refuses to run as root, so the server runs as the postgres account the Debian package made.
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
log "starting PostgreSQL ($pg_bin) on 127.0.0.1:$pg_port in $pg_dir"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
  || { cat "$pg_dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$pg_dir/server.log" >&2; exit 1; }
export RETENTION_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"

# --- 3. Every test project ----------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$root/test-output/results"
rm -rf "$results"; mkdir -p "$results"
log "restoring and building"
# The sandbox serves nopCommerce's Chart.js version to the dashboard browser tests (npm registry, gitignored).
bash "$root/build/fetch-chartjs.sh"
dotnet build Retention.Plugin.sln -c Release -nologo -v q -clp:NoSummary

status=0
passed=0; failed=0; skipped=0
for proj in tests/*/*.csproj; do
  name="$(basename "$proj" .csproj)"
  grep -q 'Microsoft.NET.Test.Sdk' "$proj" || continue
  log "running $name"
  out="$results/$name.log"
  if ! dotnet test "$proj" -c Release --no-build -nologo "$@" 2>&1 | tee "$out"; then
    status=1
  fi
  # "Failed!  - Failed:     0, Passed:    49, Skipped:     0, Total:    49"
  line="$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$out" | tail -n 1 || true)"
  if [ -z "$line" ]; then
    log "$name ran no test"; status=1; continue
  fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done

# --- 4. The upload zip must build and hold only the plugin's own files -----------------------------
log "packaging the plugin"
if bash build/package.sh "$results/Misc.Retention.zip" >"$results/package.log" 2>&1; then
  passed=$((passed + 1))
else
  cat "$results/package.log"; log "packaging failed"; failed=$((failed + 1)); status=1
fi

echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
