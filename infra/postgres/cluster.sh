#!/usr/bin/env bash
# A throwaway PostgreSQL cluster (the Debian package's binaries) for tests and for demos of the
# production setup: trust authentication, 127.0.0.1 only, role and database `mesh` (password
# `mesh`).
#
#   cluster.sh start DIR PORT   initdb DIR if needed, start on 127.0.0.1:PORT, wait until ready
#   cluster.sh stop DIR         fast shutdown; ok when not running
#   cluster.sh destroy DIR      stop, then delete DIR and everything in it (a cluster's own files)
#   cluster.sh status DIR       exit 0 and "running ..." when up, exit 3 and "stopped" otherwise
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user and
# DIR (with every parent searchable by that user) is handed to it.
set -euo pipefail

usage() {
  echo "usage: $0 start DIR PORT | stop DIR | destroy DIR | status DIR" >&2
  exit 2
}

fail() {
  echo "cluster.sh: $*" >&2
  exit 1
}

bin_dir() {
  local newest
  newest=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)
  [[ -n $newest ]] || fail "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin); run infra/bin/install-prerequisites"
  echo "$newest"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [[ -f $DIR/PG_VERSION ]] && as_owner "$BIN/pg_ctl" status -D "$DIR" >/dev/null 2>&1
}

# Line 4 of postmaster.pid is the port the running server listens on.
running_port() {
  sed -n 4p "$DIR/postmaster.pid" 2>/dev/null || true
}

prepare_directory() {
  mkdir -p "$DIR"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$DIR"
    chmod 700 "$DIR"
    runuser -u postgres -- test -w "$DIR" \
      || fail "the postgres user cannot reach $DIR; choose a directory whose parents are searchable by others (e.g. under /tmp)"
  fi
}

init_cluster() {
  # The server's socket lives in DIR, and Unix socket paths are capped at 107 bytes.
  local socket="$DIR/.s.PGSQL.65535"
  ((${#socket} <= 107)) || fail "$DIR is too long a path for PostgreSQL's Unix socket; choose a shorter one"
  local output
  output=$(as_owner "$BIN/initdb" -D "$DIR" --username=postgres --auth-local=trust --auth-host=trust \
    --encoding=UTF8 --locale=C.UTF-8 2>&1) || { echo "$output" >&2; fail "initdb $DIR failed"; }
  # Settings that differ per start (the port) go on the pg_ctl command line; these are fixed.
  as_owner tee -a "$DIR/postgresql.conf" >/dev/null <<CONF

# insight-mesh throwaway cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
max_connections = 200
CONF
}

ensure_mesh_database() {
  local psql=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [[ -z $("${psql[@]}" -c "select 1 from pg_roles where rolname = 'mesh'") ]]; then
    "${psql[@]}" -c "create role mesh login password 'mesh'" >/dev/null
  fi
  if [[ -z $("${psql[@]}" -c "select 1 from pg_database where datname = 'mesh'") ]]; then
    "${psql[@]}" -c "create database mesh owner mesh" >/dev/null
  fi
}

start() {
  [[ $PORT =~ ^[0-9]+$ ]] || fail "PORT must be a number, not '$PORT'"
  prepare_directory
  if running; then
    local actual
    actual=$(running_port)
    [[ $actual == "$PORT" ]] \
      || fail "the cluster in $DIR is already running on port $actual, not $PORT; stop it first"
    echo "PostgreSQL in $DIR already running on 127.0.0.1:$PORT"
  else
    [[ -f $DIR/PG_VERSION ]] || init_cluster
    as_owner "$BIN/pg_ctl" start -D "$DIR" -l "$DIR/server.log" -w -t 60 -o "-p $PORT" >/dev/null \
      || { tail -n 20 "$DIR/server.log" >&2 || true; fail "PostgreSQL in $DIR did not start (log: $DIR/server.log)"; }
    echo "PostgreSQL in $DIR started on 127.0.0.1:$PORT"
  fi
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 30 \
    || fail "PostgreSQL in $DIR is not accepting connections on 127.0.0.1:$PORT (log: $DIR/server.log)"
  ensure_mesh_database
}

stop() {
  if ! running; then
    echo "PostgreSQL in $DIR is not running"
    return
  fi
  as_owner "$BIN/pg_ctl" stop -D "$DIR" -m fast -w -t 60 >/dev/null
  echo "PostgreSQL in $DIR stopped"
}

destroy() {
  stop
  [[ -e $DIR ]] || return 0
  # Only a directory that holds a cluster: a mistyped DIR must not delete someone's files.
  [[ -f $DIR/PG_VERSION || -z $(ls -A "$DIR") ]] || fail "$DIR holds no PostgreSQL cluster; not deleting it"
  rm -rf -- "$DIR"
  echo "PostgreSQL in $DIR deleted"
}

status() {
  if running; then
    echo "running on 127.0.0.1:$(running_port) (pid $(sed -n 1p "$DIR/postmaster.pid"))"
  else
    echo "stopped"
    exit 3
  fi
}

[[ $# -ge 2 ]] || usage
COMMAND=$1
DIR=$(realpath -m "$2")
BIN=$(bin_dir)
case $COMMAND in
  start)
    [[ $# -eq 3 ]] || usage
    PORT=$3
    start
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    stop
    ;;
  destroy)
    [[ $# -eq 2 ]] || usage
    destroy
    ;;
  status)
    [[ $# -eq 2 ]] || usage
    status
    ;;
  *) usage ;;
esac
