# Schemathesis (PyPI) for the contract run of packages/server/test/contract/schemathesis.test.ts,
# pinned, in the git-ignored tools venv (.tools/venv/bin/st).
SCHEMATHESIS_VERSION=4.32.5
venv=$(tools_venv)
if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into .tools/venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
"$venv/bin/st" --version >/dev/null
