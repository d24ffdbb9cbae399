package dev.granary.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** An entity key as bytes: per value {@code 'L'} + 8 bytes, or {@code 'S'} + 4-byte length + UTF-8. */
final class EntityKeyCodec {
    private EntityKeyCodec() {
    }

    static byte[] encode(EntityKey key) {
        int size = 0;
        byte[][] strings = new byte[key.values().size()][];
        for (int i = 0; i < strings.length; i++) {
            if (key.values().get(i) instanceof String s) {
                strings[i] = s.getBytes(StandardCharsets.UTF_8);
                size += 5 + strings[i].length;
            } else {
                size += 9;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (int i = 0; i < strings.length; i++) {
            if (strings[i] != null) {
                buf.put((byte) 'S').putInt(strings[i].length).put(strings[i]);
            } else {
                buf.put((byte) 'L').putLong((Long) key.values().get(i));
            }
        }
        return buf.array();
    }
}
