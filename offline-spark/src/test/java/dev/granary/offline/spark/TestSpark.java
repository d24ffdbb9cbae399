package dev.granary.offline.spark;

import java.util.Map;

/** One Spark engine on {@code local[2]} per test JVM: a session takes seconds to start. */
final class TestSpark {
    private static SparkOfflineEngine engine;

    private TestSpark() {
    }

    static synchronized SparkOfflineEngine engine() {
        if (engine == null) {
            engine = SparkOfflineEngine.start(new SparkSettings("local[2]", Map.of(
                    // tiny data: one shuffle partition, no adaptive re-planning, no whole-stage code generation
                    // (compiling generated code costs more than running it on a few rows)
                    "spark.sql.shuffle.partitions", "2",
                    "spark.sql.adaptive.enabled", "false",
                    "spark.sql.codegen.wholeStage", "false")));
        }
        return engine;
    }
}
