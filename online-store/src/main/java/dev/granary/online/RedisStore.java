package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.ScanParams;

/**
 * What both Redis online stores share, everything but the topology: the keys and values ({@link RedisRows}), writes
 * as newer-wins script calls of up to {@link ScriptCall#ROWS} rows of one hash slot ({@link ScriptCall}) or, on a
 * cluster, of one master ({@link NodeScriptCall}, its rows of any slots), reads as one GET or MGET per slot
 * ({@link SlotRead}), deletes as SCAN and UNLINK per slot ({@link SlotUnlink}), and how a request's
 * commands are sent: grouped by the node owning their slot, one pipeline per node, every pipeline written and
 * flushed before any reply is read, so the nodes work at the same time without a thread per node. A node that
 * lost the script (NOSCRIPT) gets it again and the refused calls are resent; redirections (MOVED, ASK, TRYAGAIN)
 * are followed until the socket timeout. The subclass says where a slot lives ({@link RedisOnlineStore}: one node,
 * every key in slot 0; {@link RedisClusterOnlineStore}: the cluster's slot table).
 */
abstract sealed class RedisStore implements OnlineStore permits RedisOnlineStore, RedisClusterOnlineStore {
    private final String keyPrefix;
    private final boolean floatText;
    private final Duration socketTimeout;

    RedisStore(String keyPrefix, boolean floatText, Duration socketTimeout) {
        this.keyPrefix = keyPrefix;
        this.floatText = floatText;
        this.socketTimeout = socketTimeout;
    }

    // ---- what differs between a single node and a cluster

    /** The hash slot of {@code key}. */
    abstract int slot(byte[] key);

    /** True when every key is in one slot (a single node): no grouping needed. */
    abstract boolean oneSlot();

    /** The master serving {@code slot} in the known topology, or null when none does. */
    abstract HostAndPort owner(int slot, String action);

    /**
     * A pooled connection to {@code node} for {@code commands} (grouped for it); a node the topology does not know
     * (a redirection's target) is connected to by address.
     */
    abstract Connection connect(HostAndPort node, List<SlotCommand> commands, String action);

    /** Every master (each holds its own slots' keys), for SCAN and PING. */
    abstract Collection<HostAndPort> masters(String action);

    /** A redirection said a slot moved: learn the topology again for later requests. */
    abstract void slotsMoved();

    /** A node failed: learn the topology again if it may have changed (a failover), quietly. */
    abstract void nodeFailed();

    /** The error for a failed {@code action}, naming the store's address (redacted) and what to check. */
    abstract OnlineStoreException failure(String action, String reason, Exception cause);

    // ---- writes

