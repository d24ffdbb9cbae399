package dev.granary.offline;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One row group's chunk of a top-level INT32, INT64, FLOAT or DOUBLE column, decoded a page at a time into
 * {@link ColumnData}: definition levels and dictionary ids a run at a time, plain values straight from the page's
 * bytes. parquet-java's column reader goes value by value through level readers, a value binding and per-value
 * bookkeeping; that path is most of what reading a numeric source costs. Values of an encoding without a loop here
 * (delta, byte stream split) go through parquet-java's own reader for that encoding, one value at a time.
 * Strings, booleans and INT96 stay with the column reader ({@link ParquetScan}).
 */
final class NumericPages {
    private final PageReader pages;
    private final ColumnDescriptor column;
    private final PrimitiveTypeName type;
    private final ColumnData.Kind kind;
    private final int maxDefinition;
    private final boolean timestamp;
    private final TimeUnit unit;
    private final Dictionary dictionary;
    /** The dictionary's values as this column stores them (micros for timestamps), or null before first use. */
    private long[] dictionaryLongs;
    private double[] dictionaryDoubles;

    /** The current page, decoded: null flags and values, one per row. */
    private boolean[] nulls = new boolean[0];
    private long[] longs = new long[0];
    private double[] doubles = new double[0];
    private int[] scratch = new int[0];
    private int pageRows;
    private int pageAt;

    /** Whether {@code d} is a column this class decodes: a top-level column of a fixed-width numeric type. */
    static boolean handles(ColumnDescriptor d) {
        if (d.getMaxRepetitionLevel() != 0) {
            return false;
        }
        return switch (d.getPrimitiveType().getPrimitiveTypeName()) {
            case INT32, INT64, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    /**
     * @param convertTimestamps INT64 timestamps as UTC micros (true) or as stored (false), as {@link ParquetScan}
     */
    NumericPages(PageReader pages, ColumnDescriptor column, boolean convertTimestamps) {
        if (!handles(column)) {
            throw new IllegalArgumentException("not a top-level fixed-width numeric column: " + column);
        }
        this.pages = pages;
        this.column = column;
        PrimitiveType primitive = column.getPrimitiveType();
        this.type = primitive.getPrimitiveTypeName();
        this.kind = ParquetTypes.kindOf(primitive);
        this.maxDefinition = column.getMaxDefinitionLevel();
        this.timestamp = convertTimestamps && type == PrimitiveTypeName.INT64 && ParquetTypes.isTimestamp(primitive);
        this.unit = ParquetTypes.unitOf(primitive);
        DictionaryPage page = pages.readDictionaryPage();
        try {
            this.dictionary = page == null ? null : page.getEncoding().initDictionary(column, page);
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read the dictionary of column " + column + ": " + e.getMessage(),
                    e);
        }
    }

    /** The next {@code rows} rows of the chunk. */
    ColumnData read(int rows) throws IOException {
        ColumnData out = new ColumnData(kind, rows);
        int done = 0;
        while (done < rows) {
            if (pageAt == pageRows) {
                nextPage();
            }
            int n = Math.min(rows - done, pageRows - pageAt);
            if (kind == ColumnData.Kind.LONG) {
                for (int i = pageAt, end = pageAt + n; i < end; i++) {
                    if (nulls[i]) {
                        out.appendNull();
                    } else {
                        out.appendLong(longs[i]);
                    }
                }
            } else {
                for (int i = pageAt, end = pageAt + n; i < end; i++) {
                    if (nulls[i]) {
                        out.appendNull();
                    } else {
                        out.appendDouble(doubles[i]);
                    }
                }
            }
            pageAt += n;
            done += n;
        }
        return out;
    }

    private void nextPage() throws IOException {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new EOFException("column " + column + " has fewer values than its row group has rows");
        }
        int rows = page.getValueCount();
        if (nulls.length < rows) {
            nulls = new boolean[rows];
            longs = kind == ColumnData.Kind.LONG ? new long[rows] : longs;
            doubles = kind == ColumnData.Kind.DOUBLE ? new double[rows] : doubles;
        }
        int present;
        if (page instanceof DataPageV1 v1) {
            ByteBufferInputStream in = v1.getBytes().toInputStream();
            present = levelsV1(v1.getDlEncoding(), in, rows);
            values(v1.getValueEncoding(), in, rows, present);
        } else if (page instanceof DataPageV2 v2) {
            present = maxDefinition == 0 ? allPresent(rows)
                    : levels(v2.getDefinitionLevels().toByteBuffer(), rows);
            values(v2.getDataEncoding(), v2.getData().toInputStream(), rows, present);
        } else {
            throw new IOException("column " + column + " has a page of an unknown kind: " + page.getClass().getName());
        }
        pageRows = rows;
        pageAt = 0;
    }

