# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh && start_test_postgres`): a throwaway
# PostgreSQL cluster on 127.0.0.1 for the tests, owned by the `postgres` user, removed again at exit.

# Installs the server from Debian's packages unless its binaries are already there.
ensure_postgres_installed() {
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    if command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
  fi
  # The server packages create the `postgres` user; binaries copied in without them may not have.
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql postgres
  fi
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

# Runs a command as the `postgres` user when we are root (initdb refuses to run as root), else as ourselves.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the cluster on a free port and exports TEST_DATABASE_URL; returns non-zero if it cannot.
start_test_postgres() {
  ensure_postgres_installed || return 1
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_TEST_BIN=$bin
  PG_TEST_DIR=$(mktemp -d /tmp/directive-bot-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_TEST_DIR"
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  as_postgres "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_TEST_DIR/initdb.log" 2>&1 || {
    cat "$PG_TEST_DIR/initdb.log"
    return 1
  }
  # Throwaway data: no fsync. Enough connections for the store suite and several `serve` processes at once.
  as_postgres "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TEST_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || {
    cat "$PG_TEST_DIR/server.log"
    return 1
  }
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres directive_bot_test || return 1
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/directive_bot_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $TEST_DATABASE_URL"
}

stop_test_postgres() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR" ]; then
    as_postgres "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEST_DIR"
  fi
}