    @Override
    public WriteResult write(String project, FeatureViewSpec view, List<String> featureNames, List<OnlineRow> rows) {
        RedisRows.Encoded encoded = RedisRows.encode(keyPrefix, project, view, featureNames, rows, floatText);
        int n = encoded.size();
        if (n == 0) {
            return WriteResult.NONE;
        }
        String action = "write to view '" + view.name() + "' of project '" + project + "'";
        long applied;
        if (oneSlot()) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            applied = writeBySlot(encoded, all, action);
        } else {
            applied = writeByNode(encoded, action);
        }
        return new WriteResult(applied, rows.size() - applied);
    }

    /**
     * A Cluster write: the rows grouped by the master the known topology gives their slot, in batch order, in calls
     * of up to {@link ScriptCall#ROWS} rows of any of its slots ({@link NodeScriptCall}); random entities rarely
     * share a slot, so a call per slot would be a call per row. Rows a node did not serve (a slot moved or moving,
     * a stale topology, a refused call) are written again one slot per call, where redirections are followed.
     */
    private long writeByNode(RedisRows.Encoded encoded, String action) {
        int n = encoded.size();
        // (node, row) packed in a long and sorted: each node's rows together, in batch order, without a map of lists
        Map<HostAndPort, Integer> nodes = new HashMap<>(8);
        int[] slots = new int[n];
        long[] packed = new long[n];
        int routed = 0;
        int[] rest = new int[n];
        int restCount = 0;
        for (int r = 0; r < n; r++) {
            slots[r] = slot(encoded.keys()[r]);
            HostAndPort node = owner(slots[r], action);
            if (node == null) {
                rest[restCount++] = r;
            } else {
                packed[routed++] = (long) nodes.computeIfAbsent(node, k -> nodes.size()) << 32 | r;
            }
        }
        Arrays.sort(packed, 0, routed);
        int[] order = new int[routed];
        for (int i = 0; i < routed; i++) {
            order[i] = (int) packed[i];
        }
        List<NodeScriptCall> calls = new ArrayList<>(routed / ScriptCall.ROWS + nodes.size());
        int from = 0;
        while (from < routed) {
            int to = from + 1;
            while (to < routed && to - from < ScriptCall.ROWS && packed[to] >>> 32 == packed[from] >>> 32) {
                to++;
            }
            calls.add(new NodeScriptCall(slots[order[from]], encoded, order, from, to));
            from = to;
        }
        execute(calls, action);
        long applied = 0;
        for (NodeScriptCall call : calls) {
            applied += call.applied;
            for (int row : call.elsewhere) {
                rest[restCount++] = row;
            }
        }
        if (restCount > 0) {
            // batch order again, so the same entity twice is still compared in order
            int[] again = Arrays.copyOf(rest, restCount);
            Arrays.sort(again);
            applied += writeBySlot(encoded, again, action);
        }
        return applied;
    }

    /**
     * The rows {@code rows} (indexes into {@code encoded}, ascending) grouped by slot, batch order kept within a
     * slot, in script calls of up to {@link ScriptCall#ROWS} rows of one slot; returns the rows applied.
     */
    private long writeBySlot(RedisRows.Encoded encoded, int[] rows, String action) {
        int n = rows.length;
        int[] order = rows;
        int[] slots = new int[n];
        if (!oneSlot()) {
            // (slot, row) packed in a long sorts without boxing
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (long) slot(encoded.keys()[rows[i]]) << 32 | rows[i];
            }
            Arrays.sort(packed);
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = (int) packed[i];
                slots[i] = (int) (packed[i] >>> 32);
            }
        }
        List<ScriptCall> calls = new ArrayList<>(n / ScriptCall.ROWS + 1);
        int from = 0;
        while (from < n) {
            int to = from + 1;
            while (to < n && to - from < ScriptCall.ROWS && slots[to] == slots[from]) {
                to++;
            }
            calls.add(new ScriptCall(slots[from], encoded, order, from, to));
            from = to;
        }
        execute(calls, action);
        long applied = 0;
        for (ScriptCall call : calls) {
            applied += call.applied;
        }
        return applied;
    }

    // ---- reads

    @Override
    public List<ReadRow> read(String project, List<ViewRead> reads, Instant now) {
        Objects.requireNonNull(now, "now is null");
        int rowsCount = ViewRead.rowCount(reads);
        List<int[]> wanted = RedisRows.wantedIds(reads);
        byte[][][] keys = RedisRows.readKeys(keyPrefix, project, reads, rowsCount);
        byte[][][] stored = new byte[reads.size()][rowsCount][];
        int n = reads.size() * rowsCount;
        List<SlotRead> commands;
        if (n == 0) {
            commands = List.of();
        } else if (oneSlot()) {
            SlotRead all = new SlotRead(0, keys, stored);
            for (int v = 0; v < reads.size(); v++) {
                for (int r = 0; r < rowsCount; r++) {
                    all.add(v, r);
                }
            }
            commands = List.of(all);
        } else {
            // (slot, place) packed in a long and sorted: the keys of one slot come together, without a map
            long[] packed = new long[n];
            for (int v = 0; v < reads.size(); v++) {
                for (int r = 0; r < rowsCount; r++) {
                    packed[v * rowsCount + r] = (long) slot(keys[v][r]) << 32 | (v * rowsCount + r);
                }
            }
            Arrays.sort(packed);
            commands = new ArrayList<>();
            SlotRead current = null;
            for (long p : packed) {
                int slot = (int) (p >>> 32);
                int place = (int) p;
                if (current == null || current.slot != slot) {
                    current = new SlotRead(slot, keys, stored);
                    commands.add(current);
                }
                current.add(place / rowsCount, place % rowsCount);
            }
        }
        execute(commands, "read from project '" + project + "'");
        return RedisRows.toReadRows(reads, wanted, stored, rowsCount, now);
    }

    // ---- deletes, ping

    @Override
    public long deleteView(String project, String viewName) {
        return unlinkMatching(RedisRows.keyStart(keyPrefix, project, viewName),
                "delete view '" + viewName + "' of project '" + project + "'");
    }

    @Override
    public long deleteProject(String project) {
        return unlinkMatching(RedisRows.projectStart(keyPrefix, project), "delete project '" + project + "'");
    }

    /** SCAN every master and UNLINK what matches, one UNLINK per slot of each page. */
    private long unlinkMatching(byte[] keyStart, String action) {
        byte[] pattern = RedisRows.globAll(keyStart);
        long removed = 0;
        for (HostAndPort master : masters(action)) {
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                CommandArguments scan = new CommandArguments(Protocol.Command.SCAN).add(cursor).add(Protocol.Keyword.MATCH)
                        .add(pattern).add(Protocol.Keyword.COUNT).add(1000);
                List<?> page;
                try (Connection connection = connect(master, List.of(), action)) {
                    page = (List<?>) connection.executeCommand(scan);
                } catch (JedisException e) {
                    nodeFailed();
                    throw failure(action, e.getMessage(), e);
                }
                cursor = (byte[]) page.get(0);
                Map<Integer, SlotUnlink> bySlot = new LinkedHashMap<>();
                for (Object key : (List<?>) page.get(1)) {
                    byte[] k = (byte[]) key;
                    bySlot.computeIfAbsent(slot(k), SlotUnlink::new).add(k);
                }
                execute(new ArrayList<>(bySlot.values()), action);
                for (SlotUnlink unlink : bySlot.values()) {
                    removed += unlink.removed;
                }
            } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
        }
        return removed;
    }

    /** Every master answers PING (so every slot is served). */
    @Override
    public void ping() {
        for (HostAndPort master : masters("ping")) {
            try (Connection connection = connect(master, List.of(), "ping")) {
                connection.executeCommand(Protocol.Command.PING);
            } catch (JedisException e) {
                nodeFailed();
                throw failure("ping", e.getMessage(), e);
            }
        }
    }

    // ---- sending by slot

    /** What one round left undone: commands to resend, and whether slots moved or are half moved. */
    private static final class Round {
        final List<SlotCommand> resend = new ArrayList<>();
        boolean moved;
        boolean tryAgain;
    }

    /**
     * Sends every command to the master owning its slot, one pipeline per node, the nodes at the same time, and
     * follows redirections until every command is answered or the socket timeout has passed.
     */
    final void execute(List<? extends SlotCommand> commands, String action) {
        if (commands.isEmpty()) {
            return;
        }
        List<SlotCommand> pending = new ArrayList<>(commands);
        // counted from the first redirection: the first round of a large write may itself take seconds
        long deadline = 0;
        long backoffMillis = 1;
        for (int round = 1; ; round++) {
            Map<HostAndPort, List<SlotCommand>> byNode = new LinkedHashMap<>(8);
            int expected = pending.size();
            try {
                for (SlotCommand command : pending) {
                    HostAndPort node = command.redirectedTo != null ? command.redirectedTo
                            : owner(command.slot, action);
                    if (node == null) {
                        throw failure(action, "no master serves slot " + command.slot + " (the cluster is failing"
                                + " over or some slots are not assigned); retry shortly", null);
                    }
                    byNode.computeIfAbsent(node, k -> new ArrayList<>(expected)).add(command);
                }
                Round outcome = send(byNode, action);
                if (outcome.resend.isEmpty()) {
                    return;
                }
                if (round == 1) {
                    deadline = System.nanoTime() + socketTimeout.toNanos();
                } else if (System.nanoTime() > deadline) {
                    throw failure(action, "slots still moving after " + round + " rounds of redirections in "
                            + socketTimeout.toMillis() + " ms; retry shortly", null);
                }
                if (outcome.moved) {
                    // the redirected commands already go where MOVED said; the topology learns it for later requests
                    slotsMoved();
                }
                if (outcome.tryAgain) {
                    // a multi-key command over a slot whose keys are half moved: the move of one slot takes ms
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(50, backoffMillis * 2);
                }
                pending = outcome.resend;
            } catch (JedisException e) {
                // a node unreachable or failing: its slots may have a new master (failover) or be about to get
                // one; learn the current topology so later requests go there, and fail this one
                nodeFailed();
                throw failure(action, e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OnlineStoreException("interrupted while waiting to " + action, e);
            }
        }
    }

    /**
     * One round: every node's pipeline is written and flushed, then every node's replies are read. A connection
     * whose replies are not all read (a failure on the way) is closed as broken, never pooled with replies pending.
     */
    private Round send(Map<HostAndPort, List<SlotCommand>> byNode, String action) {
        Round round = new Round();
        Connection[] connections = new Connection[byNode.size()];
        int[] sent = new int[byNode.size()];
        boolean[] read = new boolean[byNode.size()];
        List<List<SlotCommand>> groups = new ArrayList<>(byNode.values());
        try {
            int i = 0;
            for (Map.Entry<HostAndPort, List<SlotCommand>> node : byNode.entrySet()) {
                Connection connection = connect(node.getKey(), node.getValue(), action);
                connections[i] = connection;
                for (SlotCommand command : node.getValue()) {
                    if (command.asking) {
                        connection.sendCommand(Protocol.Command.ASKING);
                        sent[i]++;
                    }
                    connection.sendCommand(command.command());
                    sent[i]++;
                }
                // flushes without reading, so this node works while the next one's pipeline is written
                connection.getMany(0);
                i++;
            }
            for (i = 0; i < connections.length; i++) {
                // a Redis error reply comes as its exception in the list
                List<Object> replies = connections[i].getMany(sent[i]);
                read[i] = true;
                accept(groups.get(i), replies, connections[i], round);
            }
            return round;
        } finally {
            for (int i = 0; i < connections.length; i++) {
                if (connections[i] != null) {
                    if (!read[i]) {
                        connections[i].setBroken();
                    }
                    connections[i].close();
                }
            }
        }
    }

    private static void accept(List<SlotCommand> commands, List<Object> replies, Connection connection, Round round) {
        CommandArguments loaded = null;
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
                round.moved = true;
                round.resend.add(command);
            } else if (reply instanceof JedisAskDataException e) {
                command.redirectedTo = e.getTargetNode();
                command.asking = true;
                round.resend.add(command);
            } else {
                JedisDataException e = (JedisDataException) reply;
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("TRYAGAIN")) {
                    // asked again from the slot's owner: the move may have finished meanwhile
                    command.redirectedTo = null;
                    command.asking = false;
                    round.tryAgain = true;
                    round.resend.add(command);
                } else if (message.startsWith("NOSCRIPT") && command.scriptLoad() != null) {
                    if (loaded != command.scriptLoad()) {
                        try {
                            connection.executeCommand(command.scriptLoad());
                        } catch (JedisDataException refused) {
                            // a Redis that cannot load it (before 7.0, no script flags) may still serve the command
                            // another way
                            if (command.decline(refused)) {
                                continue;
                            }
                            throw refused;
                        }
                        loaded = command.scriptLoad();
                    }
                    round.resend.add(command);
                } else if (!command.decline(e)) {
                    throw e;
                }
            }
        }
    }
}
