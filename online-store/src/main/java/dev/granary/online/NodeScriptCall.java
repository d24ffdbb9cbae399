package dev.granary.online;

import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One EVALSHA of {@link NewerWinsScript#ONE_NODE}: up to {@link #ROWS} rows, of any slots, that the
 * known topology places on one Cluster master, in batch order. Sent by the slot of its first row, so it goes to that
 * master. Its answer is the number of rows applied and which rows the node did not serve; those, or all of its rows
 * when the node refuses the call (a replica, a cluster that is down, a Redis without the script flag), are
 * {@link #elsewhere} and go out again as {@link ScriptCall}s, one slot each.
 */
final class NodeScriptCall extends NewerWinsCall {
    /** Rows (indexes into {@code encoded}) left to write one slot per call. */
    int[] elsewhere = new int[0];

    /** The rows {@code rows[from..to)} (indexes into {@code encoded}), their first row in {@code slot}. */
    NodeScriptCall(int slot, RedisRows.Encoded encoded, int[] rows, int from, int to) {
        super(slot, NewerWinsScript.ONE_NODE, encoded, rows, from, to);
    }

    @Override
    CommandArguments command() {
        CommandArguments command = call(0).add(encoded.complete());
        for (int i = from; i < to; i++) {
            int row = rows[i];
            command.add(encoded.keys()[row]).add(encoded.micros()[row]).add(encoded.values()[row]);
        }
        return command;
    }

    @Override
    void accept(Object reply) {
        List<?> answer = (List<?>) reply;
        applied = (Long) answer.get(0);
        elsewhere = new int[answer.size() - 1];
        for (int i = 1; i < answer.size(); i++) {
            elsewhere[i - 1] = rows[from + Math.toIntExact((Long) answer.get(i)) - 1];
        }
    }

    /**
     * Every row goes out again by slot. A refusal (READONLY, CLUSTERDOWN, OOM, a script the node cannot load) comes
     * before the script runs, so nothing was written; a script error part way (a stored row it cannot parse) leaves
     * the rows before it applied, which the resend finds already there (newer-wins) and counts as skipped.
     */
    @Override
    boolean decline(JedisDataException error) {
        applied = 0;
        elsewhere = Arrays.copyOfRange(rows, from, to);
        return true;
    }
}
