#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and development.
#
#   scripts/pg.sh start DIR   create a cluster in DIR (must not exist or be empty), start it on 127.0.0.1 and a
#                             free port, create the database "khabar" and print its URL (also in DIR/url)
#   scripts/pg.sh stop DIR    stop the cluster in DIR and remove DIR
#   scripts/pg.sh url DIR     print the URL of the running cluster in DIR
#
# Example:
#   export KHABAR_TEST_PG=$(scripts/pg.sh start /tmp/khabar-pg)
#   go test ./internal/store/postgres/ ./internal/jobs/
#   scripts/pg.sh stop /tmp/khabar-pg
#
# PostgreSQL refuses to run as root: as root the cluster runs as the "postgres" user (created by the Debian
# package), or as "nobody" when there is no such user. Authentication is "trust" on 127.0.0.1 only: never use
# this for anything but throwaway data.
set -euo pipefail

bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then
      echo "$d"
      return
    fi
  done
  echo "pg.sh: no initdb found (apt-get install postgresql)" >&2
  exit 1
}

# as runs a command as the cluster's user.
as() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
    return
  fi
  local u=postgres
  getent passwd postgres >/dev/null || u=nobody
  if command -v runuser >/dev/null 2>&1; then
    runuser -u "$u" -- "$@"
  else
    su -s /bin/sh "$u" -c "$(printf '%q ' "$@")"
  fi
}

owner() {
  if [ "$(id -u)" = 0 ]; then
    if getent passwd postgres >/dev/null; then echo postgres; else echo nobody; fi
  else
    id -un
  fi
}

freeport() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "pg.sh: no free port" >&2
  exit 1
}

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
bin=$(bindir)

case "$cmd" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -n "$(ls -A "$dir")" ]; then
    echo "pg.sh: $dir is not empty" >&2
    exit 1
  fi
  chown "$(owner)" "$dir"
  chmod 700 "$dir"
  as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  port=$(freeport)
  # A test cluster: no durability needed, enough connections for parallel packages and worker processes.
  opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200"
  opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB"
  if ! as "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$opts" -w -t 60 start >/dev/null; then
    cat "$dir/postgres.log" >&2
    exit 1
  fi
  as "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'CREATE DATABASE khabar' >/dev/null 2>&1 ||
    as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres khabar
  url="postgres://postgres@127.0.0.1:$port/khabar?sslmode=disable"
  echo "$url" >"$dir/url"
  echo "$url"
  ;;
stop)
  [ -d "$dir/data" ] || exit 0
  as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
url)
  cat "$dir/url"
  ;;
*)
  echo "pg.sh: unknown command $cmd (start, stop, url)" >&2
  exit 2
  ;;
esac
