package dev.granary.online;

/**
 * The Lua scripts that apply rows newer-wins on the Redis server, where it runs atomically: each key holds
 * {@code <event time in epoch microseconds, decimal>|<row blob>} ({@link RowCodec}); the script reads the event
 * time (GETRANGE of the head only) and, only if the row is strictly newer, SETs the key. A write naming only some of the view's
 * features merges its blob into the stored one (the Lua {@code merge} mirrors {@link RowCodec#merge}). Many rows
 * go in one call to cut round trips; the call is atomic, so a row is never half written.
 *
 * <p>{@link #ONE_SLOT}, the rows of one hash slot (all rows on a single Redis): KEYS = one key per row. ARGV =
 * {@code complete} ({@code 1} when the rows carry every feature of the view, so stored rows are replaced without
 * being read), then per row its event time and its whole value {@code <micros>|<blob>}, built by the client so the
 * script only compares and SETs. Returns the number of rows applied. {@link #ONE_NODE}, the rows of one Cluster
 * node, takes the keys in ARGV instead.
 */
final class NewerWinsScript {
    /** What both scripts share: reading a blob's entries, merging two blobs, applying one row to one key. */
    private static final String FUNCTIONS = """
            local function entries(blob, visit)
              local pos = 1
              while pos + 7 <= #blob do
                local length = struct.unpack('>I4', blob, pos + 4)
                visit(string.sub(blob, pos, pos + 3), string.sub(blob, pos, pos + 7 + length))
                pos = pos + 8 + length
              end
            end
            local function merge(older, newer)
              if not older then return newer end
              local fresh = {}
              entries(newer, function(id) fresh[id] = true end)
              local parts = {}
              entries(older, function(id, entry) if not fresh[id] then parts[#parts + 1] = entry end end)
              parts[#parts + 1] = newer
              return table.concat(parts)
            end
            local function split(value)
              local bar = string.find(value, '|', 1, true)
              return tonumber(string.sub(value, 1, bar - 1)), string.sub(value, bar + 1)
            end
            local complete = ARGV[1] == '1'
            local function apply(key, head, ts, value)
              local newer = head == ''
              if not newer then
                local bar = string.find(head, '|', 1, true)
                newer = tonumber(string.sub(head, 1, bar - 1)) < tonumber(ts)
              end
              if not newer then return 0 end
              if head ~= '' and not complete then
                local _, stored = split(redis.call('GET', key))
                local _, row = split(value)
                value = ts .. '|' .. merge(stored, row)
              end
              redis.call('SET', key, value)
              return 1
            end
            """;

    /** The rows of one hash slot: KEYS as above. */
    static final LuaScript ONE_SLOT = new LuaScript(FUNCTIONS + """
            local applied = 0
            for i = 1, #KEYS do
              applied = applied + apply(KEYS[i], redis.call('GETRANGE', KEYS[i], 0, 20), ARGV[2 * i], ARGV[2 * i + 1])
            end
            return applied
            """);

    /**
     * The rows of one Cluster node, of any of its slots (Redis 7's {@code allow-cross-slot-keys}: a script may touch
     * keys of several slots when it does not declare them and they are all on its node). ARGV = {@code complete},
     * then per row its key, event time and value; no KEYS, so the node runs it without routing. Each key is first
     * touched with {@code pcall}: a key the node does not serve at that moment (its slot moved or is moving, this
     * node is not the master) is an error there, which skips the row untouched. Returns {@code [applied, i, ...]}:
     * the number of rows applied, then the 1-based positions of the rows skipped that way, which the client
     * resends one slot per call, where redirections are followed.
     */
    static final LuaScript ONE_NODE = new LuaScript("#!lua flags=allow-cross-slot-keys\n" + FUNCTIONS + """
            local answer = {0}
            for i = 1, (#ARGV - 1) / 3 do
              local key = ARGV[3 * i - 1]
              local head = redis.pcall('GETRANGE', key, 0, 20)
              if type(head) == 'table' then
                answer[#answer + 1] = i
              else
                answer[1] = answer[1] + apply(key, head, ARGV[3 * i], ARGV[3 * i + 1])
              end
            end
            return answer
            """);

    private NewerWinsScript() {
    }
}
