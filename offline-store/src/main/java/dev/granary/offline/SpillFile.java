package dev.granary.offline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.api.Binary;

/**
 * One spill partition of a view's source rows: blocks of key ids, event times, created times and value columns,
 * written as raw primitive arrays and read back once. Row order inside the file is the order rows were added, so
 * file order (the last tiebreak) survives. Measured faster than Parquet for this write-once, read-once use: no
 * encoding, no compression, no per-value calls.
 */
final class SpillFile implements AutoCloseable {
    /** Rows buffered per partition before a block is written, unless the caller asks for fewer. */
    static final int BLOCK_ROWS = 8192;

    private final int blockRows;
    private final FileChannel channel;
    private final ColumnData.Kind[] kinds;
    private final int[] keys;
    private final long[] times;
    private final long[] created;
    private final ColumnData[] values;
    private int count;
    private long rows;

    SpillFile(Path file, ColumnData.Kind[] kinds) throws IOException {
        this(file, kinds, BLOCK_ROWS);
    }

    /** A spill file buffering {@code blockRows} rows per block (every open partition holds one block). */
    SpillFile(Path file, ColumnData.Kind[] kinds, int blockRows) throws IOException {
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be at least 1, got " + blockRows);
        }
        this.blockRows = blockRows;
        this.keys = new int[blockRows];
        this.times = new long[blockRows];
        this.created = new long[blockRows];
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.kinds = kinds.clone();
        this.values = new ColumnData[kinds.length];
        resetValues();
    }

    private void resetValues() {
        for (int v = 0; v < kinds.length; v++) {
            values[v] = new ColumnData(kinds[v], blockRows);
        }
    }

    long rows() {
        return rows;
    }

    /** Adds row {@code row} of the value columns {@code chunkValues}; {@code createdTime} is MIN_VALUE for null. */
    void add(int key, long time, long createdTime, ColumnData[] chunkValues, int row) throws IOException {
        keys[count] = key;
        times[count] = time;
        created[count] = createdTime;
        for (int v = 0; v < values.length; v++) {
            values[v].appendFrom(chunkValues[v], row);
        }
        count++;
        rows++;
        if (count == blockRows) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (count == 0) {
            return;
        }
        long bytes = 4 + count * 20L;
        for (ColumnData c : values) {
            bytes += count;
            if (c.kind == ColumnData.Kind.OBJECT) {
                for (int i = 0; i < count; i++) {
                    bytes += 4 + (c.isNull(i) ? 0 : bytes(c.objects[i]).length);
                }
            } else {
                bytes += count * 8L;
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(bytes + 4));
        buf.putInt(Math.toIntExact(bytes));
        buf.putInt(count);
        buf.asIntBuffer().put(keys, 0, count);
        buf.position(buf.position() + count * 4);
        buf.asLongBuffer().put(times, 0, count);
        buf.position(buf.position() + count * 8);
        buf.asLongBuffer().put(created, 0, count);
        buf.position(buf.position() + count * 8);
        for (ColumnData c : values) {
            for (int i = 0; i < count; i++) {
                buf.put(c.isNull(i) ? (byte) 1 : 0);
            }
            switch (c.kind) {
                case LONG -> {
                    buf.asLongBuffer().put(c.longs, 0, count);
                    buf.position(buf.position() + count * 8);
                }
                case DOUBLE -> {
                    buf.asDoubleBuffer().put(c.doubles, 0, count);
                    buf.position(buf.position() + count * 8);
                }
                case OBJECT -> {
                    for (int i = 0; i < count; i++) {
                        if (c.isNull(i)) {
                            buf.putInt(-1);
                        } else {
                            byte[] b = bytes(c.objects[i]);
                            buf.putInt(b.length).put(b);
                        }
                    }
                }
            }
        }
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        count = 0;
        resetValues();
    }

    private static byte[] bytes(Object value) {
        return value instanceof Binary b ? b.getBytes() : value instanceof String s
                ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : (byte[]) value;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    /** Reads a spill file into {@code target}: the file's rows, in order, columns laid out as the plan's. */
    static void read(Path file, SourceRows target) throws IOException {
        ViewPlan plan = target.plan;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(4);
            while (readFully(channel, header.clear())) {
                ByteBuffer buf = ByteBuffer.allocate(header.flip().getInt());
                if (!readFully(channel, buf)) {
                    throw new IOException("spill file " + file + " is truncated");
                }
                buf.flip();
                int n = buf.getInt();
                int[] ids = new int[n];
                buf.asIntBuffer().get(ids);
                buf.position(buf.position() + n * 4);
                ColumnData time = new ColumnData(ColumnData.Kind.LONG, n);
                buf.asLongBuffer().get(time.longs, 0, n);
                buf.position(buf.position() + n * 8);
                time.size = n;
                ColumnData createdTimes = new ColumnData(ColumnData.Kind.LONG, n);
                buf.asLongBuffer().get(createdTimes.longs, 0, n);
                buf.position(buf.position() + n * 8);
                createdTimes.size = n;
                ColumnData[] layout = new ColumnData[plan.columns.size()];
                layout[plan.timeColumn] = time;
                if (plan.createdColumn >= 0) {
                    layout[plan.createdColumn] = createdTimes;
                }
                for (int c = plan.firstValueColumn; c < plan.columns.size(); c++) {
                    layout[c] = readValues(buf, plan.kind(c), n);
                }
                int[] selected = new int[n];
                for (int r = 0; r < n; r++) {
                    selected[r] = r;
                }
                target.appendSelected(layout, ids, selected, n);
            }
        }
    }

    /** Fills {@code buf}; false at a clean end of file. */
    private static boolean readFully(FileChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                if (buf.position() == 0) {
                    return false;
                }
                throw new IOException("unexpected end of a spill file");
            }
        }
        return true;
    }

    private static ColumnData readValues(ByteBuffer buf, ColumnData.Kind kind, int n) {
        ColumnData c = new ColumnData(kind, n);
        boolean[] nulls = new boolean[c.capacity()];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            nulls[i] = buf.get() != 0;
            any |= nulls[i];
        }
        switch (kind) {
            case LONG -> {
                buf.asLongBuffer().get(c.longs, 0, n);
                buf.position(buf.position() + n * 8);
            }
            case DOUBLE -> {
                buf.asDoubleBuffer().get(c.doubles, 0, n);
                buf.position(buf.position() + n * 8);
            }
            case OBJECT -> {
                for (int i = 0; i < n; i++) {
                    int len = buf.getInt();
                    if (len >= 0) {
                        byte[] b = new byte[len];
                        buf.get(b);
                        c.objects[i] = Binary.fromConstantByteArray(b);
                    }
                }
            }
        }
        c.size = n;
        c.nulls = any ? nulls : null;
        return c;
    }
}
