# Sourced by ./mvnw, ./granary, ./bench and .ci/run: make sure JAVA_HOME points at a JDK >= 21.
# Keeps a JAVA_HOME the user set if it is new enough; otherwise takes the newest JDK under /usr/lib/jvm.
# The major version from the JDK's release file (JAVA_VERSION="25.0.1"; "1.8.0_x" is 8, too old anyway): no JVM is
# started, which would cost every ./granary command ~0.1 s per JDK looked at; a JDK without the file is asked.
granary_java_major() {
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | sed 's/^1$/8/'
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
  fi
}
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(granary_java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  granary_best="" ; granary_best_major=0
  for granary_jdk in $(find /usr/lib/jvm /opt/java "$HOME/.sdkman/candidates/java" -mindepth 1 -maxdepth 1 2>/dev/null); do
    [ -x "$granary_jdk/bin/javac" ] || continue
    granary_m=$(granary_java_major "$granary_jdk")
    if [ -n "$granary_m" ] && [ "$granary_m" -gt "$granary_best_major" ]; then granary_best="$granary_jdk"; granary_best_major=$granary_m; fi
  done
  if [ "$granary_best_major" -ge 21 ]; then
    export JAVA_HOME="$granary_best"
  else
    echo "Granary needs a JDK 21 or newer; none found under /usr/lib/jvm. Install one and set JAVA_HOME." >&2
    exit 1
  fi
fi
export PATH="$JAVA_HOME/bin:$PATH"
GRANARY_JAVA_MAJOR=$(granary_java_major "$JAVA_HOME")
export GRANARY_JAVA_MAJOR
# Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the flag silences it and does not exist before 23.
if [ "${GRANARY_JAVA_MAJOR:-0}" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
