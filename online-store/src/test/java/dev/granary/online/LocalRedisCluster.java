package dev.granary.online;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Cluster on this machine for tests and benchmarks: {@code redis-server --cluster-enabled yes} on free
 * loopback ports in a temporary folder, joined by {@code redis-cli --cluster create}, stopped and removed by
 * {@link #close()}. Masters and replicas as asked (three and three by default); the node timeout is short so a
 * failover takes about two seconds. {@link #shared()} is one cluster for every test of a JVM, left clean by each test
 * (own key prefixes); tests that kill nodes start their own.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);
    private static LocalRedisCluster shared;

    private final Path dir;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private LocalRedisCluster(int masters, int replicasPerMaster) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("granary-redis-cluster");
        List<Integer> ports = freePorts(masters * (1 + replicasPerMaster));
        for (int port : ports) {
            start(port);
        }
        for (int port : ports) {
            awaitPing(port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", Integer.toString(replicasPerMaster), "--cluster-yes"));
        String out = run(create);
        if (!out.contains("[OK] All 16384 slots covered")) {
            close();
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
        }
        awaitHealthy(Duration.ofSeconds(30));
        awaitReplicas(masters, replicasPerMaster, Duration.ofSeconds(30));
    }

    /** A new cluster of {@code masters} masters with {@code replicasPerMaster} replicas each. */
    public static LocalRedisCluster start(int masters, int replicasPerMaster) {
        try {
            return new LocalRedisCluster(masters, replicasPerMaster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Three masters, three replicas, started on first use and stopped when the JVM exits. */
    public static synchronized LocalRedisCluster shared() {
        if (shared == null) {
            shared = start(3, 1);
            LocalRedisCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        }
        return shared;
    }

    /** {@code redis://127.0.0.1:<port>} of every node started (some may be dead or replicas). */
    public List<String> nodeUrls() {
        return processes.keySet().stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    /** The process id of every node started, by port. */
    public Map<Integer, Long> pids() {
        Map<Integer, Long> pids = new LinkedHashMap<>();
        processes.forEach((port, process) -> pids.put(port, process.pid()));
        return pids;
    }

    /** Ports of the nodes that are masters now, by CLUSTER NODES of a live node. */
    public List<Integer> masterPorts() {
        List<Integer> masters = new ArrayList<>();
        for (String line : clusterNodes().split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 2 && f[2].contains("master") && !f[2].contains("fail") && f[7].equals("connected")) {
                masters.add(port(f[1]));
            }
        }
        return masters;
    }

    /** The port of the replica of the master on {@code masterPort}. */
    public int replicaOf(int masterPort) {
        String masterId = null;
        String nodes = clusterNodes();
        for (String line : nodes.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 2 && port(f[1]) == masterPort) {
                masterId = f[0];
            }
        }
        for (String line : nodes.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 3 && f[3].equals(masterId)) {
                return port(f[1]);
            }
        }
        throw new IllegalStateException("no replica of 127.0.0.1:" + masterPort + " in\n" + nodes);
    }

    /** The cluster node id of the node on {@code port}. */
    public String nodeId(int port) {
        return cli(port, "cluster", "myid").trim();
    }

    /** Waits until the replica on {@code replicaPort} has everything its master on {@code masterPort} has. */
    public void awaitReplicated(int masterPort, int replicaPort, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long master = infoNumber(masterPort, "master_repl_offset");
            long replica = infoNumber(replicaPort, "slave_repl_offset");
            if (replica >= master && master > 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replica " + replicaPort + " at offset " + replica + " behind master "
                        + masterPort + " at " + master);
            }
            Thread.sleep(20);
        }
    }

    private long infoNumber(int port, String field) {
        for (String line : cli(port, "info", "replication").split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        return -1;
    }

    /** The port of the master serving {@code slot} now. */
    public int masterOfSlot(int slot) {
        for (String line : clusterNodes().split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return port(f[1]);
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** SIGKILLs the node on {@code port}, as a crashed machine. */
    public void kill(int port) throws InterruptedException {
        Process process = processes.get(port);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Runs {@code redis-cli -p <port> args...} and returns its output. */
    public String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs {@code redis-cli --cluster args...} against a live node. */
    public String clusterCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster"));
        command.add(args[0]);
        command.add("127.0.0.1:" + liveNode());
        command.addAll(List.of(args).subList(1, args.length));
        return run(command);
    }

    /** Waits until every live node says the cluster is ok and they agree on the masters. */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ok = true;
            for (Map.Entry<Integer, Process> node : processes.entrySet()) {
                if (node.getValue().isAlive() && !cli(node.getKey(), "cluster", "info").contains("cluster_state:ok")) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not become healthy in " + timeout + ":\n"
                        + clusterNodes());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until every live node sees each of the {@code masters} masters with {@code replicasPerMaster} replicas:
     * {@code redis-cli --cluster create} returns once the slots are covered, while the replicas' roles are still
     * spreading by gossip, and a test that looks up a replica then would find none.
     */
    private void awaitReplicas(int masters, int replicasPerMaster, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String disagreeing = null;
            for (Map.Entry<Integer, Process> node : processes.entrySet()) {
                if (!node.getValue().isAlive()) {
                    continue;
                }
                String nodes = cli(node.getKey(), "cluster", "nodes");
                if (!hasReplicas(nodes, masters, replicasPerMaster)) {
                    disagreeing = nodes;
                    break;
                }
            }
            if (disagreeing == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replicas did not take their roles in " + timeout + ":\n"
                        + disagreeing);
            }
            Thread.sleep(50);
        }
    }

    private static boolean hasReplicas(String nodes, int masters, int replicasPerMaster) {
        Map<String, Integer> replicasByMaster = new LinkedHashMap<>();
        for (String line : nodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8 || f[2].contains("fail") || !f[7].equals("connected")) {
                continue;
            }
            if (f[2].contains("master") && f.length > 8) {
                replicasByMaster.putIfAbsent(f[0], 0);
            }
        }
        for (String line : nodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length >= 8 && f[2].contains("slave") && !f[2].contains("fail") && f[7].equals("connected")
                    && replicasByMaster.containsKey(f[3])) {
                replicasByMaster.merge(f[3], 1, Integer::sum);
            }
        }
        return replicasByMaster.size() == masters
                && replicasByMaster.values().stream().allMatch(n -> n == replicasPerMaster);
    }

    private String clusterNodes() {
        return cli(liveNode(), "cluster", "nodes");
    }

    private int liveNode() {
        return processes.entrySet().stream().filter(e -> e.getValue().isAlive()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node is alive")).getKey();
    }

    private static int port(String address) {
        String hostPort = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private void start(int port) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                // a replica takes over however long it lost its master for (the default refuses after a while)
                "--cluster-replica-validity-factor", "0",
                "--dir", nodeDir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--logfile", nodeDir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(nodeDir.resolve("stdout.log").toFile()).start();
        processes.put(port, process);
    }

    private void awaitPing(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (cli(port, "ping").contains("PONG")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir);
    }

    /** Ports free now whose cluster bus port (port + 10000) is free too. */
    private static List<Integer> freePorts(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < count) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (port + 10_000 > 65_535 || ports.contains(port)) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket(port + 10_000)) {
                ports.add(port);
            } catch (IOException busy) {
                // try another
            }
        }
        return ports;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command + " (are redis-server and redis-cli on the"
                    + " PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (Process process : processes.values()) {
            process.destroyForcibly();
        }
        for (Process process : processes.values()) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
