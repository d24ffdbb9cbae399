package dev.granary.online;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;

/**
 * One EVALSHA of {@link NewerWinsScript}: up to {@link #ROWS} rows of one slot of an {@link RedisRows.Encoded} write,
 * in batch order; its answer is the number of rows applied.
 */
final class ScriptCall extends SlotCommand {
    /** Rows per script call: large enough to cut per-call overhead, small enough not to block Redis long. */
    static final int ROWS = 64;
    static final byte[] SHA = sha1Hex(NewerWinsScript.SOURCE);
    /** {@code SCRIPT LOAD}, sent when a node answers NOSCRIPT (a restart, a promoted replica, SCRIPT FLUSH). */
    static final CommandArguments LOAD = new CommandArguments(Protocol.Command.SCRIPT).add("LOAD")
            .add(NewerWinsScript.SOURCE);

    private final RedisRows.Encoded encoded;
    private final int[] rows;
    private final int from;
    private final int to;
    long applied;

    /** The rows {@code rows[from..to)} (indexes into {@code encoded}). */
    ScriptCall(int slot, RedisRows.Encoded encoded, int[] rows, int from, int to) {
        super(slot);
        this.encoded = encoded;
        this.rows = rows;
        this.from = from;
        this.to = to;
    }

    @Override
    CommandArguments command() {
        CommandArguments command = new CommandArguments(Protocol.Command.EVALSHA).add(SHA).add(to - from);
        for (int i = from; i < to; i++) {
            command.add(encoded.keys()[rows[i]]);
        }
        command.add(encoded.complete());
        for (int i = from; i < to; i++) {
            command.add(encoded.micros()[rows[i]]);
            command.add(encoded.values()[rows[i]]);
        }
        return command;
    }

    @Override
    void accept(Object reply) {
        applied = (Long) reply;
    }

    @Override
    CommandArguments scriptLoad() {
        return LOAD;
    }

    static byte[] sha1Hex(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
