package dev.granary.online;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;

/**
 * Walks Redis keys by pattern with SCAN, for the tests and the benchmarks that share the machine's Redis: it may
 * hold millions of other keys, which KEYS would walk in one blocking call. Keys hold binary entity bytes, so they
 * are scanned and unlinked as bytes, never as (lossy) strings.
 */
public final class RedisScan {
    private RedisScan() {
    }

    /** Unlinks every key starting with {@code prefix}. */
    public static void unlinkAll(RedisClient raw, String prefix) {
        scan(raw, prefix + "*", 5000, keys -> {
            raw.unlink(keys.toArray(byte[][]::new));
            return false;
        });
    }

    /** Every key matching {@code pattern}. */
    public static List<byte[]> keys(RedisClient raw, String pattern) {
        List<byte[]> keys = new ArrayList<>();
        scan(raw, pattern, 1000, page -> {
            keys.addAll(page);
            return false;
        });
        return keys;
    }

    /** The first key found matching {@code pattern}, if any. */
    public static Optional<byte[]> firstKey(RedisClient raw, String pattern) {
        byte[][] found = new byte[1][];
        scan(raw, pattern, 1000, keys -> {
            found[0] = keys.getFirst();
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    @FunctionalInterface
    private interface Page {
        /** Handles one non-empty page of keys; returns true to stop the scan. */
        boolean accept(List<byte[]> keys);
    }

    private static void scan(RedisClient raw, String pattern, int count, Page page) {
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams match = new ScanParams().match(pattern.getBytes(StandardCharsets.UTF_8)).count(count);
        do {
            var result = raw.scan(cursor, match);
            if (!result.getResult().isEmpty() && page.accept(result.getResult())) {
                return;
            }
            cursor = result.getCursorAsBytes();
        } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
    }
}
