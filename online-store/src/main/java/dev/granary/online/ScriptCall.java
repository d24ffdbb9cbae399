package dev.granary.online;

import redis.clients.jedis.CommandArguments;

/**
 * One call of {@link NewerWinsScript#ONE_SLOT}: rows of one hash slot, their keys as KEYS (so a Cluster routes and
 * checks them); its answer is the number of rows applied.
 */
final class ScriptCall extends NewerWinsCall {

    /** The rows {@code rows[from..to)} (indexes into {@code encoded}), all in {@code slot}. */
    ScriptCall(int slot, RedisRows.Encoded encoded, int[] rows, int from, int to) {
        super(slot, NewerWinsScript.ONE_SLOT, encoded, rows, from, to);
    }

    @Override
    CommandArguments command() {
        CommandArguments command = call(to - from);
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
}
