# JVM flags for `granary serve` (sourced by ./granary and by ./bench online, so the benchmark measures the server
# as it runs). A fixed heap keeps G1 from running a marking cycle (and its remark pause) every few seconds on a
# small live set; the pause goal keeps young collections short. A fixed marking threshold (60 % of the heap, not
# G1's adaptive one) keeps the remaining cycles away: with a young generation of over half the heap the adaptive
# threshold fell to ~100 MB of old data, so a cycle, with a 9-33 ms remark pause, ran every 20-30 s.
# Measured in docs/benchmarks.md ("online", sessions 6 and 9).
# Override with GRANARY_JAVA_OPTS (./granary) or GRANARY_BENCH_HEAP (./bench).
GRANARY_SERVE_JVM="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MaxGCPauseMillis=5 -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=60"
