# Sourced by build/test.sh and the benchmark scripts: a throwaway PostgreSQL on 127.0.0.1, in a temporary folder,
# on a free port, stopped and removed when the calling script exits.
#   start_throwaway_pg "<extra server -c options>"   sets pg_bin, pg_port, pg_dir, pg_conn
# PostgreSQL must be installed (Debian's postgresql package); initdb refuses to run as root, so under root the
# server runs as the postgres account the package made.

find_pg_bin() {
  pg_bin=""
  for v in 17 16 15; do
    [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && { pg_bin="/usr/lib/postgresql/$v/bin"; return 0; }
  done
  return 1
}

start_throwaway_pg() {
  local server_options="${1:-}"
  find_pg_bin || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  pg_dir="$(mktemp -d /tmp/retention-pg.XXXXXX)"
  pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55432)"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$pg_dir" postgres
    chown postgres "$pg_dir"
    as_pg=(runuser -u postgres --)
  fi
  trap stop_throwaway_pg EXIT
  printf '[pg] starting PostgreSQL (%s) on 127.0.0.1:%s in %s\n' "$pg_bin" "$pg_port" "$pg_dir" >&2
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; exit 1; }
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 $server_options" start >/dev/null \
    || { cat "$pg_dir/server.log" >&2; exit 1; }
  pg_conn="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
}

stop_throwaway_pg() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
