# JVM flags of the Granary processes, sourced by ./granary and ./bench (docs/operations.md, "Memory and JVM flags").
#
# By default the heap is sized to the work: no fixed or pre-touched heap, so a process holds what it uses.
# - Short commands (plan, apply, get, history, rollback, search, help) stop the JIT at its first tier and use the
#   serial collector: they end before the optimizing compiler would pay for itself, and a one-thread collector
#   costs nothing to start.
# - Long commands (export, materialize, stats, quickstart) keep the JVM's defaults: they run hot loops for minutes.
# - `granary serve` starts with a small heap that grows with its live set up to 512 MiB (GRANARY_SERVE_MAX_HEAP),
#   serial collector: the quickstart's server holds well under 400 MiB resident after 1,000 lookups. Its optimizing
#   compiler (C2) waits for eight times the default call and loop counts: most of what runs during start-up runs a
#   few thousand times and then never again, and compiling it twice (C1, then C2) took as much CPU as the start-up
#   itself; the code every request runs still reaches C2, after some tens of thousands of calls, so the server warms
#   up more slowly (the latency profile keeps the JVM's counts).
#
# The latency profile (`server.profile: latency` in granary.yaml, or GRANARY_SERVER_PROFILE=latency) gives
# `granary serve` the flags the online benchmark measures (./bench online uses them): a fixed, pre-touched 2 GiB G1
# heap keeps G1 from running a marking cycle (and its remark pause) every few seconds on a small live set; the
# pause goal keeps young collections short; a fixed marking threshold (60 % of the heap, not G1's adaptive one,
# which fell to ~100 MB of old data) keeps the remaining cycles away. As root (a container's usual user), thread
# priorities reach the OS: the serving threads (Netty's event loops and the lookup workers, at Java's highest
# priority) get nice -5 and the JIT's compiler threads nice 19, so the compilations that the server's periodic
# work sets off use idle CPU instead of the lookups'. Other users cannot raise a priority, and the JVM warns about
# the flag at every start, so they go without (docs/serving.md). Its footprint is 2 GiB and more.
#
# Measured with ./bench online and ./bench cli (method and latest figures: docs/benchmarks.md).
# GRANARY_JAVA_OPTS (./granary) or GRANARY_BENCH_HEAP (./bench) replace these flags.
GRANARY_LATENCY_JVM="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MaxGCPauseMillis=5 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=60"
if [ "$(id -u)" = "0" ]; then
  GRANARY_LATENCY_JVM="$GRANARY_LATENCY_JVM -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=19"
fi
GRANARY_SERVE_JVM="-XX:+UseSerialGC -Xms32m -Xmx${GRANARY_SERVE_MAX_HEAP:-512m} -XX:Tier4InvocationThreshold=40000 -XX:Tier4MinInvocationThreshold=4800 -XX:Tier4CompileThreshold=120000 -XX:Tier4BackEdgeThreshold=320000"
GRANARY_SHORT_JVM="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"

# granary_command_kind ARGS...: short, long or serve, from the first argument that is not an option (or the
# value of --repo or --config, which may come first).
granary_command_kind() {
  granary_skip=""
  for granary_arg in "$@"; do
    [ -n "$granary_skip" ] && { granary_skip=""; continue; }
    case "$granary_arg" in
      --repo|--config) granary_skip=1 ;;
      -*) ;;
      serve) echo serve; return ;;
      export|materialize|materialize-incremental|stats|quickstart) echo long; return ;;
      *) echo short; return ;;
    esac
  done
  echo short
}

# granary_command_name ARGS...: the command (the first argument that is not an option or an option's value), else
# "help"; it names the command's class archive, so that each command maps the classes it loads itself.
granary_command_name() {
  granary_skip=""
  for granary_arg in "$@"; do
    [ -n "$granary_skip" ] && { granary_skip=""; continue; }
    case "$granary_arg" in
      --repo|--config) granary_skip=1 ;;
      -*) ;;
      *) case "$granary_arg" in *[!a-z-]*) echo other ;; *) echo "$granary_arg" ;; esac; return ;;
    esac
  done
  echo help
}

# granary_server_profile ARGS...: GRANARY_SERVER_PROFILE, else server.profile of the repository's granary.yaml
# (--config FILE, else the nearest granary.yaml from --repo DIR or the working directory up), else "default".
granary_server_profile() {
  if [ -n "${GRANARY_SERVER_PROFILE:-}" ]; then echo "$GRANARY_SERVER_PROFILE"; return; fi
  granary_dir="$PWD"; granary_file=""; granary_next=""
  for granary_arg in "$@"; do
    case "$granary_next" in
      repo) granary_dir="$granary_arg" ;;
      config) granary_file="$granary_arg" ;;
    esac
    granary_next=""
    case "$granary_arg" in
      --repo) granary_next=repo ;; --repo=*) granary_dir="${granary_arg#--repo=}" ;;
      --config) granary_next=config ;; --config=*) granary_file="${granary_arg#--config=}" ;;
    esac
  done
  if [ -z "$granary_file" ]; then
    granary_dir="$(cd "$granary_dir" 2>/dev/null && pwd || echo "$granary_dir")"
    while [ -n "$granary_dir" ] && [ ! -f "$granary_dir/granary.yaml" ]; do
      [ "$granary_dir" = "/" ] && break
      granary_dir="$(dirname "$granary_dir")"
    done
    granary_file="$granary_dir/granary.yaml"
  fi
  # `profile: latency` in a block `server:` mapping, or `server: { ..., profile: latency }`
  if [ -f "$granary_file" ] && awk '
      /^[^ #]/ { in_server = ($0 ~ /^server:/) }
      in_server && /profile:[ ]*["'"'"']?latency/ { found = 1 }
      END { exit found ? 0 : 1 }' "$granary_file"; then
    echo latency
  else
    echo default
  fi
}
