# JVM flags for `granary serve` (sourced by ./granary and by ./bench online, so the benchmark measures the server
# as it runs). A fixed heap keeps G1 from running a marking cycle (and its remark pause) every few seconds on a
# small live set; the pause goal keeps young collections short. A fixed marking threshold (60 % of the heap, not
# G1's adaptive one) keeps the remaining cycles away: with a young generation of over half the heap the adaptive
# threshold fell to ~100 MB of old data, so a cycle, with a 9-33 ms remark pause, ran every 20-30 s.
# As root (a container's usual user), thread priorities reach the OS: the serving threads (Netty's event loops and
# the lookup workers, at Java's highest priority) get nice -5 and the JIT's compiler threads nice 19, so the
# compilations that the server's periodic work sets off (usage flush, catalog refresh) use idle CPU instead of
# the lookups' (100-row p99: 2.0-3.7 ms without, 1.1-1.7 ms with, in quick runs). Other users cannot raise a
# priority, and the JVM warns about the flag at every start, so they go without (docs/serving.md).
# Measured with ./bench online (method and latest figures: docs/benchmarks.md).
# Override with GRANARY_JAVA_OPTS (./granary) or GRANARY_BENCH_HEAP (./bench).
GRANARY_SERVE_JVM="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MaxGCPauseMillis=5 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=60"
if [ "$(id -u)" = "0" ]; then
  GRANARY_SERVE_JVM="$GRANARY_SERVE_JVM -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=19"
fi
