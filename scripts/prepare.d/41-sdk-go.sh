# Go SDK (sdks/go): its tests need Go >= 1.23 (range-over-func iterators). A new enough go on the
# machine (PATH or /usr/local/go) is used as it is; otherwise — Debian 12 only ships Go 1.19 — the
# pinned toolchain is installed from the Go module proxy (golang.org/toolchain, the module the go
# command itself downloads toolchains from) into the git-ignored .tools/go, where
# packages/server/test/sdks/go.test.ts looks first. PATCHBAY_SDK_GO_INSTALL=1 forces that install.
go_sdk_version=go1.23.12
go_sdk_zip_sha256=7bf9a01c191c452bf1fa9266a547abe0e437ff46d16adc9ec55fcc4fea24c121 # linux-amd64
go_sdk_dir="$repo_root/.tools/go"

# go_sdk_new_enough GO: its version is 1.23 or newer
go_sdk_new_enough() {
  local minor
  minor=$("$1" env GOVERSION 2>/dev/null | sed -nE 's/^go1\.([0-9]+).*/\1/p')
  [ -n "$minor" ] && [ "$minor" -ge 23 ]
}

go_sdk_install() {
  local arch module tmp
  arch=$(dpkg --print-architecture)
  if [ "$arch" != amd64 ]; then
    log "sdk-go: no pinned Go toolchain for $arch; install Go >= 1.23 (https://go.dev/dl) to /usr/local/go" >&2
    return 1
  fi
  apt_install curl ca-certificates unzip
  module="v0.0.1-$go_sdk_version.linux-amd64"
  tmp=$(mktemp -d)
  log "sdk-go: installing $go_sdk_version from the Go module proxy into $go_sdk_dir"
  if ! curl -sSfL --retry 3 -o "$tmp/go.zip" "https://proxy.golang.org/golang.org/toolchain/@v/$module.zip"; then
    rm -rf "$tmp"
    log "sdk-go: downloading golang.org/toolchain@$module failed (is proxy.golang.org reachable?)" >&2
    return 1
  fi
  if ! echo "$go_sdk_zip_sha256  $tmp/go.zip" | sha256sum -c --quiet -; then
    rm -rf "$tmp"
    log "sdk-go: golang.org/toolchain@$module does not have the pinned sha256; not installing it" >&2
    return 1
  fi
  unzip -q "$tmp/go.zip" -d "$tmp/x"
  rm -rf "$go_sdk_dir"
  mkdir -p "$(dirname "$go_sdk_dir")"
  mv "$tmp/x/golang.org/toolchain@$module" "$go_sdk_dir"
  rm -rf "$tmp"
  # module zips carry no file modes; the go command sets these itself when it unpacks a toolchain
  chmod +x "$go_sdk_dir"/bin/* "$go_sdk_dir"/pkg/tool/*/*
}

go_sdk_found=""
if [ "${PATCHBAY_SDK_GO_INSTALL:-}" != 1 ]; then
  for candidate in "$go_sdk_dir/bin/go" "$(command -v go || true)" /usr/local/go/bin/go; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && go_sdk_new_enough "$candidate"; then
      go_sdk_found=$candidate
      break
    fi
  done
fi
if [ -z "$go_sdk_found" ]; then
  go_sdk_install
  go_sdk_found="$go_sdk_dir/bin/go"
  if ! go_sdk_new_enough "$go_sdk_found"; then
    log "sdk-go: $go_sdk_found does not run as Go >= 1.23: $("$go_sdk_found" version 2>&1)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
log "sdk-go: using $("$go_sdk_found" env GOVERSION) at $go_sdk_found (sdks/go needs no modules: standard library only)"
