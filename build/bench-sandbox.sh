#!/usr/bin/env bash
# The sandbox's demo store, timed as an admin meets it: builds the sandbox (Release), seeds the 20k-customer demo store
# in a temp folder (SQLite), and prints the seconds to: the first start listening, the first dashboard JSON, the first
# background workflow run, and "advance the clock by 1 day" from the admin page's form until its job page shows the
# report. Beside each wall time, the CPU seconds the sandbox process used meanwhile: on a shared machine the wall time
# grows with the load average, the CPU time much less.
# Usage: bash build/bench-sandbox.sh [--port N] [--keep]   (--keep leaves the temp folder and the log for a look)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port=5301
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: bash build/bench-sandbox.sh [--port N] [--keep]" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build build/Retention.Sandbox -c Release -nologo -v q -clp:NoSummary >/dev/null
dll="$root/build/Retention.Sandbox/bin/Release/net10.0/retention.dll"
work="$(mktemp -d /tmp/bench-sandbox.XXXXXX)"
log="$work/sandbox.log"
jar="$work/cookies"
base="http://127.0.0.1:$port"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$pid/stat"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
wait_for() { # wait_for SECONDS COMMAND...: polls every 0.1 s
  local limit="$1"; shift
  local until=$(( $(date +%s) + limit ))
  until "$@"; do
    [ "$(date +%s)" -lt "$until" ] || { echo "timed out after ${limit}s: $*" >&2; tail -20 "$log" >&2; exit 1; }
    kill -0 "$pid" 2>/dev/null || { echo "the sandbox stopped:" >&2; tail -20 "$log" >&2; pid=""; exit 1; }
    sleep 0.1
  done
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
t0=$(now)
dotnet "$dll" --reset --data "$work/data" --port "$port" >"$log" 2>&1 &
pid=$!
wait_for 600 grep -q "listening on" "$log"
t1=$(now); c1=$(cpu)
echo "first start to listening:  $(secs "$t0" "$t1") s (CPU $c1 s)"
curl -sf "$base/api/admin/dashboard" -o /dev/null
t2=$(now); c2=$(cpu)
echo "first dashboard JSON:      $(secs "$t1" "$t2") s (CPU $(secs "$c1" "$c2") s, the first background run meanwhile)"
wait_for 900 grep -q "Workflow run:" "$log"
t3=$(now); c3=$(cpu)
echo "first background run:      $(secs "$t1" "$t3") s after listening (CPU $(secs "$c1" "$c3") s incl. the dashboard; $(grep -m1 -o 'Workflow run: .*' "$log"))"

# The admin page's form: its antiforgery token and cookie, then the post; the answer is followed to the report.
token=$(curl -sf -c "$jar" "$base/admin" | grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
sleep 2 # the background run's log line comes as it ends; let its lock go
t4=$(now); c4=$(cpu)
page=$(curl -sf -b "$jar" -c "$jar" -o /dev/null -w '%{redirect_url}' --data-urlencode "__RequestVerificationToken=$token" -d hours=0 -d days=1 "$base/admin/clock/advance")
# The job page refreshes until the report is there (id="clock-result"); a synchronous advance answers with it at once.
wait_for 900 bash -c "curl -sf -b '$jar' '$page' | grep -q 'id=\"clock-result\"'"
t5=$(now); c5=$(cpu)
echo "advance the clock 1 day:   $(secs "$t4" "$t5") s (CPU $(secs "$c4" "$c5") s)"
report=$(curl -sf -b "$jar" "$page")
echo "$report" | grep -o 'id="clock-result">[^<]*<strong>[^<]*</strong>[^<]*' | sed 's/<[^>]*>//g; s/id="clock-result">//' || true
echo "$report" | grep -o '<span class="value">[^<]*</span><span class="label">[^<]*' | sed 's/<[^>]*>/ /g; s/^ *//' | paste -sd ';' || true
echo "$report" | grep -o 'id="still-due">[^<]*' | sed 's/id="still-due">//' || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
