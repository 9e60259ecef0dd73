#!/usr/bin/env bash
# The one test command (README, CI): installs what a fresh Debian machine lacks, starts a throwaway
# PostgreSQL and a throwaway MariaDB on 127.0.0.1 in temporary folders, runs every test project, stops the servers.
# Usage: bash build/test.sh [extra dotnet test arguments]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[test] %s\n' "$*"; }

# --- 1. Debian packages -------------------------------------------------------------------------
source "$root/build/throwaway-pg.sh"
source "$root/build/throwaway-mariadb.sh"
need=()
find_pg_bin || need+=(postgresql)
# The plugin's migrations and adapters also run on MariaDB (nopCommerce's MySQL provider).
find_mariadb_bin || need+=(mariadb-server)
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
fi

# --- 2. A throwaway PostgreSQL and MariaDB -----------------------------------------------------------
start_throwaway_pg "-c fsync=off -c max_connections=500"
export RETENTION_TEST_PG="$pg_conn"
start_throwaway_mariadb
trap 'stop_throwaway_mariadb; stop_throwaway_pg' EXIT
export RETENTION_TEST_MARIADB="$maria_conn"

# --- 3. Every test project ----------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$root/test-output/results"
rm -rf "$results"; mkdir -p "$results"
log "restoring and building"
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
