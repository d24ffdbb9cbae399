package dev.granary.online;

import java.nio.charset.StandardCharsets;

/**
 * The Lua script that applies rows newer-wins on the Redis server, where it runs atomically: each key holds
 * {@code <event time in epoch microseconds, decimal>|<row blob>} ({@link RowCodec}); the script reads the event
 * time (GETRANGE of the head only) and, only if the row is strictly newer, SETs the key. A write naming only some of the view's
 * features merges its blob into the stored one (the Lua {@code merge} mirrors {@link RowCodec#merge}). Many rows
 * go in one call to cut round trips; the call is atomic, so a row is never half written.
 *
 * <p>KEYS = one key per row. ARGV = {@code complete} ({@code 1} when the rows carry every feature of the view,
 * so stored rows are replaced without being read), then per row its event time and its whole value
 * {@code <micros>|<blob>}, built by the client so the script only compares and SETs. Returns the number
 * of rows applied.
 */
final class NewerWinsScript {
    static final byte[] SOURCE = """
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
            local applied = 0
            for i = 1, #KEYS do
              local ts = ARGV[2 * i]
              local value = ARGV[2 * i + 1]
              local head = redis.call('GETRANGE', KEYS[i], 0, 20)
              local newer = head == ''
              if not newer then
                local bar = string.find(head, '|', 1, true)
                newer = tonumber(string.sub(head, 1, bar - 1)) < tonumber(ts)
              end
              if newer then
                if head ~= '' and not complete then
                  local _, stored = split(redis.call('GET', KEYS[i]))
                  local _, row = split(value)
                  value = ts .. '|' .. merge(stored, row)
                end
                redis.call('SET', KEYS[i], value)
                applied = applied + 1
              end
            end
            return applied
            """.getBytes(StandardCharsets.UTF_8);


    private NewerWinsScript() {
    }
}
