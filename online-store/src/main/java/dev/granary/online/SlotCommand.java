package dev.granary.online;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A command on the keys of one hash slot, as {@link RedisStore} sends it: routed to the slot's master, resent where
 * a redirection says until it has its answer. On a single Redis every key is in slot 0.
 */
abstract class SlotCommand {
    final int slot;
    /** Where the last redirection sent it, else null: the slot's owner in the known topology. */
    HostAndPort redirectedTo;
    /** The redirection was ASK (the slot is being imported there): the command goes after ASKING. */
    boolean asking;

    SlotCommand(int slot) {
        this.slot = slot;
    }

    /**
     * The Redis command, sent as is (no per-call client objects: this runs once per slot of every read). Keys go in
     * with {@code add}, not {@code key}: Jedis's {@code key} computes and collects each key's slot again for its own
     * routing, which this store has done already.
     */
    abstract CommandArguments command();

    /** Takes the raw reply (RESP2 decoded by the connection: bulk strings as byte[], lists as List). */
    abstract void accept(Object reply);

    /** {@code SCRIPT LOAD} of the script this command calls by its SHA (sent on NOSCRIPT), or null. */
    CommandArguments scriptLoad() {
        return null;
    }

    /**
     * Takes an error reply other than a redirection or NOSCRIPT as its answer, returning true, when the command has
     * another way to finish its work; false (the default) fails the request.
     */
    boolean decline(JedisDataException error) {
        return false;
    }
}
