# Sourced by ./granary: the class archive of one command (docs/operations.md, "Start-up").
#
# Each command keeps an archive of the classes its runs load under cli/target/cds/, so that later runs map them
# instead of reading, parsing and verifying them from the jars again. A build deletes them all; an archive older
# than a jar of the class path (a build that was not the launcher's, such as ./bench's or ./mvnw package) is deleted
# too.
# - JDK 25 and newer: an ahead-of-time cache (JEP 483/514), which also holds the classes linked, lambdas resolved
#   and some objects of their static state. The first run after a build records what it loads
#   (-XX:AOTMode=record, written when it exits, also on SIGTERM; the JVM's own messages are off for that run); the
#   next run assembles the cache from that record in a background process (a few seconds of one core; the run
#   itself goes on without a cache); the runs after that use it. A record the JVM cannot assemble (a run killed
#   while writing it) is deleted and the next run records again.
# - JDK 21-24: the JVM's dynamic archive (-XX:+AutoCreateSharedArchive), written by the first run when it exits.
# A command that fails in the run that records (or writes) the archive marks it (BASE.failed, GranaryCommand), and
# the next run records again.
# No archive when the class path holds a folder, and no record with under 1 GiB free: in both cases the JVM fails
# the exit of the run (exit code 1 after the command succeeded).
# Shell built-ins only on the usual path (see ./granary).

# granary_class_archive BASE FLAGS CLASSPATH: sets granary_archive_flags, the JVM flags that use (or start) the
# archive at BASE.aot or BASE.jsa for a JVM started with FLAGS and CLASSPATH.
granary_class_archive() {
  local base="$1" flags="$2" cp="$3"
  granary_archive_flags=""
  # a folder on the class path makes the JVM fail its exit ("Cannot have non-empty directory in paths", exit
  # code 1 after the command succeeded): no archive then
  granary_has_folder "$cp" && return 0
  # the run that recorded failed and stopped early (a server that could not start loads a fifth of the classes of
  # one that did): record again rather than keep its classes for every later run
  if [ -f "$base.failed" ]; then
    rm -f "$base.aotconf" "$base.jsa" "$base.failed"
  fi
  local record="-Dgranary.classArchive.record=$base"
  if [ "${GRANARY_JAVA_MAJOR:-0}" -lt 25 ]; then
    granary_delete_if_stale "$base.jsa" "$cp"
    granary_archive_flags="-XX:SharedArchiveFile=$base.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
    [ -f "$base.jsa" ] || granary_archive_flags="$granary_archive_flags $record"
    return
  fi
  granary_delete_if_stale "$base.aot" "$cp"
  granary_delete_if_stale "$base.aotconf" "$cp"
  if [ -f "$base.aot" ]; then
    granary_archive_flags="-XX:AOTCache=$base.aot -Xlog:aot=off -Xlog:cds=off"
  elif [ -f "$base.aotconf" ]; then
    granary_assemble_in_background "$base" "$flags" "$cp"  # this run goes without
  elif [ -d "$base.lock" ]; then
    :  # another run is assembling the cache; this one goes without
  elif [ "$(df -Pm "${base%/*}" 2>/dev/null | awk 'NR == 2 {print $4}')" -lt 1024 ] 2>/dev/null; then
    :  # under 1 GiB free: a record the JVM cannot write fails the command's exit
  else
    granary_archive_flags="-XX:AOTMode=record -XX:AOTConfiguration=$base.aotconf -Xlog:aot=off -Xlog:cds=off $record"
    # the JVM says on the terminal that it wrote the record, in the middle of the command's own output
    granary_archive_flags="$granary_archive_flags -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput"
  fi
}

# granary_has_folder CLASSPATH: whether an entry of CLASSPATH is a folder.
granary_has_folder() {
  local IFS=: entry
  for entry in $1; do
    [ -d "$entry" ] && return 0
  done
  return 1
}

# granary_delete_if_stale FILE CLASSPATH: deletes FILE when a jar of CLASSPATH is newer.
granary_delete_if_stale() {
  [ -f "$1" ] || return 0
  local IFS=: entry
  for entry in $2; do
    if [ "$entry" -nt "$1" ]; then
      rm -f "$1"
      return 0
    fi
  done
  return 0
}

# granary_assemble_in_background BASE FLAGS CLASSPATH: assembles BASE.aot from the record BASE.aotconf in a
# detached process, one at a time (the folder BASE.lock; one left by a killed process expires after 10 minutes).
granary_assemble_in_background() {
  local base="$1" flags="$2" cp="$3"
  if [ -d "$base.lock" ] && [ -n "$(find "$base.lock" -maxdepth 0 -mmin +10 2>/dev/null)" ]; then
    rmdir "$base.lock" 2>/dev/null || true
  fi
  mkdir "$base.lock" 2>/dev/null || return 0
  (
    # shellcheck disable=SC2086 # FLAGS are words
    if "$JAVA_HOME/bin/java" $flags -XX:AOTMode=create -XX:AOTConfiguration="$base.aotconf" \
        -XX:AOTCache="$base.aot.part" -Xlog:aot=off -Xlog:cds=off -cp "$cp"; then
      mv -f "$base.aot.part" "$base.aot"
    fi
    rm -f "$base.aotconf" "$base.aot.part"
    rmdir "$base.lock"
  ) </dev/null >/dev/null 2>&1 &
}
