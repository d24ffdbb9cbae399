package dev.granary.offline.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on loopback: a Master and one Worker, each its own JVM started from the Spark classes
 * of this test's classpath (spark-core holds {@code deploy.master.Master} and {@code deploy.worker.Worker}; no Spark
 * distribution is needed). The Worker starts executors as a distribution's Worker does, through Spark's launcher,
 * which insists on a {@code SPARK_HOME} with a {@code jars} folder: it gets an empty one, and the executors get
 * their classes from {@code spark.executor.extraClassPath} ({@link #executorClasspath()}).
 *
 * <p>{@link #close} ends the Worker, its executors and the Master, forcibly if they do not stop within seconds; a
 * shutdown hook does the same if the test JVM exits without closing.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);

    private final Path home;
    private final int masterPort;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::kill, "standalone-cluster-kill");

    private StandaloneCluster(Path home, int masterPort) {
        this.home = home;
        this.masterPort = masterPort;
    }

    /** Starts a Master on a free loopback port and a Worker with {@code cores} cores and {@code memory} of memory. */
    static StandaloneCluster start(Path dir, int cores, String memory) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(dir, freePort());
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            cluster.launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(cluster.masterPort), "--webui-port", "0"));
            cluster.awaitPort(cluster.masterPort, cluster.processes.get(0), "master");
            Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
            Files.createDirectories(sparkHome.resolve("jars"));
            cluster.launch("worker", List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", "0", "--webui-port", "0", "--cores", Integer.toString(cores), "--memory", memory,
                    "--work-dir", Files.createDirectories(dir.resolve("work")).toString(), cluster.masterUrl()));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The test JVM's class path (surefire puts the real one in {@code java.class.path} of its forked JVM). */
    static String executorClasspath() {
        return System.getProperty("java.class.path");
    }

    /**
     * {@link #executorClasspath()} without the folder or jar of the engine's main classes, so that executors can
     * only load them from the jar the engine adds to {@code spark.jars}.
     */
    static String executorClasspathWithoutEngine() {
        String engine = Path.of(SparkOfflineEngine.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
        return java.util.Arrays.stream(executorClasspath().split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().toString().equals(engine))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The last lines each process logged, for a failure message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("master", "worker")) {
            Path log = home.resolve(name + ".log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
                out.append("--- ").append(name).append(" (last 30 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                out.append("--- ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    private void launch(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        // the module openings Spark needs (offline-spark's argLine: spark-jvm.flags)
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")
                        || a.startsWith("--sun-misc-unsafe-memory-access") || a.startsWith("--enable-native-access"))
                .forEach(command::add);
        command.addAll(List.of("-cp", executorClasspath()));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.resolve("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.remove("SPARK_CONF_DIR");
        processes.add(builder.start());
    }

    private void awaitPort(int port, Process process, String name) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Spark " + name + " exited with " + process.exitValue() + "\n" + logs());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Spark " + name + " did not listen on port " + port + " within " + START
                + "\n" + logs());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Every process of the cluster (executors included) still alive. */
    List<ProcessHandle> alive() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        return all.stream().filter(ProcessHandle::isAlive).toList();
    }

    private void kill() {
        // the Worker first (it ends its executors on a normal stop), then whatever is left, by force
        List<ProcessHandle> all = new ArrayList<>();
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
