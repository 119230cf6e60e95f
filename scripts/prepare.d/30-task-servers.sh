# The real servers behind the redis, imap and ldap task-type suites (packages/server/test/types/):
# redis-server, Dovecot (IMAP) and OpenLDAP slapd + ldap-utils, from Debian's packages. The tests start
# each one themselves on a free loopback port from a config in a temp dir, so the Debian services are
# stopped and disabled here: nothing listens on a fixed port, nothing survives a test run.
# (SMTP is tested against the npm smtp-server package, a devDependency; SFTP against the sshd of
# prepare-machine.sh.)
task_server_packages=(redis-server redis-tools dovecot-imapd slapd ldap-utils)

# Debian's postinst scripts start each daemon; a policy-rc.d that says "no" keeps them down while we install.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e "$policy" ] && [ "$(id -u)" -eq 0 ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
fi
apt_install "${task_server_packages[@]}" || { [ -n "$made_policy" ] && rm -f "$policy"; false; }
[ -n "$made_policy" ] && rm -f "$policy"

for service in redis-server dovecot slapd; do
  if command -v service >/dev/null 2>&1 && service "$service" status >/dev/null 2>&1; then
    log "stopping the system $service (the tests start their own)"
    service "$service" stop >/dev/null 2>&1 || true
  fi
done

for bin in /usr/bin/redis-server /usr/sbin/dovecot /usr/sbin/slapd /usr/sbin/slapadd /usr/bin/ldapsearch; do
  [ -x "$bin" ] || { log "$bin is missing after installing ${task_server_packages[*]}" >&2; false; }
done
log "task servers: $(redis-server --version | cut -d' ' -f3), dovecot $(dovecot --version | cut -d' ' -f1), $(slapd -VV 2>&1 | head -n1 | sed 's/^@(#) \$//' | cut -d' ' -f1-3)"
