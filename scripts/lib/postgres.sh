# Shared by scripts/run, scripts/test and scripts/bench: find PostgreSQL binaries and run a private
# cluster. Sourced, not executed.

# Prints the directory holding initdb/pg_ctl, or nothing.
pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
  fi
}

# Runs a PostgreSQL binary; as root it runs as the postgres user (initdb refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

pg_require_binaries() {
  PG_BIN=$(pg_bindir)
  if [ -z "$PG_BIN" ]; then
    cat >&2 <<'MSG'
No PostgreSQL server binaries found (initdb, pg_ctl), and no connection string was given.
Either install PostgreSQL (Debian: apt-get install postgresql) or point TranscriptReader at an
existing database:  TR_DATABASE='Host=HOST;Port=5432;Database=transcriptreader;Username=USER;Password=PW'
MSG
    exit 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "Running as root needs a 'postgres' system user to own the cluster (apt-get install postgresql creates it)." >&2
    exit 1
  fi
}

# pg_init DIR [extra initdb args]: a new cluster in DIR/data owned by the right user, user 'tr', trust auth on loopback.
pg_init() {
  local dir=$1
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$dir"; fi
  pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U tr -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
}

# pg_start DIR PORT [extra -c settings]: starts the cluster, listening on 127.0.0.1 only, socket in DIR.
pg_start() {
  local dir=$1 port=$2; shift 2
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null \
    || { tail -20 "$dir/postgres.log" >&2; return 1; }
}

pg_stop() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

pg_is_running() {
  pg_as_owner "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}
