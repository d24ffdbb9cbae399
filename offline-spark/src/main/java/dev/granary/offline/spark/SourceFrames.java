package dev.granary.offline.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.unix_micros;

import dev.granary.offline.OfflineStoreException;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Parquet files as DataFrames the way the in-process engine reads them: a source's files in lexical path order,
 * each row tagged with its file and its index in the file (the file-order tiebreak), and timestamps of every unit
 * turned into UTC microseconds.
 */
final class SourceFrames {
    /** The position of a source row's file among the source's files, which sort lexically as the in-process engine orders them. */
    static final String FILE = "__granary_file";
    /** A row's index in its file. */
    static final String ROW = "__granary_row";
    private static final Pattern URI = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:/.*");

    private final SparkSession spark;

    SourceFrames(SparkSession spark) {
        this.spark = spark;
    }

    /** A source path as Spark reads it: a URI ({@code s3a://...}, {@code hdfs://...}) as given, else a local path. */
    static String location(String path, Path root) {
        if (URI.matcher(path).matches()) {
            return path;
        }
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : root.resolve(p)).toAbsolutePath().normalize().toUri().toString();
    }

    static boolean remote(String path) {
        return URI.matcher(path).matches() && !path.startsWith("file:");
    }

    /**
     * The source's Parquet files in lexical path order (a file, or the {@code .parquet} files under a folder).
     *
     * @throws OfflineStoreException if the path does not exist or holds no Parquet file
     */
    List<String> files(SourceSpec source, Path root) {
        String location = location(source.path(), root);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        try {
            FileSystem fs = path.getFileSystem(hadoop());
            if (!fs.exists(path)) {
                throw new OfflineStoreException("source '" + source.name() + "': " + location
                        + " does not exist; fix sources[" + source.name() + "].path or offline.root");
            }
            FileStatus status = fs.getFileStatus(path);
            if (status.isFile()) {
                return List.of(status.getPath().toString());
            }
            List<String> files = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
            while (it.hasNext()) {
                LocatedFileStatus file = it.next();
                if (file.isFile() && file.getPath().getName().endsWith(".parquet")) {
                    files.add(file.getPath().toString());
                }
            }
            if (files.isEmpty()) {
                throw new OfflineStoreException("source '" + source.name() + "' has no .parquet files under "
                        + location + "; add data or fix sources[" + source.name() + "].path");
            }
            files.sort(Comparator.naturalOrder());
            return files;
        } catch (IOException e) {
            throw new OfflineStoreException("source '" + source.name() + "': cannot list " + location + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The rows of {@code files} with every column plus {@link #FILE} (the file's position in {@code files}, an int:
     * a path string would ride through every shuffle and sort) and {@link #ROW}.
     */
    Dataset<Row> read(List<String> files) {
        List<Column> positions = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(files.get(i));
            // Spark names a row's file by its URI; the listing gives the path, which differs when escaped
            for (String name : new java.util.LinkedHashSet<>(List.of(path.toUri().toString(), path.toString()))) {
                positions.add(lit(name));
                positions.add(lit(i));
            }
        }
        Column file = col("_metadata.file_path");
        return spark.read().parquet(files.toArray(String[]::new)).select(col("*"),
                coalesce(element_at(map(positions.toArray(Column[]::new)), file),
                        raise_error(concat(lit("a row's file is not among the listed ones: "), file)).cast(DataTypes.IntegerType))
                        .as(FILE),
                col("_metadata.row_index").as(ROW));
    }

    /**
     * Column {@code name} of {@code frame} as UTC microseconds: a timestamp as its instant, a naive timestamp read
     * as UTC (the session time zone is UTC), a nanosecond timestamp (read as a long) truncated to microseconds.
     *
     * @throws OfflineStoreException if the column is missing or not a timestamp
     */
    Column micros(Dataset<Row> frame, String name, String firstFile, String what) {
        DataType type = type(frame, name, what);
        if (type instanceof TimestampType) {
            return unix_micros(ref(name));
        }
        if (type instanceof TimestampNTZType) {
            return unix_micros(ref(name).cast(DataTypes.TimestampType));
        }
        if (type instanceof LongType && nanos(firstFile, name)) {
            return expr("(" + quoted(name) + " - pmod(" + quoted(name) + ", 1000)) div 1000");
        }
        throw new OfflineStoreException("column '" + name + "' of " + what + " is " + type.simpleString()
                + ", not a timestamp; store it as a Parquet TIMESTAMP or name another column");
    }

    /** @throws OfflineStoreException if {@code frame} has no column {@code name} */
    static DataType type(Dataset<Row> frame, String name, String what) {
        for (var field : frame.schema().fields()) {
            if (field.name().equals(name)) {
                return field.dataType();
            }
        }
        throw new OfflineStoreException(what + " has no column '" + name + "' (columns: "
                + List.of(frame.columns()).stream().filter(c -> !c.startsWith("__granary_")).toList()
                + "); add the column or fix the definition");
    }

    /** The value type of a Spark column type, or null for types Granary does not hold. */
    static ValueType valueType(DataType type) {
        if (type instanceof LongType) {
            return ValueType.INT64;
        }
        if (type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType) {
            return ValueType.INT32;
        }
        if (type instanceof DoubleType) {
            return ValueType.FLOAT64;
        }
        if (type instanceof FloatType) {
            return ValueType.FLOAT32;
        }
        if (type instanceof StringType) {
            return ValueType.STRING;
        }
        if (type instanceof BooleanType) {
            return ValueType.BOOL;
        }
        if (type instanceof BinaryType) {
            return ValueType.BYTES;
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return ValueType.TIMESTAMP;
        }
        return null;
    }

    /** The Spark type values of {@code type} are held in. */
    static DataType sparkType(ValueType type) {
        return switch (type) {
            case BOOL -> DataTypes.BooleanType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case STRING -> DataTypes.StringType;
            case BYTES -> DataTypes.BinaryType;
            case TIMESTAMP -> DataTypes.TimestampType;
            default -> throw new OfflineStoreException("type " + type + " is not supported by the offline engines yet"
                    + "; declare a scalar type");
        };
    }

    /**
     * Column {@code name} as a value of {@code declared}: timestamps through {@link #micros} (any unit, UTC), other
     * types cast (INT32 into INT64, FLOAT32 into FLOAT64, as the in-process engine widens them).
     */
    Column value(Dataset<Row> frame, String name, ValueType declared, String firstFile, String what) {
        if (declared == ValueType.TIMESTAMP) {
            return org.apache.spark.sql.functions.timestamp_micros(micros(frame, name, firstFile, what));
        }
        type(frame, name, what);
        return ref(name).cast(sparkType(declared));
    }

    /** A join key: integers of any width as longs (so INT32 and INT64 keys meet), other types as they are. */
    static Column key(Dataset<Row> frame, String name, ValueType declared, String what) {
        return key(frame, name, declared, what, ref(name));
    }

    /** {@link #key(Dataset, String, ValueType, String)} checked on {@code frame}, read from {@code value}. */
    static Column key(Dataset<Row> frame, String name, ValueType declared, String what, Column value) {
        DataType type = type(frame, name, what);
        ValueType actual = valueType(type);
        if (declared.isIntegral()) {
            if (actual == null || !actual.isIntegral()) {
                throw new OfflineStoreException("join key '" + name + "' of " + what + " is " + type.simpleString()
                        + " but " + declared + " is needed; convert the column");
            }
            return value.cast(DataTypes.LongType);
        }
        if (actual != declared) {
            throw new OfflineStoreException("join key '" + name + "' of " + what + " is " + type.simpleString()
                    + " but " + declared + " is needed; convert the column");
        }
        return value;
    }

    static Column ref(String name) {
        return col(quoted(name));
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private boolean nanos(String file, String column) {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), hadoop()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            return schema.containsField(column)
                    && schema.getType(column).getLogicalTypeAnnotation()
                            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                    && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.NANOS;
        } catch (IOException e) {
            throw new OfflineStoreException("cannot read the footer of " + file + ": " + e.getMessage(), e);
        }
    }

    Configuration hadoop() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
