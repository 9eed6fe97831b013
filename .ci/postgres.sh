# Throwaway PostgreSQL for the tests, from the OS packages; no systemd needed.
#   source .ci/postgres.sh; pvi_postgres_start; ...; pvi_postgres_stop
# Exports PVI_TEST_POSTGRES, the connection string the test fixtures use.

pvi_postgres_start() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "Installing PostgreSQL from the OS packages..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi

  PVI_PG_DIR=$(mktemp -d /tmp/pvi-postgres.XXXXXX)
  chown postgres:postgres "$PVI_PG_DIR"
  PVI_PG_BIN=$bin
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) \
    || port=$((20000 + RANDOM % 20000))

  runuser -u postgres -- "$bin/initdb" -D "$PVI_PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PVI_PG_DIR/data" -w -l "$PVI_PG_DIR/server.log" \
    -o "-p $port -k $PVI_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null

  export PVI_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
  export PVI_PG_DIR PVI_PG_BIN
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $PVI_PG_DIR)"
}

pvi_postgres_stop() {
  if [ -n "${PVI_PG_DIR:-}" ] && [ -d "$PVI_PG_DIR/data" ]; then
    runuser -u postgres -- "$PVI_PG_BIN/pg_ctl" -D "$PVI_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PVI_PG_DIR"
  fi
}
