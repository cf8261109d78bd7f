#!/usr/bin/env bash
# Starts the PostgreSQL server the tests use, if it is not running, and prints an address at which
# its superuser `ecabinet_test` creates and drops the tests' databases. As root: the system
# cluster (pg_ctlcluster). Otherwise: a cluster of this user's own in a temporary folder, on a
# Unix socket only. ECABINET_TEST_POSTGRES_URL, when set, is used as it is.
set -euo pipefail
if [ -n "${ECABINET_TEST_POSTGRES_URL:-}" ]; then echo "$ECABINET_TEST_POSTGRES_URL"; exit 0; fi
TMP="${TMPDIR:-/tmp}"
# Test files start in parallel: one of them starts the server, the others wait for it. The
# server must not inherit the lock's descriptor (`9>&-`), or it would hold the lock for ever.
exec 9>"$TMP/ecabinet-test-postgres-$(id -u).lock"
flock 9
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql (scripts/setup-and-test.sh does)" >&2
  exit 1
fi
VERSION=$(basename "$(dirname "$BIN")")
if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  cd /tmp
  [ -d "/etc/postgresql/$VERSION/main" ] || pg_createcluster "$VERSION" main >/dev/null 9>&-
  pg_ctlcluster "$VERSION" main status >/dev/null 2>&1 || pg_ctlcluster "$VERSION" main start >&2 9>&-
  PORT=$(pg_conftool -s "$VERSION" main show port 2>/dev/null || echo 5432)
  if ! runuser -u postgres -- psql -p "$PORT" -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'ecabinet_test'" | grep -q 1; then
    runuser -u postgres -- psql -p "$PORT" -qc "CREATE ROLE ecabinet_test LOGIN SUPERUSER PASSWORD 'ecabinet_test'" >/dev/null
  fi
  echo "postgres://ecabinet_test:ecabinet_test@127.0.0.1:$PORT/postgres"
else
  DIR="$TMP/ecabinet-test-postgres-$(id -u)"
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    "$BIN/initdb" -D "$DIR/data" -U ecabinet_test --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-k $DIR -c listen_addresses='' -p 54329" start >/dev/null 9>&-
  fi
  echo "postgres://ecabinet_test@/postgres?host=$DIR&port=54329"
fi
