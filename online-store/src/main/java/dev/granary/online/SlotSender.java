package dev.granary.online;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * How a {@link RedisStore} sends a request's {@link SlotCommand}s: grouped by the node owning their slot, one
 * pipeline per node, every pipeline written and flushed before any reply is read, so the nodes work at the same time
 * without a thread per node. A node that lost the script (NOSCRIPT) gets it again and the refused calls are resent;
 * redirections (MOVED, ASK, TRYAGAIN) are followed until the socket timeout. Where a slot lives, and the errors,
 * come from the store.
 */
final class SlotSender {
    private final RedisStore store;
    private final Duration socketTimeout;

    SlotSender(RedisStore store, Duration socketTimeout) {
        this.store = store;
        this.socketTimeout = socketTimeout;
    }


    /** What one round left undone: commands to resend, and whether slots moved or are half moved. */
    private static final class Round {
        final List<SlotCommand> resend = new ArrayList<>();
        boolean moved;
        boolean tryAgain;
    }

    /**
     * Sends every command to the master owning its slot, one pipeline per node, the nodes at the same time, and
     * follows redirections until every command is answered or the socket timeout has passed.
     */
    void execute(List<? extends SlotCommand> commands, String action) {
        if (commands.isEmpty()) {
            return;
        }
        List<SlotCommand> pending = new ArrayList<>(commands);
        // counted from the first redirection: the first round of a large write may itself take seconds
        long deadline = 0;
        long backoffMillis = 1;
        for (int round = 1; ; round++) {
            Map<HostAndPort, List<SlotCommand>> byNode = new LinkedHashMap<>(8);
            int expected = pending.size();
            try {
                for (SlotCommand command : pending) {
                    HostAndPort node = command.redirectedTo != null ? command.redirectedTo
                            : store.owner(command.slot, action);
                    if (node == null) {
                        throw store.failure(action, "no master serves slot " + command.slot + " (the cluster is failing"
                                + " over or some slots are not assigned); retry shortly", null);
                    }
                    byNode.computeIfAbsent(node, k -> new ArrayList<>(expected)).add(command);
                }
                Round outcome = send(byNode, action);
                if (outcome.resend.isEmpty()) {
                    return;
                }
                if (round == 1) {
                    deadline = System.nanoTime() + socketTimeout.toNanos();
                } else if (System.nanoTime() > deadline) {
                    throw store.failure(action, "slots still moving after " + round + " rounds of redirections in "
                            + socketTimeout.toMillis() + " ms; retry shortly", null);
                }
                if (outcome.moved) {
                    // the redirected commands already go where MOVED said; the topology learns it for later requests
                    store.slotsMoved();
                }
                if (outcome.tryAgain) {
                    // a multi-key command over a slot whose keys are half moved: the move of one slot takes ms
                    Thread.sleep(backoffMillis);
                    backoffMillis = Math.min(50, backoffMillis * 2);
                }
                pending = outcome.resend;
            } catch (JedisException e) {
                // a node unreachable or failing: its slots may have a new master (failover) or be about to get
                // one; learn the current topology so later requests go there, and fail this one
                store.nodeFailed();
                throw store.failure(action, e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OnlineStoreException("interrupted while waiting to " + action, e);
            }
        }
    }

    /**
     * One round: every node's pipeline is written and flushed, then every node's replies are read. A connection
     * whose replies are not all read (a failure on the way) is closed as broken, never pooled with replies pending.
     */
    private Round send(Map<HostAndPort, List<SlotCommand>> byNode, String action) {
        Round round = new Round();
        Connection[] connections = new Connection[byNode.size()];
        int[] sent = new int[byNode.size()];
        boolean[] read = new boolean[byNode.size()];
        List<List<SlotCommand>> groups = new ArrayList<>(byNode.values());
        try {
            int i = 0;
            for (Map.Entry<HostAndPort, List<SlotCommand>> node : byNode.entrySet()) {
                Connection connection = store.connect(node.getKey(), node.getValue(), action);
                connections[i] = connection;
                for (SlotCommand command : node.getValue()) {
                    if (command.asking) {
                        connection.sendCommand(Protocol.Command.ASKING);
                        sent[i]++;
                    }
                    connection.sendCommand(command.command());
                    sent[i]++;
                }
                // flushes without reading, so this node works while the next one's pipeline is written
                connection.getMany(0);
                i++;
            }
            for (i = 0; i < connections.length; i++) {
                // a Redis error reply comes as its exception in the list
                List<Object> replies = connections[i].getMany(sent[i]);
                read[i] = true;
                accept(groups.get(i), replies, connections[i], round);
            }
            return round;
        } finally {
            for (int i = 0; i < connections.length; i++) {
                if (connections[i] != null) {
                    if (!read[i]) {
                        connections[i].setBroken();
                    }
                    connections[i].close();
                }
            }
        }
    }

    private static void accept(List<SlotCommand> commands, List<Object> replies, Connection connection, Round round) {
        CommandArguments loaded = null;
        int at = 0;
        for (SlotCommand command : commands) {
            if (command.asking) {
                at++;
            }
            Object reply = replies.get(at++);
            if (!(reply instanceof JedisDataException)) {
                command.accept(reply);
            } else if (reply instanceof JedisMovedDataException e) {
                command.redirectedTo = e.getTargetNode();
                command.asking = false;
                round.moved = true;
                round.resend.add(command);
            } else if (reply instanceof JedisAskDataException e) {
                command.redirectedTo = e.getTargetNode();
                command.asking = true;
                round.resend.add(command);
            } else {
                JedisDataException e = (JedisDataException) reply;
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("TRYAGAIN")) {
                    // asked again from the slot's owner: the move may have finished meanwhile
                    command.redirectedTo = null;
                    command.asking = false;
                    round.tryAgain = true;
                    round.resend.add(command);
                } else if (message.startsWith("NOSCRIPT") && command.scriptLoad() != null) {
                    if (loaded != command.scriptLoad()) {
                        try {
                            connection.executeCommand(command.scriptLoad());
                        } catch (JedisDataException refused) {
                            // a Redis that cannot load it (before 7.0, no script flags) may still serve the command
                            // another way
                            if (command.decline(refused)) {
                                continue;
                            }
                            throw refused;
                        }
                        loaded = command.scriptLoad();
                    }
                    round.resend.add(command);
                } else if (!command.decline(e)) {
                    throw e;
                }
            }
        }
    }
}
