package dev.granary.online;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;

/**
 * How a {@link RedisStore} write becomes newer-wins script calls ({@link NewerWinsScript}): on a single Redis, the
 * rows in batch order in calls of up to {@link NewerWinsCall#ROWS}; on a Cluster, per master first
 * ({@link NodeScriptCall}), then per slot ({@link ScriptCall}) for what a master did not serve. Batch order is kept
 * wherever two rows could name the same key, so the same entity twice in a batch is compared in order.
 */
final class NewerWinsWrite {

    /** Every row of a write of {@code n} rows, in batch order. */
    static int[] all(int n) {
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    /**
     * A Cluster write: the rows grouped by the master the known topology gives their slot, in batch order, in calls
     * of up to {@link NewerWinsCall#ROWS} rows of any of its slots ({@link NodeScriptCall}); random entities rarely
     * share a slot, so a call per slot would be a call per row. Rows a node did not serve (a slot moved or moving,
     * a stale topology, a refused call) are written again one slot per call, where redirections are followed.
     */
    static long byNode(RedisStore store, RedisRows.Encoded encoded, String action) {
        int n = encoded.size();
        // (node, row) packed in a long and sorted: each node's rows together, in batch order, without a map of lists
        Map<HostAndPort, Integer> nodes = new HashMap<>(8);
        int[] slots = new int[n];
        long[] packed = new long[n];
        int routed = 0;
        int[] rest = new int[n];
        int restCount = 0;
        for (int r = 0; r < n; r++) {
            slots[r] = store.slot(encoded.keys()[r]);
            HostAndPort node = store.owner(slots[r], action);
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
        List<NodeScriptCall> calls = new ArrayList<>(routed / NewerWinsCall.ROWS + nodes.size());
        int from = 0;
        while (from < routed) {
            int to = from + 1;
            while (to < routed && to - from < NewerWinsCall.ROWS && packed[to] >>> 32 == packed[from] >>> 32) {
                to++;
            }
            calls.add(new NodeScriptCall(slots[order[from]], encoded, order, from, to));
            from = to;
        }
        store.execute(calls, action);
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
            applied += bySlot(store, encoded, again, action);
        }
        return applied;
    }

    /**
     * The rows {@code rows} (indexes into {@code encoded}, ascending) grouped by slot, batch order kept within a
     * slot, in script calls of up to {@link NewerWinsCall#ROWS} rows of one slot; returns the rows applied.
     */
    static long bySlot(RedisStore store, RedisRows.Encoded encoded, int[] rows, String action) {
        int n = rows.length;
        int[] order = rows;
        int[] slots = new int[n];
        if (!store.oneSlot()) {
            // (slot, row) packed in a long sorts without boxing
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (long) store.slot(encoded.keys()[rows[i]]) << 32 | rows[i];
            }
            Arrays.sort(packed);
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = (int) packed[i];
                slots[i] = (int) (packed[i] >>> 32);
            }
        }
        List<ScriptCall> calls = new ArrayList<>(n / NewerWinsCall.ROWS + 1);
        int from = 0;
        while (from < n) {
            int to = from + 1;
            while (to < n && to - from < NewerWinsCall.ROWS && slots[to] == slots[from]) {
                to++;
            }
            calls.add(new ScriptCall(slots[from], encoded, order, from, to));
            from = to;
        }
        store.execute(calls, action);
        long applied = 0;
        for (ScriptCall call : calls) {
            applied += call.applied;
        }
        return applied;
    }

    private NewerWinsWrite() {
    }
}
