# Sourced by every scripts/prepare.d/NN-*.sh (prepare-machine.sh runs only the numbered files).
# Small helpers for idempotent set-up.
export DEBIAN_FRONTEND=noninteractive
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export repo_root

log() { echo "prepare-machine: $*"; }

# apt_install PKG...: installs the Debian packages that are not installed yet (one apt-get update per run)
apt_install() {
  local need=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${need[*]}; run as root or install them with apt-get" >&2
    return 1
  fi
  log "installing ${need[*]}"
  if [ -z "$(find /tmp/.patchbay-apt-updated -mmin -360 2>/dev/null)" ]; then apt-get update -qq && touch /tmp/.patchbay-apt-updated; fi
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

# tools_venv: the git-ignored Python virtual environment for tools from PyPI (.tools/venv)
tools_venv() {
  local venv="$repo_root/.tools/venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  echo "$venv"
}
