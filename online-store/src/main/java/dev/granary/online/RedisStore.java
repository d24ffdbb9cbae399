package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;

/**
 * What both Redis online stores share, everything but the topology: the keys and values ({@link RedisRows}), writes
 * as newer-wins script calls ({@link NewerWinsWrite}), reads as one GET or MGET per slot
 * ({@link SlotRead}), deletes as SCAN and UNLINK per slot ({@link SlotUnlink}), and how a request's
 * commands are sent ({@link SlotSender}). The subclass says where a slot lives ({@link RedisOnlineStore}: one node,
 * every key in slot 0; {@link RedisClusterOnlineStore}: the cluster's slot table).
 */
abstract sealed class RedisStore implements OnlineStore permits RedisOnlineStore, RedisClusterOnlineStore {
    private final String keyPrefix;
    private final boolean floatText;
    private final SlotSender sender;

    RedisStore(String keyPrefix, boolean floatText, Duration socketTimeout) {
        this.keyPrefix = keyPrefix;
        this.floatText = floatText;
        this.sender = new SlotSender(this, socketTimeout);
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
        long applied = oneSlot() ? NewerWinsWrite.bySlot(this, encoded, NewerWinsWrite.all(n), action)
                : NewerWinsWrite.byNode(this, encoded, action);
        return new WriteResult(applied, rows.size() - applied);
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

    /**
     * Sends every command to the master owning its slot, one pipeline per node, the nodes at the same time, and
     * follows redirections until every command is answered or the socket timeout has passed.
     */
    final void execute(List<? extends SlotCommand> commands, String action) {
        sender.execute(commands, action);
    }
}
