package dev.granary.online;

import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;

/**
 * One MGET of the keys of one slot (on a cluster, all views of the entities hashing there; on a single Redis, every
 * key of the request), each answer put at its {@code [view][row]} place; a GET when the slot has one key, as most
 * slots of a Cluster lookup do (random entities rarely share a slot), which spares the reply its list.
 */
final class SlotRead extends SlotCommand {
    private final byte[][][] keys;
    private final byte[][][] stored;
    /** Places as {@code view * rowsCount + row}, so a key costs one int, not an object. */
    private int[] places = new int[2];
    private int size;
    private final int rowsCount;

    SlotRead(int slot, byte[][][] keys, byte[][][] stored) {
        super(slot);
        this.keys = keys;
        this.stored = stored;
        this.rowsCount = keys.length == 0 ? 0 : keys[0].length;
    }

    void add(int view, int row) {
        if (size == places.length) {
            places = java.util.Arrays.copyOf(places, size * 2);
        }
        places[size++] = view * rowsCount + row;
    }

    @Override
    CommandArguments command() {
        if (size == 1) {
            return new CommandArguments(Protocol.Command.GET).add(keys[places[0] / rowsCount][places[0] % rowsCount]);
        }
        CommandArguments command = new CommandArguments(Protocol.Command.MGET);
        for (int i = 0; i < size; i++) {
            command.add(keys[places[i] / rowsCount][places[i] % rowsCount]);
        }
        return command;
    }

    @Override
    void accept(Object reply) {
        if (size == 1) {
            stored[places[0] / rowsCount][places[0] % rowsCount] = (byte[]) reply;
            return;
        }
        List<?> values = (List<?>) reply;
        for (int i = 0; i < size; i++) {
            stored[places[i] / rowsCount][places[i] % rowsCount] = (byte[]) values.get(i);
        }
    }
}
