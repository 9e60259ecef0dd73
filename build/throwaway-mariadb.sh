# Sourced by build/test.sh: a throwaway MariaDB on 127.0.0.1, in a temporary folder, on a free port, like
# throwaway-pg.sh. MariaDB must be installed (Debian's mariadb-server package); the server runs as the mysql account
# the package made, with grant tables off (a test server on loopback that lives for one run).
#   start_throwaway_mariadb     sets maria_dir, maria_port, maria_conn
#   stop_throwaway_mariadb

find_mariadb_bin() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]
}

start_throwaway_mariadb() {
  find_mariadb_bin || { echo "MariaDB server not found (apt-get install mariadb-server)" >&2; exit 1; }
  local mariadbd; mariadbd="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
  maria_dir="$(mktemp -d /tmp/retention-maria.XXXXXX)"
  maria_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 53306)"
  local user=(); [ "$(id -u)" -eq 0 ] && { id mysql >/dev/null 2>&1 || useradd --system mysql; chown mysql "$maria_dir"; user=(--user=mysql); }
  printf '[mariadb] starting MariaDB on 127.0.0.1:%s in %s\n' "$maria_port" "$maria_dir" >&2
  mariadb-install-db --no-defaults "${user[@]}" --datadir="$maria_dir/data" --auth-root-authentication-method=normal >"$maria_dir/install.log" 2>&1 \
    || { cat "$maria_dir/install.log" >&2; exit 1; }
  "$mariadbd" --no-defaults "${user[@]}" --datadir="$maria_dir/data" --port="$maria_port" --bind-address=127.0.0.1 \
    --socket="$maria_dir/mysqld.sock" --pid-file="$maria_dir/mysqld.pid" --skip-grant-tables --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --innodb-flush-log-at-trx-commit=0 --max-connections=500 >"$maria_dir/server.log" 2>&1 &
  local i
  for i in $(seq 1 60); do
    mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root ping >/dev/null 2>&1 && break
    sleep 1
  done
  mariadb-admin --no-defaults --protocol=tcp -h 127.0.0.1 -P "$maria_port" -u root ping >/dev/null 2>&1 \
    || { cat "$maria_dir/server.log" >&2; exit 1; }
  maria_conn="Server=127.0.0.1;Port=$maria_port;User ID=root;Database=mysql;Pooling=true"
}

stop_throwaway_mariadb() {
  [ -n "${maria_dir:-}" ] || return 0
  [ -f "$maria_dir/mysqld.pid" ] && kill "$(cat "$maria_dir/mysqld.pid")" 2>/dev/null
  for _ in $(seq 1 20); do [ -f "$maria_dir/mysqld.pid" ] || break; sleep 0.5; done
  rm -rf "$maria_dir"
}
