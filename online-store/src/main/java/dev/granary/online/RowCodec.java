package dev.granary.online;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * One entity row of one view as a single blob: for each feature its 4-byte field id, a 4-byte length and its
 * {@link ValueCodec} value. Both stores keep rows this way (measured against a hash field per feature: see
 * {@code docs/online-store.md}); {@link NewerWinsScript} repeats {@link #merge} in Lua for partial writes.
 */
final class RowCodec {
    private static final java.lang.invoke.VarHandle INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    private RowCodec() {
    }

    static byte[] encode(byte[][] ids, byte[][] values) {
        return encode(new byte[0], ids, values);
    }

    /** The row blob after a head and a {@code '|'} ({@code <micros>|<blob>}, the value Redis holds), or after nothing. */
    static byte[] encode(byte[] head, byte[][] ids, byte[][] values) {
        int size = head.length == 0 ? 0 : head.length + 1;
        for (byte[] v : values) {
            size += 8 + v.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        if (head.length > 0) {
            buf.put(head).put((byte) '|');
        }
        for (int f = 0; f < ids.length; f++) {
            buf.put(ids[f]).putInt(values[f].length).put(values[f]);
        }
        return buf.array();
    }

    /**
     * Where the values of the requested field ids start in {@code row} (each preceded by its 4-byte length, see
     * {@link #lengthAt}), -1 where absent, in request order, in one pass and without copying the values.
     *
     * @param offset where the row blob starts in {@code row}
     * @param wanted field ids as ints, in request order
     * @param out    receives the positions in {@code [0, wanted.length)} (a read reuses one array for its rows)
     */
    static void locate(byte[] row, int offset, int[] wanted, int[] out) {
        java.util.Arrays.fill(out, 0, wanted.length, -1);
        int next = 0;
        int pos = offset;
        while (row.length - pos >= 8) {
            int id = (int) INT.get(row, pos);
            int length = (int) INT.get(row, pos + 4);
            int start = pos + 8;
            // reads usually ask for features in stored order: try the slot after the last match first
            if (next < wanted.length && wanted[next] == id) {
                out[next++] = start;
            } else {
                for (int i = 0; i < wanted.length; i++) {
                    if (wanted[i] == id) {
                        out[i] = start;
                        next = i + 1;
                    }
                }
            }
            pos = start + length;
        }
    }

    /** The length of the value starting at {@code start} (a position from {@link #locate}). */
    static int lengthAt(byte[] row, int start) {
        return (int) INT.get(row, start - 4);
    }

    /** {@code newer}'s entries, after the entries of {@code older} whose ids {@code newer} does not carry. */
    static byte[] merge(byte[] older, byte[] newer) {
        Set<Integer> fresh = new HashSet<>();
        ByteBuffer scan = ByteBuffer.wrap(newer);
        while (scan.remaining() >= 8) {
            fresh.add(scan.getInt());
            scan.position(scan.position() + scan.getInt());
        }
        ByteBuffer old = ByteBuffer.wrap(older);
        ByteBuffer out = ByteBuffer.allocate(older.length + newer.length);
        while (old.remaining() >= 8) {
            int start = old.position();
            int id = old.getInt();
            int length = old.getInt();
            if (!fresh.contains(id)) {
                out.put(older, start, 8 + length);
            }
            old.position(old.position() + length);
        }
        out.put(newer);
        byte[] merged = new byte[out.position()];
        out.get(0, merged);
        return merged;
    }

    static int[] asInts(byte[][] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ByteBuffer.wrap(ids[i]).getInt();
        }
        return out;
    }
}
