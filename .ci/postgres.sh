# shellcheck shell=bash
# Throw-away PostgreSQL 15 cluster for CI. Source this file, then call
#
#   shopdesk_pg_start   # installs PostgreSQL if needed, starts a cluster on
#                       # 127.0.0.1:<free port>, creates database shopdesk_test,
#                       # exports SHOPDESK_TEST_POSTGRES_URL, and installs an
#                       # EXIT trap that stops the cluster and deletes its files.
#   shopdesk_pg_stop    # the same clean-up, by hand (safe to call twice).
#
# The cluster is for tests only: trust auth on loopback, fsync off, data in a
# temporary directory owned by the postgres user (initdb refuses to run as root).
# The EXIT trap set here replaces any EXIT trap of the caller: a caller that
# needs its own clean-up should call shopdesk_pg_stop from it.

SHOPDESK_PG_VERSION="${SHOPDESK_PG_VERSION:-15}"
SHOPDESK_PG_BIN="${SHOPDESK_PG_BIN:-/usr/lib/postgresql/${SHOPDESK_PG_VERSION}/bin}"
SHOPDESK_PG_DIR=""
SHOPDESK_PG_PORT=""

_shopdesk_pg_log() { printf '[postgres] %s\n' "$*" >&2; }

# apt-get update once per CI run, then install.
_shopdesk_apt_install() {
  if [ -z "${SHOPDESK_CI_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export SHOPDESK_CI_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# shellcheck source=.ci/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Run a PostgreSQL server binary as the postgres user, from a directory that
# user can read (pg_ctl fails if it cannot resolve its working directory).
_shopdesk_pg_as_postgres() {
  (cd "$SHOPDESK_PG_DIR" && runuser -u postgres -- "$@")
}

shopdesk_pg_start() {
  if [ ! -x "$SHOPDESK_PG_BIN/initdb" ]; then
    _shopdesk_pg_log "no $SHOPDESK_PG_BIN/initdb: installing the postgresql package"
    _shopdesk_apt_install postgresql
  fi
  if [ ! -x "$SHOPDESK_PG_BIN/initdb" ]; then
    _shopdesk_pg_log "still no $SHOPDESK_PG_BIN/initdb after installing postgresql"
    return 1
  fi
  if ! id postgres >/dev/null 2>&1; then
    _shopdesk_pg_log "there is no postgres user"
    return 1
  fi

  SHOPDESK_PG_DIR="$(mktemp -d /tmp/shopdesk-pg.XXXXXX)"
  trap shopdesk_pg_stop EXIT
  # Make sure the EXIT trap also runs when CI cancels the job.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  chown postgres: "$SHOPDESK_PG_DIR"
  chmod 700 "$SHOPDESK_PG_DIR"

  _shopdesk_pg_as_postgres "$SHOPDESK_PG_BIN/initdb" \
    --pgdata="$SHOPDESK_PG_DIR/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C --no-sync >"$SHOPDESK_PG_DIR/initdb.log" 2>&1 || {
    _shopdesk_pg_log "initdb failed:"
    cat "$SHOPDESK_PG_DIR/initdb.log" >&2
    return 1
  }

  # TLS with a throw-away self-signed certificate, so that the store suite runs over TLS (the client's
  # default sslmode is prefer) and can check sslmode=verify-full against it
  # (SHOPDESK_TEST_POSTGRES_CA names the certificate to trust).
  local ssl_options=""
  if command -v openssl >/dev/null 2>&1 && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$SHOPDESK_PG_DIR/data/server.key" -out "$SHOPDESK_PG_DIR/data/server.crt" >/dev/null 2>&1; then
    chown postgres: "$SHOPDESK_PG_DIR/data/server.key" "$SHOPDESK_PG_DIR/data/server.crt"
    chmod 600 "$SHOPDESK_PG_DIR/data/server.key"
    cp "$SHOPDESK_PG_DIR/data/server.crt" "$SHOPDESK_PG_DIR/ca.crt"
    ssl_options="-c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
    export SHOPDESK_TEST_POSTGRES_CA="$SHOPDESK_PG_DIR/ca.crt"
  else
    _shopdesk_pg_log "no openssl: the cluster runs without TLS"
  fi

  # Another process could take the free port between the probe and the start:
  # try a few ports.
  local attempt started=""
  for attempt in 1 2 3; do
    SHOPDESK_PG_PORT="$(shopdesk_free_port)"
    if _shopdesk_pg_as_postgres "$SHOPDESK_PG_BIN/pg_ctl" \
        -D "$SHOPDESK_PG_DIR/data" -l "$SHOPDESK_PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$SHOPDESK_PG_PORT -c unix_socket_directories=$SHOPDESK_PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $ssl_options" \
        start >/dev/null; then
      started=1
      break
    fi
    _shopdesk_pg_log "start on port $SHOPDESK_PG_PORT failed (attempt $attempt); server log:"
    tail -n 20 "$SHOPDESK_PG_DIR/server.log" >&2 || true
  done
  if [ -z "$started" ]; then
    return 1
  fi

  "$SHOPDESK_PG_BIN/createdb" -h 127.0.0.1 -p "$SHOPDESK_PG_PORT" -U postgres shopdesk_test || {
    _shopdesk_pg_log "createdb failed"
    return 1
  }

  export SHOPDESK_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:${SHOPDESK_PG_PORT}/shopdesk_test"
  _shopdesk_pg_log "PostgreSQL $("$SHOPDESK_PG_BIN/postgres" --version | awk '{print $3}') ready: $SHOPDESK_TEST_POSTGRES_URL"
}

shopdesk_pg_stop() {
  local dir="$SHOPDESK_PG_DIR"
  [ -n "$dir" ] || return 0
  SHOPDESK_PG_DIR=""
  if [ -f "$dir/data/postmaster.pid" ]; then
    if ! (cd "$dir" && runuser -u postgres -- "$SHOPDESK_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1); then
      _shopdesk_pg_log "pg_ctl stop failed; killing the postmaster"
      local pid
      pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
      if [ -n "$pid" ]; then
        kill -QUIT "$pid" 2>/dev/null || true
        sleep 1
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf "$dir"
  unset SHOPDESK_TEST_POSTGRES_URL SHOPDESK_TEST_POSTGRES_CA
  return 0
}
