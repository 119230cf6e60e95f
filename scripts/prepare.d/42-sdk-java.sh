# The Java SDK (sdks/java) builds with Maven on Java 17 (Debian bookworm's openjdk-17 and maven 3.8).
# Every plugin and dependency version is pinned in sdks/java/pom.xml; this fills the local Maven
# repository (~/.m2) so the test run (packages/server/test/sdks/java.test.ts) downloads nothing.
apt_install openjdk-17-jdk-headless maven
command -v mvn >/dev/null || { log "mvn is missing after installing maven" >&2; return 1; }
java_dir="$repo_root/sdks/java"
if ! (cd "$java_dir" && mvn -B -ntp -q dependency:go-offline); then
  log "mvn dependency:go-offline failed in $java_dir (is Maven Central reachable?)" >&2
  return 1
fi
# go-offline misses what Surefire resolves only when tests run (its JUnit Platform provider):
# run one small unit test once, without a server, so that is cached too
if ! (cd "$java_dir" && env -u PATCHBAY_URL -u CI mvn -B -ntp -q test -Dtest=PagingTest -Dsurefire.failIfNoSpecifiedTests=false >/tmp/patchbay-mvn-prepare.log 2>&1); then
  log "warming the Maven cache failed; its output:" >&2
  tail -n 40 /tmp/patchbay-mvn-prepare.log >&2
  return 1
fi
log "java sdk: $(java -version 2>&1 | head -n 1); $(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g')"