    private int allPresent(int rows) {
        Arrays.fill(nulls, 0, rows, false);
        return rows;
    }

    /** A V1 page's definition levels, from {@code in}: sets {@link #nulls}, returns the number of values. */
    private int levelsV1(Encoding encoding, ByteBufferInputStream in, int rows) throws IOException {
        if (maxDefinition == 0) {
            return allPresent(rows);
        }
        if (encoding == Encoding.RLE) {
            int length = BytesUtils.readIntLittleEndian(in);
            return levels(in.slice(length), rows);
        }
        ValuesReader reader = encoding.getValuesReader(column, ValuesType.DEFINITION_LEVEL);
        reader.initFromPage(rows, in);
        int[] levels = scratch(rows);
        for (int i = 0; i < rows; i++) {
            levels[i] = reader.readInteger();
        }
        return nullsFrom(levels, rows);
    }

    /** RLE/bit-packed definition levels without a length prefix: sets {@link #nulls}, returns the values count. */
    private int levels(ByteBuffer bytes, int rows) {
        int[] levels = scratch(rows);
        Hybrid.decode(bytes, BytesUtils.getWidthFromMaxInt(maxDefinition), levels, rows);
        return nullsFrom(levels, rows);
    }

    /** Sets {@link #nulls} from a page's definition levels; returns the number of values (non-null rows). */
    private int nullsFrom(int[] levels, int rows) {
        int present = 0;
        for (int i = 0; i < rows; i++) {
            boolean isNull = levels[i] < maxDefinition;
            nulls[i] = isNull;
            present += isNull ? 0 : 1;
        }
        return present;
    }

