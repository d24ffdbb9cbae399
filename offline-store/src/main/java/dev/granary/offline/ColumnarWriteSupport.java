package dev.granary.offline;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Writes rows of columnar batches: the record is a row index into the current batch of {@link ColumnData}, so
 * no row objects are built. Values are converted to each column's physical type (an integer column feeding a
 * double column, a {@code String} feeding a binary).
 */
final class ColumnarWriteSupport extends WriteSupport<Integer> {
    /** Without default resources: loading Hadoop's XML defaults costs more than writing a small file. */
    private static final Configuration CONF = new Configuration(false);

    private final MessageType schema;
    private final PrimitiveType[] types;
    private ColumnData[] batch;
    private int[] offsets;
    private RecordConsumer consumer;

    ColumnarWriteSupport(MessageType schema) {
        this.schema = schema;
        List<Type> fields = schema.getFields();
        this.types = new PrimitiveType[fields.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = fields.get(i).asPrimitiveType();
        }
    }

    void batch(ColumnData[] columns) {
        batch(columns, new int[columns.length]);
    }

    /** Row {@code r} of the output reads row {@code r + offsets[c]} of column {@code c}. */
    void batch(ColumnData[] columns, int[] offsets) {
        this.batch = columns;
        this.offsets = offsets;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, new HashMap<>());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Integer record) {
        consumer.startMessage();
        for (int c = 0; c < types.length; c++) {
            ColumnData col = batch[c];
            int row = record + offsets[c];
            if (col.isNull(row)) {
                continue;
            }
            PrimitiveType type = types[c];
            consumer.startField(type.getName(), c);
            switch (type.getPrimitiveTypeName()) {
                case INT64 -> consumer.addLong(asLong(col, row));
                case INT32 -> consumer.addInteger((int) asLong(col, row));
                case BOOLEAN -> consumer.addBoolean(asLong(col, row) != 0);
                case DOUBLE -> consumer.addDouble(asDouble(col, row));
                case FLOAT -> consumer.addFloat((float) asDouble(col, row));
                default -> consumer.addBinary(asBinary(col.objects[row]));
            }
            consumer.endField(type.getName(), c);
        }
        consumer.endMessage();
    }

    private static long asLong(ColumnData col, int row) {
        return col.kind == ColumnData.Kind.DOUBLE ? (long) col.doubles[row] : col.longs[row];
    }

    private static double asDouble(ColumnData col, int row) {
        return col.kind == ColumnData.Kind.LONG ? (double) col.longs[row] : col.doubles[row];
    }

    private static Binary asBinary(Object value) {
        return switch (value) {
            case Binary b -> b;
            case String s -> Binary.fromString(s);
            case byte[] bytes -> Binary.fromConstantByteArray(bytes);
            default -> throw new OfflineStoreException("cannot write a " + value.getClass().getSimpleName()
                    + " into a binary Parquet column; use String or byte[]");
        };
    }

    /** Opens a writer over {@code file} (replaced if present), Snappy-compressed. */
    static ParquetWriter<Integer> open(Path file, ColumnarWriteSupport support, long rowGroupBytes) {
        return open(file, support, rowGroupBytes, false);
    }

    /**
     * Opens a writer; a {@code scratch} file (spill) is written plain, without compression or dictionaries: it is
     * read once, soon, and encoding it would cost more than the bytes it saves.
     */
    static ParquetWriter<Integer> open(Path file, ColumnarWriteSupport support, long rowGroupBytes, boolean scratch) {
        try {
            Builder builder = new Builder(file, support);
            for (PrimitiveType type : support.types) {
                if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE
                        || type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT) {
                    // measured floats rarely repeat: a dictionary is built, overflows and is thrown away
                    builder = builder.withDictionaryEncoding(type.getName(), false);
                }
            }
            return builder
                    .withConf(CONF)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(scratch ? CompressionCodecName.UNCOMPRESSED : CompressionCodecName.SNAPPY)
                    .withDictionaryEncoding(!scratch)
                    .withRowGroupSize(rowGroupBytes)
                    .build();
        } catch (java.io.IOException e) {
            throw new OfflineStoreException("cannot create " + file + ": " + e.getMessage()
                    + "; check that its folder exists and is writable", e);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
        private final ColumnarWriteSupport support;

        Builder(Path file, ColumnarWriteSupport support) {
            super(new LocalOutputFile(file));
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
