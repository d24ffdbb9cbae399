# JVM flags of the Granary processes, sourced by ./granary and ./bench (docs/operations.md, "Memory and JVM flags").
#
# By default the heap is sized to the work: no fixed or pre-touched heap, so a process holds what it uses.
# - Short commands (plan, apply, get, history, rollback, search, help) stop the JIT at its first tier and use the
#   serial collector: they end before the optimizing compiler would pay for itself, and a one-thread collector
#   costs nothing to start. They take transparent huge pages where the kernel offers them (below).
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
if [ "${EUID:-$(id -u)}" = "0" ]; then
  GRANARY_LATENCY_JVM="$GRANARY_LATENCY_JVM -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=19"
fi
# Short commands ask for transparent huge pages for their heap and code cache where the kernel gives them on
# request (its mode [madvise] or [always]; under [never] the JVM would warn at every start): a first touch of fresh
# heap then faults in 2 MiB at once instead of 4 KiB, and a short command spends a good part of its life touching
# fresh heap. The server goes without: its start-up did not gain, and a long-running process would hold memory in
# 2 MiB pieces and could stall on the kernel's compaction of huge pages.
granary_thp=""
{ read -r granary_line < /sys/kernel/mm/transparent_hugepage/enabled; } 2>/dev/null || granary_line=""
case "$granary_line" in *"[always]"*|*"[madvise]"*) granary_thp="-XX:+UseTransparentHugePages" ;; esac
GRANARY_SERVE_JVM="-XX:+UseSerialGC -Xms32m -Xmx${GRANARY_SERVE_MAX_HEAP:-512m} -XX:Tier4InvocationThreshold=40000 -XX:Tier4MinInvocationThreshold=4800 -XX:Tier4CompileThreshold=120000 -XX:Tier4BackEdgeThreshold=320000"
GRANARY_SHORT_JVM="$granary_thp -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
# JDK 25+: `granary serve` does not replay the method profiles its class archive holds (.mvn/class-archive.sh): with
# them the JIT compiles what the recorded run found hot as soon as its classes initialize, and on two cores those
# compilations take the CPU the start-up needs (/ready 0.06 s later on 500 views, 8 alternated pairs;
# docs/benchmarks.md, "cli").
if [ "${GRANARY_JAVA_MAJOR:-0}" -ge 25 ]; then
  GRANARY_SERVE_JVM="$GRANARY_SERVE_JVM -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
fi

# The functions below read the command line and granary.yaml with shell built-ins only: ./granary calls them
# before every command, and each child process (a subshell, awk, sed) costs a short command a few milliseconds.

# granary_command ARGS...: sets granary_name to the command (the first argument that is not an option or the value
# of --repo or --config), "help" when there is none, "other" when it is not a plain word; it names the command's
# class archive. Sets granary_kind to serve, long (export, materialize*, stats, quickstart) or short.
granary_command() {
  granary_name="help"
  local skip="" arg
  for arg in "$@"; do
    [ -n "$skip" ] && { skip=""; continue; }
    case "$arg" in
      --repo|--config) skip=1 ;;
      -*) ;;
      *[!a-z-]*) granary_name="other"; break ;;
      *) granary_name="$arg"; break ;;
    esac
  done
  case "$granary_name" in
    serve) granary_kind="serve" ;;
    export|materialize|materialize-incremental|stats|quickstart) granary_kind="long" ;;
    *) granary_kind="short" ;;
  esac
}

# granary_config ARGS...: reads the granary.yaml the command will read (--config FILE, else the nearest
# granary.yaml from --repo DIR or the working directory up) and sets
# - granary_profile: GRANARY_SERVER_PROFILE, else server.profile (`profile: latency` in a block `server:` mapping,
#   or `server: { ..., profile: latency }`), else "default";
# - granary_engine: GRANARY_OFFLINE_ENGINE, else offline.engine (block or flow mapping), else "default".
granary_config() {
  local dir="$PWD" file="" next="" arg line section=""
  for arg in "$@"; do
    case "$next" in repo) dir="$arg" ;; config) file="$arg" ;; esac
    next=""
    case "$arg" in
      --repo) next=repo ;; --repo=*) dir="${arg#--repo=}" ;;
      --config) next=config ;; --config=*) file="${arg#--config=}" ;;
    esac
  done
  if [ -z "$file" ]; then
    case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
    while [ -n "$dir" ] && [ ! -f "$dir/granary.yaml" ]; do dir="${dir%/*}"; done
    file="${dir:-}/granary.yaml"
  fi
  granary_profile="default" granary_engine="default"
  if [ -f "$file" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        [!\ \#]*) section="${line%%:*}" ;;
      esac
      case "$section" in
        server) [[ "$line" =~ profile:[[:space:]]*[\"\']?latency ]] && granary_profile="latency" ;;
        offline)
          if [[ "$line" =~ ^offline:.*engine:[[:space:]]*\"?spark ]] \
              || [[ "$line" =~ ^[[:space:]]+engine:[[:space:]]*\"?spark\"?[[:space:]]*(#.*)?$ ]]; then
            granary_engine="spark"
          fi ;;
      esac
    done < "$file"
  fi
  [ -n "${GRANARY_SERVER_PROFILE:-}" ] && granary_profile="$GRANARY_SERVER_PROFILE"
  [ -n "${GRANARY_OFFLINE_ENGINE:-}" ] && granary_engine="$GRANARY_OFFLINE_ENGINE"
  return 0
}
