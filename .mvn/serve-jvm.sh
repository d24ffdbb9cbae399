# JVM flags for `granary serve` (sourced by ./granary and by ./bench online, so the benchmark measures the server
# as it runs). A fixed heap keeps G1 from running a marking cycle (and its remark pause) every few seconds on a
# small live set; the pause goal keeps young collections short. Measured in docs/benchmarks.md ("online").
# Override with GRANARY_JAVA_OPTS (./granary) or GRANARY_BENCH_HEAP (./bench).
GRANARY_SERVE_JVM="-Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MaxGCPauseMillis=5"
