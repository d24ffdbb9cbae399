package dev.granary.bench.cli;

import dev.granary.bench.cli.Launches.Server;
import dev.granary.bench.cli.Launches.Timed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./bench cli [--quick]}: a user's daily loop, each step a whole {@code ./granary} process as typed, on a
 * generated repository of 500 views x 10 features over one Parquet source ({@link LargeRepository}), data checks
 * on. Times (median of 5 runs; 1 with {@code --quick}): apply into an empty registry, apply after every view's
 * description changed, plan with no change, {@code granary serve} from launch until {@code /ready} answers, and
 * {@code granary get} of one entity on the quickstart repository. Then the resident memory of {@code granary
 * serve} on the quickstart after 1,000 lookups. Runs with the launcher's defaults (no {@code GRANARY_JAVA_OPTS},
 * no {@code GRANARY_SERVER_PROFILE}).
 * Last line: {@code RESULT cli apply500_s=<> reapply500_s=<> plan500_s=<> serve_ready_s=<> get_s=<> serve_rss_mb=<>}.
 */
public final class Benchmark {
    private static final int VIEWS = 500;
    private static final int LOOKUPS = 1_000;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int runs = quick ? 1 : 5;
        Path granary = Path.of("granary").toAbsolutePath();
        if (!Files.isExecutable(granary)) {
            throw new IllegalStateException("run from the project root (./bench cli): no " + granary);
        }
        Path work = Files.createTempDirectory("granary-bench-cli");
        Path logs = Files.createDirectories(work.resolve("logs"));
        Launches launches = new Launches(granary, logs);
        try {
            Path large = work.resolve("large");
            LargeRepository.write(large, VIEWS);
            Path quickstart = work.resolve("quickstart");
            // untimed: builds if sources changed; the first runs of each command after a build make its class
            // archive (on JDK 25+ the first records, the second assembles the cache in the background: wait for it)
            launches.run(work, "quickstart", quickstart.toString());
            for (int warm = 0; warm < 2; warm++) {
                launches.run(large, "apply", "--skip-data-checks");
                launches.run(large, "plan");
                launches.run(quickstart, "get", "--entity", "driver_id=1001", "--features", "driver_stats:conv_rate");
                Launches.stop(launches.serve(large));
            }
            launches.awaitClassArchives();
            System.out.printf(Locale.ROOT, "cli: %d views x %d features over %d Parquet files in %s; %d run(s) each%n",
                    VIEWS, LargeRepository.FEATURES, LargeRepository.FILES, large, runs);

            List<Timed> apply = new ArrayList<>();
            List<Timed> reapply = new ArrayList<>();
            List<Timed> plan = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                deleteTree(large.resolve(".granary"));
                LargeRepository.writeSpec(large, VIEWS, "");
                apply.add(launches.run(large, "apply"));
                LargeRepository.writeSpec(large, VIEWS, " (revised " + r + ")");
                reapply.add(launches.run(large, "apply"));
                plan.add(launches.run(large, "plan"));
            }
            report("apply fresh", apply);
            report("apply, every description changed", reapply);
            report("plan, no change", plan);

            List<Timed> ready = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Server server = launches.serve(large);
                ready.add(new Timed(server.readySeconds(), Double.NaN));
                Launches.stop(server);
            }
            report("serve until /ready", ready);

            List<Timed> get = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                get.add(launches.run(quickstart, "get", "--entity", "driver_id=1001",
                        "--features", "driver_stats:conv_rate,driver_activity:trips_7d"));
            }
            report("get of one entity", get);

            Server server = launches.serve(quickstart);
            double rss;
            try {
                for (int i = 0; i < LOOKUPS; i++) {
                    launches.post(server, "/get-online-features", "{\"features\": [\"driver_stats:conv_rate\", "
                            + "\"driver_activity:trips_7d\"], \"entities\": {\"driver_id\": [" + (1001 + i % 5) + "]}}");
                }
                rss = Launches.residentMib(server.process());
            } finally {
                Launches.stop(server);
            }
            System.out.printf(Locale.ROOT, "serve on the quickstart after %,d lookups: %.0f MiB resident%n",
                    LOOKUPS, rss);
            System.out.printf(Locale.ROOT, "load average at the end: %.2f on %d cores%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "RESULT cli apply500_s=%.2f reapply500_s=%.2f plan500_s=%.2f "
                            + "serve_ready_s=%.2f get_s=%.2f serve_rss_mb=%.0f%n", wall(apply), wall(reapply),
                    wall(plan), wall(ready), wall(get), rss);
        } finally {
            deleteTree(work);
        }
    }

    private static void report(String what, List<Timed> runs) {
        System.out.printf(Locale.ROOT, "%-34s median %.2f s wall%s  (runs: %s)%n", what, wall(runs),
                Double.isNaN(cpu(runs)) ? "" : String.format(Locale.ROOT, ", %.2f s CPU", cpu(runs)),
                String.join(" ", runs.stream().map(t -> String.format(Locale.ROOT, "%.2f", t.wallSeconds())).toList()));
    }

    private static double wall(List<Timed> runs) {
        return median(runs.stream().mapToDouble(Timed::wallSeconds).toArray());
    }

    private static double cpu(List<Timed> runs) {
        return median(runs.stream().mapToDouble(Timed::cpuSeconds).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