    private int[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new int[size];
        }
        return scratch;
    }

    /** Decodes {@code present} values from {@code in} into the non-null rows of the page. */
    private void values(Encoding encoding, ByteBufferInputStream in, int rows, int present) throws IOException {
        if (encoding == Encoding.PLAIN) {
            plain(in.slice(present * width()).order(ByteOrder.LITTLE_ENDIAN), rows);
        } else if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw new IOException("column " + column + " has dictionary-encoded values but no dictionary page");
            }
            int bitWidth = present == 0 ? 0 : in.read();
            int[] ids = scratch(present);
            if (present > 0) {
                Hybrid.decode(in.slice(in.available()), bitWidth, ids, present);
            }
            fromDictionary(ids, rows);
        } else {
            ValuesReader reader = encoding.getValuesReader(column, ValuesType.VALUES);
            reader.initFromPage(rows, in);
            oneByOne(reader, rows);
        }
    }

    private int width() {
        return type == PrimitiveTypeName.INT64 || type == PrimitiveTypeName.DOUBLE ? 8 : 4;
    }

    /** Plain values, one per non-null row: one loop per type, so no type test runs per value. */
    private void plain(ByteBuffer b, int rows) {
        int p = b.position();
        switch (type) {
            case INT64 -> {
                for (int i = 0; i < rows; i++) {
                    if (!nulls[i]) {
                        long v = b.getLong(p);
                        longs[i] = timestamp ? ParquetTypes.toMicros(v, unit) : v;
                        p += 8;
                    }
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < rows; i++) {
                    if (!nulls[i]) {
                        doubles[i] = b.getDouble(p);
                        p += 8;
                    }
                }
            }
            case INT32 -> {
                for (int i = 0; i < rows; i++) {
                    if (!nulls[i]) {
                        longs[i] = b.getInt(p);
                        p += 4;
                    }
                }
            }
            default -> {
                for (int i = 0; i < rows; i++) {
                    if (!nulls[i]) {
                        doubles[i] = b.getFloat(p);
                        p += 4;
                    }
                }
            }
        }
    }

    private void fromDictionary(int[] ids, int rows) {
        int next = 0;
        if (kind == ColumnData.Kind.LONG) {
            long[] values = dictionaryLongs();
            for (int i = 0; i < rows; i++) {
                if (!nulls[i]) {
                    longs[i] = values[ids[next++]];
                }
            }
        } else {
            double[] values = dictionaryDoubles();
            for (int i = 0; i < rows; i++) {
                if (!nulls[i]) {
                    doubles[i] = values[ids[next++]];
                }
            }
        }
    }

    private long[] dictionaryLongs() {
        if (dictionaryLongs == null) {
            long[] values = new long[dictionary.getMaxId() + 1];
            for (int id = 0; id < values.length; id++) {
                long v = type == PrimitiveTypeName.INT64 ? dictionary.decodeToLong(id) : dictionary.decodeToInt(id);
                values[id] = timestamp ? ParquetTypes.toMicros(v, unit) : v;
            }
            dictionaryLongs = values;
        }
        return dictionaryLongs;
    }

    private double[] dictionaryDoubles() {
        if (dictionaryDoubles == null) {
            double[] values = new double[dictionary.getMaxId() + 1];
            for (int id = 0; id < values.length; id++) {
                values[id] = type == PrimitiveTypeName.DOUBLE ? dictionary.decodeToDouble(id)
                        : dictionary.decodeToFloat(id);
            }
            dictionaryDoubles = values;
        }
        return dictionaryDoubles;
    }

    private void oneByOne(ValuesReader reader, int rows) {
        for (int i = 0; i < rows; i++) {
            if (nulls[i]) {
                continue;
            }
            switch (type) {
                case INT64 -> {
                    long v = reader.readLong();
                    longs[i] = timestamp ? ParquetTypes.toMicros(v, unit) : v;
                }
                case INT32 -> longs[i] = reader.readInteger();
                case DOUBLE -> doubles[i] = reader.readDouble();
                default -> doubles[i] = reader.readFloat();
            }
        }
    }

    /**
     * Parquet's RLE/bit-packing hybrid (definition levels, dictionary ids), decoded a run at a time: a run of one
     * repeated value is one fill, a bit-packed run eight values per unpack.
     */
    static final class Hybrid {
        private Hybrid() {
        }

        /** Decodes {@code count} values of {@code bitWidth} bits from {@code bytes} (position to limit) into out. */
        static void decode(ByteBuffer bytes, int bitWidth, int[] out, int count) {
            if (bitWidth == 0) {
                Arrays.fill(out, 0, count, 0);
                return;
            }
            BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
            int byteWidth = (bitWidth + 7) / 8;
            int p = bytes.position();
            int end = bytes.limit();
            byte[] group = new byte[bitWidth];
            int[] eight = new int[8];
            int i = 0;
            while (i < count) {
                if (p >= end) {
                    throw new OfflineStoreException("a Parquet page ends after " + i + " of its " + count
                            + " levels or dictionary ids; the file is damaged");
                }
                int header = 0;
                int shift = 0;
                int b;
                do {
                    b = bytes.get(p++) & 0xFF;
                    header |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                if ((header & 1) == 0) {
                    int value = 0;
                    for (int k = 0; k < byteWidth; k++) {
                        value |= (bytes.get(p++) & 0xFF) << (8 * k);
                    }
                    int n = Math.min(header >>> 1, count - i);
                    Arrays.fill(out, i, i + n, value);
                    i += n;
                } else {
                    int groups = header >>> 1;
                    for (int g = 0; g < groups && i < count; g++) {
                        // the last group of a page may be cut short of its padding: missing bytes read as zero
                        int available = Math.min(bitWidth, end - p);
                        bytes.get(p, group, 0, Math.max(available, 0));
                        Arrays.fill(group, Math.max(available, 0), bitWidth, (byte) 0);
                        p += bitWidth;
                        packer.unpack8Values(group, 0, eight, 0);
                        int n = Math.min(8, count - i);
                        System.arraycopy(eight, 0, out, i, n);
                        i += n;
                    }
                }
            }
        }
    }
}
