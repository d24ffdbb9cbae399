package dev.granary.offline.spark;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the Spark engine runs: {@code offline.spark} of {@code granary.yaml}.
 *
 * @param master a Spark master URL: {@code local[*]}, {@code local[2]}, {@code spark://host:7077}, {@code yarn},
 *               {@code k8s://https://host:443}
 * @param conf   Spark properties ({@code spark.executor.memory: 4g}, {@code spark.hadoop.fs.s3a.endpoint: ...});
 *               they win over the engine's defaults except {@code spark.sql.session.timeZone}, which stays UTC
 */
public record SparkSettings(String master, Map<String, String> conf) {
    public static final String DEFAULT_MASTER = "local[*]";

    public SparkSettings {
        master = master == null || master.isBlank() ? DEFAULT_MASTER : master;
        conf = Map.copyOf(requireNonNull(conf, "conf is null"));
    }

    /**
     * The settings of a {@code granary.yaml} block such as {@code { master: "local[*]", conf: { k: v } }}.
     *
     * @throws IllegalArgumentException if {@code master} is not a string or {@code conf} not a map
     */
    public static SparkSettings of(Map<String, Object> block) {
        Object master = block.get("master");
        if (master != null && !(master instanceof String)) {
            throw new IllegalArgumentException("offline.spark.master must be a string such as \"local[*]\" or "
                    + "\"spark://host:7077\", got " + master);
        }
        Object conf = block.getOrDefault("conf", Map.of());
        if (!(conf instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("offline.spark.conf must be a map of Spark properties, such as "
                    + "{ spark.executor.memory: 4g }, got " + conf);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        map.forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        for (String key : block.keySet()) {
            if (!key.equals("master") && !key.equals("conf")) {
                throw new IllegalArgumentException("offline.spark." + key + " is not a setting; use master and conf "
                        + "(Spark properties go under conf)");
            }
        }
        return new SparkSettings((String) master, properties);
    }
}
