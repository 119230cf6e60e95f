#!/usr/bin/env bash
# Builds the SDK and its tests with Mono's mcs (this machine has no .NET SDK) and runs the tests with
# nunit-console: unit tests, the openapi.json coverage test and the scenario runner (which needs
# PATCHBAY_URL & co.; without it the scenarios are skipped loudly, and fail when CI is set).
# The same sources build with `dotnet build` / `dotnet test` through the .csproj files.
# Usage: sdks/dotnet/build-mono.sh [--build-only] [extra nunit-console arguments]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/out"
newtonsoft=/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll  # Debian ships 6.0.8 under this name
nunit=/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll
for tool in mcs mono nunit-console; do
  command -v "$tool" >/dev/null || { echo "build-mono.sh: $tool is missing; run scripts/prepare.d/43-sdk-dotnet.sh (Debian: mono-mcs, nunit-console)" >&2; exit 2; }
done
[ -f "$newtonsoft" ] || { echo "build-mono.sh: $newtonsoft is missing (Debian: libnewtonsoft-json-cil-dev)" >&2; exit 2; }
[ -f "$nunit" ] || { echo "build-mono.sh: $nunit is missing (Debian: libnunit-cil-dev)" >&2; exit 2; }

mkdir -p "$out"
sources() { find "$1" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | sort; }
# C# 7 is what Mono 6.8's mcs speaks; the sources avoid newer syntax so both compilers take them.
mcs -langversion:7 -target:library -warnaserror+ -debug -out:"$out/Patchbay.dll" \
  -r:System.Net.Http.dll -r:"$newtonsoft" $(sources "$here/src/Patchbay")
mcs -langversion:7 -target:library -nowarn:1591 -debug -out:"$out/Patchbay.Tests.dll" \
  -r:"$out/Patchbay.dll" -r:System.Net.Http.dll -r:System.Web.dll -r:"$newtonsoft" -r:"$nunit" \
  $(sources "$here/tests/Patchbay.Tests")
cp -f "$newtonsoft" "$nunit" "$out/"
echo "build-mono.sh: built $out/Patchbay.dll and Patchbay.Tests.dll with $(mcs --version)"
[ "${1:-}" = "--build-only" ] && exit 0

cd "$out"
export PATCHBAY_REPO_ROOT="${PATCHBAY_REPO_ROOT:-$(cd "$here/../.." && pwd)}"
# -labels prints each test's name as it starts; the closing "Tests run: N, Errors: E, Failures: F" is the summary
exec nunit-console -nologo -labels -noshadow -result="$out/TestResult.xml" "$out/Patchbay.Tests.dll" "$@"
