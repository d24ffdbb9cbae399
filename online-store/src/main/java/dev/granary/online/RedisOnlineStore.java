package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link OnlineStore} on standalone Redis through a pooled Jedis {@link RedisClient}. Layout (see
 * {@code docs/online-store.md}): one string key per entity per view at {@code prefix project:view:{entity}}
 * holding {@code <event time micros>|<row blob>} ({@link RowCodec}); writes go through {@link NewerWinsScript}
 * with EVALSHA, pipelined; reads are one MGET per view, the views of a request in one pipeline.
 */
final class RedisOnlineStore implements OnlineStore {
    /** Rows per script call: large enough to cut per-call overhead, small enough not to block Redis long. */
    static final int ROWS_PER_CALL = 64;
    /** Script calls in flight before reading their replies. */
    private static final int CALLS_PER_SYNC = 16;

    private final RedisConfig config;
    private final RedisClient client;
    private final String clientName = "granary-online-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile byte[] scriptSha;

    RedisOnlineStore(RedisConfig config) {
        this.config = config;
        this.client = RedisClients.open(config, clientName);
    }

    /** The name this store's connections carry in CLIENT LIST (tests kill them by it). */
    String clientName() {
        return clientName;
    }

    @Override
    public WriteResult write(String project, FeatureViewSpec view, List<String> featureNames, List<OnlineRow> rows) {
        RedisRows.Encoded encoded = RedisRows.encode(config.keyPrefix(), project, view, featureNames, rows,
                config.floatText());
        if (encoded.size() == 0) {
            return WriteResult.NONE;
        }
        List<ScriptCall> calls = new ArrayList<>(encoded.size() / ROWS_PER_CALL + 1);
        for (int from = 0; from < encoded.size(); from += ROWS_PER_CALL) {
            int to = Math.min(encoded.size(), from + ROWS_PER_CALL);
            List<byte[]> keys = new ArrayList<>(to - from);
            List<byte[]> args = new ArrayList<>(1 + 2 * (to - from));
            args.add(encoded.complete());
            for (int r = from; r < to; r++) {
                keys.add(encoded.keys()[r]);
                args.add(encoded.micros()[r]);
                args.add(encoded.values()[r]);
            }
            calls.add(new ScriptCall(keys, args));
        }
        try {
            long applied = send(calls);
            return new WriteResult(applied, rows.size() - applied);
        } catch (JedisException e) {
            throw failure("write to view '" + view.name() + "' of project '" + project + "'", e);
        }
    }

    private record ScriptCall(List<byte[]> keys, List<byte[]> args) {
    }

    private long send(List<ScriptCall> calls) {
        byte[] sha = sha();
        long applied = 0;
        List<ScriptCall> retry = new ArrayList<>();
        try (Pipeline pipeline = client.pipelined()) {
            List<Response<Object>> replies = new ArrayList<>(CALLS_PER_SYNC);
            for (int i = 0; i < calls.size(); i++) {
                ScriptCall call = calls.get(i);
                replies.add(pipeline.evalsha(sha, call.keys(), call.args()));
                if (replies.size() == CALLS_PER_SYNC || i == calls.size() - 1) {
                    pipeline.sync();
                    for (int j = 0; j < replies.size(); j++) {
                        try {
                            applied += (Long) replies.get(j).get();
                        } catch (JedisDataException e) {
                            if (!String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                                throw e;
                            }
                            retry.add(calls.get(i - replies.size() + 1 + j));
                        }
                    }
                    replies.clear();
                }
            }
        }
        if (!retry.isEmpty()) {
            // Redis lost its script cache (restart, SCRIPT FLUSH): load again and resend what was refused.
            scriptSha = null;
            applied += send(retry);
        }
        return applied;
    }

    private byte[] sha() {
        byte[] sha = scriptSha;
        if (sha == null) {
            sha = client.scriptLoad(new String(NewerWinsScript.SOURCE, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.US_ASCII);
            scriptSha = sha;
        }
        return sha;
    }

    @Override
    public List<ReadRow> read(String project, List<ViewRead> reads, Instant now) {
        java.util.Objects.requireNonNull(now, "now is null");
        int rowsCount = ViewRead.rowCount(reads);
        try {
            List<int[]> wanted = RedisRows.wantedIds(reads);
            byte[][][] keys = RedisRows.readKeys(config.keyPrefix(), project, reads, rowsCount);
            // one MGET per view (~15% less wall and client CPU than 100 pipelined GETs, measured with
            // ./bench online), all views of a request in one pipeline: one round trip either way
            byte[][][] stored = new byte[reads.size()][][];
            if (reads.size() == 1) {
                stored[0] = client.mget(keys[0]).toArray(byte[][]::new);
            } else {
                try (Pipeline pipeline = client.pipelined()) {
                    List<Response<List<byte[]>>> pending = new ArrayList<>(reads.size());
                    for (byte[][] viewKeys : keys) {
                        pending.add(pipeline.mget(viewKeys));
                    }
                    pipeline.sync();
                    for (int v = 0; v < pending.size(); v++) {
                        stored[v] = pending.get(v).get().toArray(byte[][]::new);
                    }
                }
            }
            return RedisRows.toReadRows(reads, wanted, stored, rowsCount, now);
        } catch (JedisException e) {
            throw failure("read from project '" + project + "'", e);
        }
    }

    @Override
    public long deleteView(String project, String viewName) {
        return unlinkMatching(RedisRows.keyStart(config.keyPrefix(), project, viewName),
                "view '" + viewName + "' of project '" + project + "'");
    }

    @Override
    public long deleteProject(String project) {
        return unlinkMatching(RedisRows.projectStart(config.keyPrefix(), project), "project '" + project + "'");
    }

    private long unlinkMatching(byte[] keyStart, String what) {
        byte[] pattern = RedisRows.globAll(keyStart);
        long removed = 0;
        try {
            byte[] cursor = redis.clients.jedis.params.ScanParams.SCAN_POINTER_START_BINARY;
            do {
                var page = client.scan(cursor, new redis.clients.jedis.params.ScanParams().match(pattern).count(1000));
                if (!page.getResult().isEmpty()) {
                    removed += client.unlink(page.getResult().toArray(byte[][]::new));
                }
                cursor = page.getCursorAsBytes();
            } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
            return removed;
        } catch (JedisException e) {
            throw failure("delete " + what, e);
        }
    }

    @Override
    public void ping() {
        try {
            client.ping();
        } catch (JedisException e) {
            throw failure("ping", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private OnlineStoreException failure(String action, JedisException e) {
        return new OnlineStoreException("Redis online store at " + redactedUrl() + " failed to " + action + ": "
                + e.getMessage() + "; check that Redis is up and online.url, password and TLS are right", e);
    }

    private String redactedUrl() {
        return RedisRows.redact(config.url());
    }
}
