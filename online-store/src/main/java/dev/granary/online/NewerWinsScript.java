package dev.granary.online;

import java.nio.charset.StandardCharsets;

/**
 * The Lua script that applies rows newer-wins on the Redis server, where it runs atomically: for each key it
 * compares the stored {@code _ts} (epoch microseconds, decimal) with the row's and HSETs the row's fields and
 * {@code _ts} only if the row is strictly newer. Many rows go in one call to cut round trips; the call is atomic,
 * so a row is never half written.
 *
 * <p>KEYS = one hash per row. ARGV = {@code n}, the {@code n} field ids, then per row its {@code _ts} followed by
 * its {@code n} values. Returns the number of rows applied.
 */
final class NewerWinsScript {
    static final byte[] SOURCE = """
            local n = tonumber(ARGV[1])
            local applied = 0
            local args = {'_ts', false}
            for j = 1, n do args[2 * j + 1] = ARGV[j + 1] end
            for i = 1, #KEYS do
              local off = n + 2 + (i - 1) * (n + 1)
              local ts = ARGV[off]
              local cur = redis.call('HGET', KEYS[i], '_ts')
              if (not cur) or tonumber(cur) < tonumber(ts) then
                args[2] = ts
                for j = 1, n do args[2 * j + 2] = ARGV[off + j] end
                redis.call('HSET', KEYS[i], unpack(args))
                applied = applied + 1
              end
            end
            return applied
            """.getBytes(StandardCharsets.UTF_8);

    static final byte[] TS_FIELD = "_ts".getBytes(StandardCharsets.UTF_8);

    private NewerWinsScript() {
    }
}
