package dev.granary.online;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;

/**
 * A Lua script called by its SHA-1 ({@code EVALSHA}), with the {@code SCRIPT LOAD} that gives it to a node that
 * lacks it (a restart, a promoted replica, SCRIPT FLUSH).
 */
final class LuaScript {
    private final byte[] sha;
    private final CommandArguments load;

    LuaScript(String source) {
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1Hex(bytes);
        this.load = new CommandArguments(Protocol.Command.SCRIPT).add("LOAD").add(bytes);
    }

    /** {@code EVALSHA <sha> <numkeys>}, to which the caller adds keys and arguments. */
    CommandArguments call(int keys) {
        return new CommandArguments(Protocol.Command.EVALSHA).add(sha).add(keys);
    }

    CommandArguments load() {
        return load;
    }

    private static byte[] sha1Hex(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
