#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (git, sshd, Chromium, openssl) and starts the
# local PostgreSQL and MariaDB when they are installed but stopped. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need=()
command -v git >/dev/null || need+=(git)
command -v openssl >/dev/null || need+=(openssl)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "prepare-machine: missing ${need[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "prepare-machine: installing ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "prepare-machine: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if [ -x /usr/sbin/mariadbd ] && ! mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1; then
  echo "prepare-machine: starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
  for _ in $(seq 1 30); do mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 && break; sleep 1; done
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
exit 0
