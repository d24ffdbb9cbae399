package dev.granary.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of {@code ./bench NAME [--quick]}: runs {@code dev.granary.bench.NAME.Benchmark}, whose last
 * printed line is {@code RESULT NAME key=value ...}. Each benchmark lives in its own package so they stay apart.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: ./bench NAME [--quick]   (NAME: offline, flight, online [--cluster], materialize, search, cli, relevance, soak [--minutes N], health)");
            System.exit(2);
        }
        String name = args[0].toLowerCase(Locale.ROOT);
        String pkg = name.equals("materialize") ? "online" : name;
        String cls = "dev.granary.bench." + pkg + "." + (name.equals("materialize") ? "Materialize" : "") + "Benchmark";
        Class<?> benchmark;
        try {
            benchmark = Class.forName(cls);
        } catch (ClassNotFoundException e) {
            System.err.println("no benchmark named '" + name + "' (looked for " + cls + ")");
            System.exit(2);
            return;
        }
        benchmark.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
