package dev.granary.online;

import redis.clients.jedis.CommandArguments;

/**
 * One EVALSHA of a {@link NewerWinsScript} over the rows {@code rows[from..to)} (indexes into an
 * {@link RedisRows.Encoded} write), in batch order, at most {@link #ROWS} of them; {@link #applied} is its answer's
 * count of rows applied. The subclasses differ in the script and in how rows go into the call.
 */
abstract sealed class NewerWinsCall extends SlotCommand permits ScriptCall, NodeScriptCall {
    /** Rows per script call: large enough to cut per-call overhead, small enough not to block Redis long. */
    static final int ROWS = 64;

    final RedisRows.Encoded encoded;
    final int[] rows;
    final int from;
    final int to;
    private final LuaScript script;
    long applied;

    NewerWinsCall(int slot, LuaScript script, RedisRows.Encoded encoded, int[] rows, int from, int to) {
        super(slot);
        this.script = script;
        this.encoded = encoded;
        this.rows = rows;
        this.from = from;
        this.to = to;
    }

    /** {@code EVALSHA} of this call's script with {@code keys} keys, to which the subclass adds its rows. */
    final CommandArguments call(int keys) {
        return script.call(keys);
    }

    @Override
    final CommandArguments scriptLoad() {
        return script.load();
    }
}
