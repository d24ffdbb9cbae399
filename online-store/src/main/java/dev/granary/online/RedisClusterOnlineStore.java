package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@link OnlineStore} on Redis Cluster: the standalone store's keys and values ({@link RedisRows}), with every
 * batch split by hash slot, since a cluster refuses a command or script whose keys lie in more than one slot. The
 * topology (which master serves which slot) and a connection pool per node come from Jedis's cluster connection
 * provider, the part of {@code RedisClusterClient} that knows the slots; the commands of one request are grouped
 * by node here and sent as one pipeline per node, the nodes in parallel. Writes: one newer-wins script call per
 * slot (up to 64 rows). Reads: one MGET per slot (the views of one entity share its slot through the hash tag).
 *
 * <p>Redirections are followed: MOVED (the slot has moved: refresh the topology, resend), ASK (the slot is being
 * migrated and the key is already on the target: resend there after ASKING), TRYAGAIN (a multi-key command over a
 * slot half migrated: wait a moment, resend). An unreachable node (a master that died and is not yet replaced)
 * fails the request with {@link OnlineStoreException} and refreshes the topology, so requests after the cluster's
 * failover go to the promoted replica; a request is never answered from a node that does not own the slot, so
 * never with a stale or partial value.
 */
final class RedisClusterOnlineStore implements OnlineStore {
    /** Rows per script call at most (one slot's rows; as in the standalone store). */
    static final int ROWS_PER_CALL = RedisOnlineStore.ROWS_PER_CALL;
    private static final String SCRIPT_SHA = sha1Hex(NewerWinsScript.SOURCE);

    private final RedisClusterConfig config;
    private final String clientName = "granary-online-" + UUID.randomUUID().toString().substring(0, 8);
    /** Sends the pipelines of all but one node of a request, so the nodes work at the same time. */
    private final ExecutorService nodeSenders = Executors.newVirtualThreadPerTaskExecutor();
    private final Object opening = new Object();
    private volatile ClusterConnectionProvider provider;

    RedisClusterOnlineStore(RedisClusterConfig config) {
        this.config = config;
    }

    /** The name this store's connections carry in CLIENT LIST. */
    String clientName() {
        return clientName;
    }

    // ---- writes

    @Override
    public WriteResult write(String project, FeatureViewSpec view, List<String> featureNames, List<OnlineRow> rows) {
        RedisRows.Encoded encoded = RedisRows.encode(config.keyPrefix(), project, view, featureNames, rows,
                config.floatText());
        if (encoded.size() == 0) {
            return WriteResult.NONE;
        }
        // rows of one slot keep their order, so the same entity twice in a batch is compared in batch order
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        for (int r = 0; r < encoded.size(); r++) {
            bySlot.computeIfAbsent(JedisClusterCRC16.getSlot(encoded.keys()[r]), s -> new ArrayList<>()).add(r);
        }
        List<ScriptCall> calls = new ArrayList<>(bySlot.size());
        for (Map.Entry<Integer, List<Integer>> slot : bySlot.entrySet()) {
            List<Integer> slotRows = slot.getValue();
            for (int from = 0; from < slotRows.size(); from += ROWS_PER_CALL) {
                int to = Math.min(slotRows.size(), from + ROWS_PER_CALL);
                List<byte[]> keys = new ArrayList<>(to - from);
                List<byte[]> args = new ArrayList<>(1 + 2 * (to - from));
                args.add(encoded.complete());
                for (int i = from; i < to; i++) {
                    int r = slotRows.get(i);
                    keys.add(encoded.keys()[r]);
                    args.add(encoded.micros()[r]);
                    args.add(encoded.values()[r]);
                }
                calls.add(new ScriptCall(slot.getKey(), keys, args));
            }
        }
        execute(calls, "write to view '" + view.name() + "' of project '" + project + "'");
        long applied = 0;
        for (ScriptCall call : calls) {
            applied += call.applied;
        }
        return new WriteResult(applied, rows.size() - applied);
    }

    /** One newer-wins script call: rows of one slot. */
    private static final class ScriptCall extends SlotCommand {
        private final List<byte[]> keys;
        private final List<byte[]> args;
        long applied;

        ScriptCall(int slot, List<byte[]> keys, List<byte[]> args) {
            super(slot);
            this.keys = keys;
            this.args = args;
        }

        @Override
        CommandArguments command() {
            CommandArguments command = new CommandArguments(Protocol.Command.EVALSHA).add(SCRIPT_SHA)
                    .add(keys.size());
            for (byte[] key : keys) {
                command.key(key);
            }
            for (byte[] arg : args) {
                command.add(arg);
            }
            return command;
        }

        @Override
        void accept(Object reply) {
            applied = (Long) reply;
        }
    }

    // ---- reads

