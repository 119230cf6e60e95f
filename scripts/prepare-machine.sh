#!/usr/bin/env bash
# Installs from Debian's packages everything the test suites drive and starts the services they talk
# to, so that a bare machine (no service running) can run `npm test`. Idempotent and non-interactive:
# running it twice is harmless; a service that does not come up prints its log and fails the script.
#
#   PostgreSQL  127.0.0.1:5432  user postgres, database test, trust on loopback (this test cluster only)
#   MariaDB     127.0.0.1:3306  root without password, database test
#   git, openssh-server (sshd started by the tests), chromium, openssl
#   node-gyp is pointed at the installed Node headers, so native modules build without a download
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
here=$(cd "$(dirname "$0")" && pwd)
log() { echo "prepare-machine: $*"; }

# ---- Debian packages -------------------------------------------------------------------------------
packages=(git openssl openssh-server openssh-client chromium postgresql mariadb-server mariadb-client
  python3-venv ca-certificates)
need=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  log "installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# ---- node-gyp: build native modules against the installed Node headers, never a download ----------
node_root=$(dirname "$(dirname "$(command -v node)")")
if [ -f "$node_root/include/node/node.h" ]; then
  export npm_config_nodedir="$node_root"
  if [ "$(id -u)" -eq 0 ] || [ -w "${HOME:-/nonexistent}" ]; then
    npm config set nodedir "$node_root" >/dev/null 2>&1 || true
  fi
fi

fail_with_log() {
  log "$1 did not start; its log:" >&2
  shift
  for f in "$@"; do [ -f "$f" ] && tail -n 60 "$f" >&2; done
  exit 1
}

# ---- PostgreSQL ----------------------------------------------------------------------------------
pg_version=$(ls /etc/postgresql | sort -V | tail -n1)
pg_conf=/etc/postgresql/$pg_version/main
pg_log=/var/log/postgresql/postgresql-$pg_version-main.log
if [ ! -d "$pg_conf" ]; then
  log "creating PostgreSQL cluster $pg_version/main"
  pg_createcluster "$pg_version" main >/dev/null
fi
hba=$pg_conf/pg_hba.conf
if ! grep -q '^# patchbay-test' "$hba"; then
  log "PostgreSQL: trust on loopback for the test cluster"
  tmp=$(mktemp)
  { echo '# patchbay-test: the test cluster trusts loopback connections'
    echo 'host    all  all  127.0.0.1/32  trust'
    echo 'host    all  all  ::1/128       trust'
    cat "$hba"; } >"$tmp"
  cat "$tmp" >"$hba"
  rm -f "$tmp"
  if pg_isready -q -h 127.0.0.1 -p 5432; then pg_ctlcluster "$pg_version" main reload; fi
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  log "starting PostgreSQL $pg_version"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start || fail_with_log PostgreSQL "$pg_log"
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -q -h 127.0.0.1 -p 5432 || fail_with_log PostgreSQL "$pg_log"
# The suites' premise is a server without TLS on loopback (the postgres type's "ssl: true never
# downgrades" test needs one that offers none); Debian's cluster comes with ssl = on and a snakeoil cert.
if [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'show ssl')" != off ]; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'alter system set ssl = off' -c 'select pg_reload_conf()' >/dev/null
  for _ in $(seq 1 10); do [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'show ssl')" = off ] && break; sleep 0.5; done
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -qc 'create database test' >/dev/null
fi

# ---- MariaDB -------------------------------------------------------------------------------------
maria_log=/var/log/mysql/error.log
if ! mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then
  log "starting MariaDB"
  install -d -o mysql -g mysql /run/mysqld
  [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  mkdir -p /var/log/mysql && chown mysql:mysql /var/log/mysql
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- \
    --user=mysql --bind-address=127.0.0.1 --port=3306 --log-error="$maria_log"
  for _ in $(seq 1 60); do mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && break; sleep 1; done
fi
mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 || fail_with_log MariaDB "$maria_log"
# root over TCP without a password (Debian's root uses unix_socket only); the test database
mariadb -u root -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;
  CREATE DATABASE IF NOT EXISTS test;" 2>/dev/null ||
  mariadb -h 127.0.0.1 -u root -e 'CREATE DATABASE IF NOT EXISTS test' >/dev/null
mariadb -h 127.0.0.1 -u root -e 'select 1' >/dev/null || fail_with_log "MariaDB (root over TCP)" "$maria_log"

# ---- what each area of the project adds (its own file each: services, tools from other registries) -
# Each scripts/prepare.d/NN-*.sh runs in name order with lib.sh sourced; it installs and starts what its
# suites need, idempotently, and exits non-zero (with the service's log) when that fails.
for part in "$here"/prepare.d/[0-9]*.sh; do
  [ -e "$part" ] || continue
  log "running prepare.d/$(basename "$part")"
  bash -c 'set -euo pipefail; source "$1"; source "$2"' _ "$here/prepare.d/lib.sh" "$part" || {
    log "prepare.d/$(basename "$part") failed" >&2
    exit 1
  }
done

log "ready (PostgreSQL $pg_version on 5432, MariaDB on 3306)"
exit 0
