package dev.granary.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numeric columns decoded a page at a time ({@link NumericPages}) give back exactly the values written, whatever
 * the writer chose: V1 and V2 pages, dictionaries (with the fall-back to plain values once one grows too large),
 * delta and byte-stream-split encodings, compressed and uncompressed pages, nulls, required columns, pages
 * smaller than a slice and pages crossing slices, several row groups, timestamps in every unit.
 */
class NumericPagesTest {
    private static final int ROWS = 150_000;
    private static final MessageType SCHEMA = Types.buildMessage()
            .optional(PrimitiveTypeName.INT32).named("i32")
            .required(PrimitiveTypeName.INT32).named("r32")
            .required(PrimitiveTypeName.INT64).named("i64")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
            .named("ms")
            .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.NANOS))
            .named("ns")
            .optional(PrimitiveTypeName.FLOAT).named("f32")
            .optional(PrimitiveTypeName.DOUBLE).named("f64")
            .optional(PrimitiveTypeName.DOUBLE).named("few")
            .optional(PrimitiveTypeName.DOUBLE).named("none")
            .named("numbers");
    private static final List<String> COLUMNS = List.of("i32", "r32", "i64", "ms", "ns", "f32", "f64", "few", "none");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, dictionary {1}, byte stream split {2}, page rows {3}, row group {4} B, {5}")
    @CsvSource({
            "PARQUET_1_0, true, false, 20000, 134217728, UNCOMPRESSED",
            "PARQUET_1_0, false, false, 20000, 134217728, SNAPPY",
            "PARQUET_1_0, true, false, 700, 1048576, GZIP",
            "PARQUET_2_0, true, false, 20000, 134217728, SNAPPY",
            "PARQUET_2_0, false, false, 20000, 134217728, UNCOMPRESSED",
            "PARQUET_2_0, false, true, 700, 1048576, GZIP",
    })
    void everyValueComesBackAsWritten(WriterVersion version, boolean dictionary, boolean byteStreamSplit,
                                      int pageRows, long rowGroupBytes, CompressionCodecName codec) throws Exception {
        Object[][] rows = rows(new SplittableRandom(version.ordinal() * 31L + pageRows));
        Path file = dir.resolve("numbers.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new Configuration(false)).withType(SCHEMA).withWriterVersion(version)
                .withDictionaryEncoding(dictionary).withByteStreamSplitEncoding(byteStreamSplit)
                .withPageRowCountLimit(pageRows).withRowGroupSize(rowGroupBytes).withCompressionCodec(codec).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            for (Object[] row : rows) {
                Group g = groups.newGroup();
                for (int c = 0; c < COLUMNS.size(); c++) {
                    switch (row[c]) {
                        case null -> { }
                        case Integer v -> g.append(COLUMNS.get(c), v);
                        case Long v -> g.append(COLUMNS.get(c), v);
                        case Float v -> g.append(COLUMNS.get(c), v);
                        case Double v -> g.append(COLUMNS.get(c), v);
                        default -> throw new AssertionError(row[c]);
                    }
                }
                writer.write(g);
            }
        }

        List<Object[]> read = new ArrayList<>();
        new ParquetScan(COLUMNS, true).scan(List.of(file), (columns, n) -> {
            for (int r = 0; r < n; r++) {
                Object[] row = new Object[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    ColumnData col = columns[c];
                    row[c] = col.isNull(r) ? null
                            : col.kind == ColumnData.Kind.LONG ? (Object) col.longs[r] : (Object) col.doubles[r];
                }
                read.add(row);
            }
        });

        assertThat(read).hasSize(ROWS);
        for (int r = 0; r < ROWS; r++) {
            assertThat(read.get(r)).as("row %d", r).containsExactly(expected(rows[r]));
        }
    }

    private static Object[][] rows(SplittableRandom random) {
        Object[][] rows = new Object[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            rows[r] = new Object[] {
                    maybe(random, random.nextInt()),
                    r % 7 - 3,
                    random.nextLong(),
                    maybe(random, 1_700_000_000_000L + random.nextInt(1_000_000)),
                    maybe(random, -5_000_000_123L + random.nextLong(10_000_000_000L)),
                    maybe(random, (float) random.nextGaussian()),
                    maybe(random, random.nextDouble() * 1e6),
                    maybe(random, (double) random.nextInt(10) / 4),
                    null,
            };
        }
        return rows;
    }

    private static Object maybe(SplittableRandom random, Object value) {
        return random.nextInt(5) == 0 ? null : value;
    }

    /** A written row as the scan gives it: integers as long, floats as double, timestamps as UTC micros. */
    private static Object[] expected(Object[] row) {
        return new Object[] {
                row[0] == null ? null : (long) (Integer) row[0],
                (long) (Integer) row[1],
                row[2],
                row[3] == null ? null : (Long) row[3] * 1000L,
                row[4] == null ? null : Math.floorDiv((Long) row[4], 1000L),
                row[5] == null ? null : (double) (Float) row[5],
                row[6],
                row[7],
                null,
        };
    }
}