    @Override
    public List<ReadRow> read(String project, List<ViewRead> reads, Instant now) {
        Objects.requireNonNull(now, "now is null");
        int rowsCount = ViewRead.rowCount(reads);
        List<int[]> wanted = RedisRows.wantedIds(reads);
        byte[][][] keys = RedisRows.readKeys(config.keyPrefix(), project, reads, rowsCount);
        byte[][][] stored = new byte[reads.size()][rowsCount][];
        Map<Integer, SlotRead> bySlot = new HashMap<>();
        for (int v = 0; v < keys.length; v++) {
            for (int r = 0; r < rowsCount; r++) {
                int slot = JedisClusterCRC16.getSlot(keys[v][r]);
                bySlot.computeIfAbsent(slot, s -> new SlotRead(s, stored)).add(keys[v][r], v, r);
            }
        }
        execute(new ArrayList<>(bySlot.values()), "read from project '" + project + "'");
        return RedisRows.toReadRows(reads, wanted, stored, rowsCount, now);
    }

    /** One MGET: the keys of one slot (all views of the entities hashing there), answers put where they belong. */
    private static final class SlotRead extends SlotCommand {
        private final byte[][][] stored;
        private final List<byte[]> keys = new ArrayList<>(2);
        private final List<int[]> places = new ArrayList<>(2);

        SlotRead(int slot, byte[][][] stored) {
            super(slot);
            this.stored = stored;
        }

        void add(byte[] key, int view, int row) {
            keys.add(key);
            places.add(new int[] {view, row});
        }

        @Override
        CommandArguments command() {
            CommandArguments command = new CommandArguments(Protocol.Command.MGET);
            for (byte[] key : keys) {
                command.key(key);
            }
            return command;
        }

        @Override
        void accept(Object reply) {
            List<?> values = (List<?>) reply;
            for (int i = 0; i < places.size(); i++) {
                int[] place = places.get(i);
                stored[place[0]][place[1]] = (byte[]) values.get(i);
            }
        }
    }

    // ---- sending by slot

    /** A command on the keys of one slot, resent as redirections say until it has its answer. */
    private abstract static class SlotCommand {
        final int slot;
        /** Where the last redirection sent it, else null: the slot's owner in the cached topology. */
        HostAndPort redirectedTo;
        /** The redirection was ASK (the slot is being imported there): the command goes after ASKING. */
        boolean asking;

        SlotCommand(int slot) {
            this.slot = slot;
        }

        /** The Redis command, sent as is (no per-call client objects: this runs once per slot of every read). */
        abstract CommandArguments command();

        /** Takes the raw reply (RESP2 decoded by the connection: bulk strings as byte[], lists as List). */
        abstract void accept(Object reply);
    }

    /** What one node's pipeline left undone: commands to resend, and whether the topology needs refreshing. */
    private record NodeOutcome(List<SlotCommand> resend, boolean moved, boolean tryAgain) {
    }

