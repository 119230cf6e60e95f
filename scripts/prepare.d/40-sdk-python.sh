# The Python SDK (sdks/python) tests in their own git-ignored venv (sdks/python/.venv), with the exact
# versions of pyproject.toml's `test` extra (httpx, pytest) and the build backend it pins (hatchling).
# Re-installs only when pyproject.toml changed since the last run.
py_dir="$repo_root/sdks/python"
py_venv="$py_dir/.venv"
py_stamp="$py_venv/.pyproject.sha256"
py_want=$(sha256sum "$py_dir/pyproject.toml" | cut -d' ' -f1)
if [ ! -x "$py_venv/bin/pytest" ] || [ "$(cat "$py_stamp" 2>/dev/null)" != "$py_want" ]; then
  log "creating the Python SDK's test venv in sdks/python/.venv"
  [ -x "$py_venv/bin/python" ] || python3 -m venv "$py_venv" || return 1
  "$py_venv/bin/pip" install --quiet --disable-pip-version-check -e "$py_dir[test]" || {
    log "pip install -e sdks/python[test] failed" >&2
    return 1
  }
  echo "$py_want" >"$py_stamp"
fi
"$py_venv/bin/python" -c 'import httpx, pytest, patchbay, flow_api' || { log "the Python SDK venv is broken" >&2; return 1; }
log "python SDK venv: $("$py_venv/bin/python" --version), pytest $("$py_venv/bin/pytest" --version 2>&1 | awk '{print $2}')"
