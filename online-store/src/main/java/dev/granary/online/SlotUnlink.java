package dev.granary.online;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;

/** One UNLINK of keys of one slot, found by a SCAN; its answer is the number of keys removed. */
final class SlotUnlink extends SlotCommand {
    private final List<byte[]> keys = new ArrayList<>();
    long removed;

    SlotUnlink(int slot) {
        super(slot);
    }

    void add(byte[] key) {
        keys.add(key);
    }

    @Override
    CommandArguments command() {
        CommandArguments command = new CommandArguments(Protocol.Command.UNLINK);
        for (byte[] key : keys) {
            command.add(key);
        }
        return command;
    }

    @Override
    void accept(Object reply) {
        removed = (Long) reply;
    }
}
