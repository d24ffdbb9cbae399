# Sourced by ./mvnw, ./granary, ./bench and .ci/run: make sure JAVA_HOME points at a JDK >= 21.
# Keeps a JAVA_HOME the user set if it is new enough; otherwise takes the newest JDK under /usr/lib/jvm.
# Shell built-ins only, no child process: ./granary runs this before every command, and each process started here
# costs a short command a few milliseconds.

# granary_read_major DIR: sets granary_major to DIR's Java major version, from its release file
# (JAVA_VERSION="25.0.1"; "1.8.0_x" is 8, too old anyway); a JDK without the file is asked (one JVM start).
granary_read_major() {
  granary_major=""
  if [ -f "$1/release" ]; then
    local line
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=*)
          line="${line#JAVA_VERSION=}"; line="${line#\"}"; granary_major="${line%%[!0-9]*}"
          [ "$granary_major" != "1" ] || granary_major=8
          return 0 ;;
      esac
    done < "$1/release"
  else
    granary_major="$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1)"
  fi
}

granary_major=""
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && granary_read_major "$JAVA_HOME"
if [ -z "$granary_major" ] || [ "$granary_major" -lt 21 ] 2>/dev/null; then
  granary_best="" ; granary_best_major=0
  granary_noglob=""
  case "$-" in *f*) granary_noglob=1; set +f ;; esac # ./mvnw runs with globbing off (set -f)
  for granary_jdk in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$granary_jdk/bin/javac" ] || continue
    granary_read_major "$granary_jdk"
    if [ -n "$granary_major" ] && [ "$granary_major" -gt "$granary_best_major" ]; then
      granary_best="$granary_jdk"; granary_best_major=$granary_major
    fi
  done
  [ -z "$granary_noglob" ] || set -f
  if [ "$granary_best_major" -ge 21 ]; then
    export JAVA_HOME="$granary_best"
    granary_major=$granary_best_major
  else
    echo "Granary needs a JDK 21 or newer; none found under /usr/lib/jvm. Install one and set JAVA_HOME." >&2
    exit 1
  fi
fi
export PATH="$JAVA_HOME/bin:$PATH"
GRANARY_JAVA_MAJOR=$granary_major
export GRANARY_JAVA_MAJOR
# Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the flag silences it and does not exist before 23.
if [ "${GRANARY_JAVA_MAJOR:-0}" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