    /**
     * Sends every command to the master owning its slot, one pipeline per node, the nodes at the same time, and
     * follows redirections until every command is answered or the socket timeout has passed.
     */
    private void execute(List<? extends SlotCommand> commands, String action) {
        if (commands.isEmpty()) {
            return;
        }
        ClusterConnectionProvider nodes = provider(action);
        List<SlotCommand> pending = new ArrayList<>(commands);
        long deadline = System.nanoTime() + config.socketTimeout().toNanos();
        long backoffMillis = 1;
        for (int round = 1; ; round++) {
            Map<HostAndPort, List<SlotCommand>> byNode = new LinkedHashMap<>();
            try {
                for (SlotCommand command : pending) {
                    HostAndPort node = command.redirectedTo != null ? command.redirectedTo : nodes.getNode(command.slot);
                    if (node == null) {
                        throw new OnlineStoreException("Redis Cluster at " + config.redactedNodes() + " failed to "
                                + action + ": no master serves slot " + command.slot + " (the cluster is failing"
                                + " over or some slots are not assigned); retry shortly");
                    }
                    byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(command);
                }
                List<NodeOutcome> outcomes = sendToNodes(nodes, byNode);
                List<SlotCommand> resend = new ArrayList<>();
                boolean moved = false;
                boolean tryAgain = false;
                for (NodeOutcome outcome : outcomes) {
                    resend.addAll(outcome.resend());
                    moved |= outcome.moved();
                    tryAgain |= outcome.tryAgain();
                }
                if (resend.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new OnlineStoreException("Redis Cluster at " + config.redactedNodes() + " failed to " + action
                            + ": slots still moving after " + round + " rounds of redirections in "
                            + config.socketTimeout().toMillis() + " ms; retry shortly");
                }
                if (moved) {
                    // the redirected commands already go where MOVED said; the cache learns it for later requests
                    nodes.renewSlotCache();
                }
                if (tryAgain) {
                    // a multi-key command over a slot whose keys are half moved: the move of one slot takes ms
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(50, backoffMillis * 2);
                }
                pending = resend;
            } catch (JedisException e) {
                // a node unreachable or failing: its slots may have a new master (failover) or be about to get
                // one; learn the current topology so later requests go there, and fail this one
                refreshQuietly(nodes);
                throw failure(action, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OnlineStoreException("interrupted while waiting to " + action, e);
            }
        }
    }

    private List<NodeOutcome> sendToNodes(ClusterConnectionProvider nodes,
                                          Map<HostAndPort, List<SlotCommand>> byNode) throws InterruptedException {
        List<Map.Entry<HostAndPort, List<SlotCommand>>> entries = new ArrayList<>(byNode.entrySet());
        List<Future<NodeOutcome>> others = new ArrayList<>(entries.size() - 1);
        for (int i = 1; i < entries.size(); i++) {
            Map.Entry<HostAndPort, List<SlotCommand>> entry = entries.get(i);
            others.add(nodeSenders.submit(() -> sendToNode(nodes, entry.getKey(), entry.getValue())));
        }
        List<NodeOutcome> outcomes = new ArrayList<>(entries.size());
        JedisException failed = null;
        try {
            outcomes.add(sendToNode(nodes, entries.get(0).getKey(), entries.get(0).getValue()));
        } catch (JedisException e) {
            failed = e;
        }
        for (Future<NodeOutcome> other : others) {
            try {
                outcomes.add(other.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof JedisException jedis)) {
                    throw e.getCause() instanceof RuntimeException runtime ? runtime
                            : new OnlineStoreException("a Redis Cluster node call failed", e.getCause());
                }
                if (failed == null) {
                    failed = jedis;
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        return outcomes;
    }

    /** One pipeline to one node; replies that are redirections are left for the next round. */
    private NodeOutcome sendToNode(ClusterConnectionProvider nodes, HostAndPort node, List<SlotCommand> commands) {
        List<SlotCommand> resend = new ArrayList<>();
        boolean moved = false;
        boolean tryAgain = false;
        try (Connection connection = connect(nodes, node, commands)) {
            int sent = 0;
            for (SlotCommand command : commands) {
                if (command.asking) {
                    connection.sendCommand(Protocol.Command.ASKING);
                    sent++;
                }
                connection.sendCommand(command.command());
                sent++;
            }
            // flushes once and reads every reply, a Redis error reply as its exception in the list
            List<Object> replies = connection.getMany(sent);
            boolean scriptLoaded = false;
            int at = 0;
            for (SlotCommand command : commands) {
                if (command.asking) {
                    at++;
                }
                Object reply = replies.get(at++);
                if (!(reply instanceof JedisDataException)) {
                    command.accept(reply);
                } else if (reply instanceof JedisMovedDataException e) {
                    command.redirectedTo = e.getTargetNode();
                    command.asking = false;
                    moved = true;
                    resend.add(command);
                } else if (reply instanceof JedisAskDataException e) {
                    command.redirectedTo = e.getTargetNode();
                    command.asking = true;
                    resend.add(command);
                } else {
                    JedisDataException e = (JedisDataException) reply;
                    String message = String.valueOf(e.getMessage());
                    if (message.startsWith("TRYAGAIN")) {
                        // asked again from the slot's owner: the move may have finished meanwhile
                        command.redirectedTo = null;
                        command.asking = false;
                        tryAgain = true;
                        resend.add(command);
                    } else if (message.startsWith("NOSCRIPT")) {
                        // this node never loaded the script (a promoted replica, a restart, SCRIPT FLUSH)
                        if (!scriptLoaded) {
                            connection.executeCommand(new CommandArguments(Protocol.Command.SCRIPT).add("LOAD")
                                    .add(NewerWinsScript.SOURCE));
                            scriptLoaded = true;
                        }
                        resend.add(command);
                    } else {
                        throw e;
                    }
                }
            }
        }
        return new NodeOutcome(resend, moved, tryAgain);
    }

    /**
     * A pooled connection to {@code node}: through a slot of the cached topology when a command of the group was
     * routed by it (Jedis looks a slot's pool up under a shared read lock; looking a pool up by address takes its
     * exclusive lock, which every concurrent request would queue on), by address for redirected commands only.
     */
    private static Connection connect(ClusterConnectionProvider nodes, HostAndPort node, List<SlotCommand> commands) {
        for (SlotCommand command : commands) {
            if (command.redirectedTo == null) {
                Connection connection = nodes.getConnectionFromSlot(command.slot);
                if (node.equals(connection.getHostAndPort())) {
                    return connection;
                }
                // the topology changed since the commands were grouped: the address decides
                connection.close();
                break;
            }
        }
        return nodes.getConnection(node);
    }

    // ---- deletes, ping, lifecycle

    @Override
    public long deleteView(String project, String viewName) {
        return unlinkMatching(RedisRows.keyStart(config.keyPrefix(), project, viewName),
                "delete view '" + viewName + "' of project '" + project + "'");
    }

    @Override
    public long deleteProject(String project) {
        return unlinkMatching(RedisRows.projectStart(config.keyPrefix(), project),
                "delete project '" + project + "'");
    }

    /** SCAN every master (each holds its own slots' keys) and UNLINK what matches, key by key (slots differ). */
    private long unlinkMatching(byte[] keyStart, String action) {
        ClusterConnectionProvider nodes = provider(action);
        ScanParams match = new ScanParams().match(RedisRows.globAll(keyStart)).count(1000);
        long removed = 0;
        try {
            for (HostAndPort master : masters(nodes)) {
                try (Connection connection = nodes.getConnection(master)) {
                    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
                    do {
                        Pipeline scan = new Pipeline(connection);
                        var page = scan.scan(cursor, match);
                        scan.sync();
                        List<byte[]> found = page.get().getResult();
                        if (!found.isEmpty()) {
                            Pipeline unlink = new Pipeline(connection);
                            List<Response<Long>> counts = new ArrayList<>(found.size());
                            for (byte[] key : found) {
                                counts.add(unlink.unlink(key));
                            }
                            unlink.sync();
                            for (Response<Long> count : counts) {
                                removed += count.get();
                            }
                        }
                        cursor = page.get().getCursorAsBytes();
                    } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
                }
            }
            return removed;
        } catch (JedisException e) {
            refreshQuietly(nodes);
            throw failure(action, e);
        }
    }

    /** Every master answers PING (so every slot is served). */
    @Override
    public void ping() {
        ClusterConnectionProvider nodes = provider("ping");
        try {
            for (HostAndPort master : masters(nodes)) {
                try (Connection connection = nodes.getConnection(master)) {
                    connection.executeCommand(Protocol.Command.PING);
                }
            }
        } catch (JedisException e) {
            refreshQuietly(nodes);
            throw failure("ping", e);
        }
    }

    private static Set<HostAndPort> masters(ClusterConnectionProvider nodes) {
        Set<HostAndPort> masters = new HashSet<>();
        for (String node : nodes.getPrimaryNodes().keySet()) {
            masters.add(HostAndPort.from(node));
        }
        return masters;
    }

    @Override
    public void close() {
        nodeSenders.close();
        synchronized (opening) {
            if (provider != null) {
                provider.close();
            }
        }
    }

    /**
     * The topology and pools, learnt on first use: a store opened while the cluster is down works once it is up
     * (as the standalone store, whose client connects on first use).
     */
    private ClusterConnectionProvider provider(String action) {
        ClusterConnectionProvider current = provider;
        if (current != null) {
            return current;
        }
        synchronized (opening) {
            if (provider == null) {
                try {
                    provider = open();
                } catch (JedisException e) {
                    throw failure(action, e);
                }
            }
            return provider;
        }
    }

    private ClusterConnectionProvider open() {
        URI first = URI.create(config.nodes().get(0));
        boolean tls = config.tls();
        Set<HostAndPort> seeds = new HashSet<>();
        for (String node : config.nodes()) {
            URI uri = URI.create(node);
            tls |= JedisURIHelper.isRedisSSLScheme(uri);
            seeds.add(new HostAndPort(uri.getHost(), uri.getPort()));
        }
        DefaultJedisClientConfig clientConfig = RedisClients.connection(first, config.password(), tls,
                config.connectTimeout(), config.socketTimeout(), clientName).build();
        ConnectionPoolConfig pool = RedisClients.pool(config.poolSize(), config.connectTimeout(),
                config.socketTimeout());
        // a periodic refresh as well as the one after a failed request: a resharded or failed-over cluster is
        // learnt even by a store that sees no errors
        return new ClusterConnectionProvider(seeds, clientConfig, pool, Duration.ofSeconds(5));
    }

    private static void refreshQuietly(ClusterConnectionProvider nodes) {
        try {
            nodes.renewSlotCache();
        } catch (JedisException ignored) {
            // no node answered; the next request tries again
        }
    }

    private OnlineStoreException failure(String action, JedisException e) {
        return new OnlineStoreException("Redis Cluster at " + config.redactedNodes() + " failed to " + action + ": "
                + e.getMessage() + "; check that the cluster is up (a failover takes a few seconds) and that"
                + " online.nodes, password and TLS are right", e);
    }

    private static String sha1Hex(byte[] source) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(source));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
