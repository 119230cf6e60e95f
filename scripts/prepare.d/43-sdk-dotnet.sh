# The .NET SDK (sdks/dotnet) is built and tested with Debian's Mono: no .NET SDK can be installed
# here (only Debian's packages are reachable). mono-mcs compiles C#, the Newtonsoft and NUnit
# packages give the library's and the tests' references, nunit-console runs the tests.
# Versions are Debian bookworm's (mono 6.8.0.105, Newtonsoft.Json 6.0.8, NUnit 2.6.4).
apt_install mono-mcs mono-runtime libmono-system-net-http4.0-cil libmono-system-web4.0-cil \
  libnewtonsoft-json-cil-dev libnunit-cil-dev nunit-console
command -v mcs >/dev/null || { log "mcs is missing after installing mono-mcs" >&2; return 1; }
log "mono for the .NET SDK: $(mono --version | head -n 1)"
