package dev.granary.offline.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.granary.offline.OfflineStoreException;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One view's part of an export as a Spark plan: the point-in-time values and window aggregations of the requested
 * features for every entity row with non-null keys and time; views with the same join keys run as one group.
 *
 * <p>The join is a partitioned sort-merge, not a cross join filtered afterwards: entity rows and the group's source
 * rows are unioned, hash-partitioned by key (one shuffle), sorted within each partition by one long of key hash and
 * time ({@link #RUN}) and walked once ({@link PointInTimeMerge}): each entity row takes its key's newest source row
 * of each view and the window aggregates over {@code (t - w, t]}. The walk orders the few rows of equal {@code RUN}
 * by time, source rows before entity rows at equal times ({@code event_ts <= t}), then created time (nulls first),
 * file and row in file. Work is linear in the rows after the sort, memory per task is Spark's spilling sort plus one
 * block of equal {@code RUN} and one key hash's state.
 */
final class PointInTimePlan {
    static final String KEY = "__granary_k";
    static final String TIME = "__granary_t";
    static final String CREATED = "__granary_c";
    static final String KIND = "__granary_kind";
    static final String PLAIN = "__granary_p";
    static final String AGG = "__granary_a";
    /** An entity row's index in the entity table: the output's row order. */
    static final String ENTITY_ROW = "__granary_entity_row";
    /** The entity row's columns and the outputs so far, as one struct (null on source rows). */
    static final String CARRY = "__granary_e";
    /** Spreads entity rows that match nothing over the partitions (0 on every other row). */
    static final String SALT = "__granary_s";
    /**
     * The sort column: a hash of the keys (upper 32 bits) and the time in ~1 s steps (lower 32 bits, times before
     * 1970 or after 2112 clamped to the first or last step).
     */
    static final String RUN = "__granary_run";

    /** One requested output of the view: a plain feature or an aggregation, and its output column name. */
    record Output(String feature, String column, FeatureSpec plain, AggregationSpec aggregation) {
    }

    final FeatureViewSpec view;
    final SourceSpec source;
    final List<JoinKey> keys;
    final List<String> files;
    final List<Output> outputs;

    PointInTimePlan(RepoSpec spec, FeatureViewSpec view, List<Output> outputs, Path root, SourceFrames frames) {
        this.view = view;
        this.source = spec.source(view.source()).orElseThrow(() -> new OfflineStoreException("feature view '"
                + view.name() + "' names source '" + view.source() + "', which the spec does not define; add it to sources"));
        this.keys = spec.joinKeys(view);
        if (keys.isEmpty()) {
            throw new OfflineStoreException("feature view '" + view.name()
                    + "' has no join keys; give it an entity with join keys");
        }
        this.outputs = List.copyOf(outputs);
        this.files = frames.files(source, root);
    }

    /** How far before an entity time a source row can still matter; {@code Long.MAX_VALUE} = unbounded. */
    long lookbackMicros() {
        long back = 0;
        for (Output o : outputs) {
            long b = o.plain() != null ? (view.ttlSeconds() == 0 ? Long.MAX_VALUE : view.ttlSeconds() * 1_000_000L)
                    : o.aggregation().windowSeconds() * 1_000_000L;
            back = Math.max(back, b);
        }
        return back;
    }

    /**
     * Adds the outputs of {@code group} (views with the same join keys) to the carried entity rows, in one shuffle
     * and one sort for the whole group. {@code carried} holds {@link #ENTITY_ROW} (the row's index in the entity
     * table), {@link #TIME} (micros, null when the row has no time) and {@link #CARRY} (a struct of the entity row's
     * columns and the outputs of the groups before); the result has the same three columns, the group's outputs
     * appended to the struct. The entity rows ride through the sort instead of being joined back by row index
     * afterwards. {@code entityTable} is the entity table as read (its key columns are checked there, and the
     * semi-join reads its keys); {@code lo}/{@code hi} are its smallest and largest times (micros), null when it is
     * empty, and bound the source rows that can matter. With {@code semiJoin}, source rows whose keys no entity row
     * has are dropped before the shuffle by a broadcast left semi-join on the entity table's distinct keys.
     */
    static Dataset<Row> join(List<PointInTimePlan> group, Dataset<Row> carried, Dataset<Row> entityTable, Long lo,
                             Long hi, boolean semiJoin, SourceFrames frames) {
        List<JoinKey> keys = group.get(0).keys;
        int entityKind = group.size();
        boolean created = group.stream().anyMatch(p -> p.source.createdTimestamp().isPresent());
        StructType carryType = (StructType) carried.schema().apply(CARRY).dataType();

        // every view's value columns, each filled by its own view's source rows and null on all other rows
        List<List<Column>> values = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        List<DataType> slotTypes = new ArrayList<>();
        List<Dataset<Row>> raws = new ArrayList<>();
        for (int v = 0; v < group.size(); v++) {
            PointInTimePlan plan = group.get(v);
            String what = "source '" + plan.source.name() + "'";
            Dataset<Row> raw = frames.read(plan.files);
            raws.add(raw);
            String first = plan.files.get(0);
            List<Column> own = new ArrayList<>();
            for (int o = 0; o < plan.outputs.size(); o++) {
                Output out = plan.outputs.get(o);
                if (out.plain() != null) {
                    own.add(frames.value(raw, out.plain().sourceColumn(), out.plain().type(), first, what));
                    slots.add(PLAIN + v + "_" + o);
                    slotTypes.add(SourceFrames.sparkType(out.plain().type()));
                } else {
                    own.add(aggregationInput(raw, out.aggregation(), what));
                    slots.add(AGG + v + "_" + o);
                    slotTypes.add(SourceFrames.type(raw, out.aggregation().column(), what));
                }
            }
            values.add(own);
        }

        Dataset<Row> union = null;
        Dataset<Row> wanted = null;
        int slot = 0;
        for (int v = 0; v < group.size(); v++) {
            PointInTimePlan plan = group.get(v);
            String what = "source '" + plan.source.name() + "'";
            Dataset<Row> raw = raws.get(v);
            String first = plan.files.get(0);
            List<Column> cols = new ArrayList<>();
            Column keep = col(TIME).isNotNull();
            for (int k = 0; k < keys.size(); k++) {
                cols.add(SourceFrames.key(raw, keys.get(k).name(), keys.get(k).type(), what).as(KEY + k));
                keep = keep.and(col(KEY + k).isNotNull());
            }
            cols.add(frames.micros(raw, plan.source.timestampField(), first, what).as(TIME));
            if (created) {
                cols.add(plan.source.createdTimestamp().map(c -> frames.micros(raw, c, first, what))
                        .orElse(lit(null).cast(DataTypes.LongType)).as(CREATED));
            }
            cols.add(col(SourceFrames.FILE));
            cols.add(col(SourceFrames.ROW));
            cols.add(lit(v).as(KIND));
            cols.add(lit(0L).as(SALT));
            for (int x = 0; x < slots.size(); x++) {
                boolean own = x >= slot && x < slot + plan.outputs.size();
                cols.add((own ? values.get(v).get(x - slot) : lit(null).cast(slotTypes.get(x))).as(slots.get(x)));
            }
            slot += plan.outputs.size();
            cols.add(lit(null).cast(carryType).as(CARRY));
            if (hi != null) {
                keep = keep.and(col(TIME).leq(hi));
                long back = plan.lookbackMicros();
                if (back != Long.MAX_VALUE) {
                    keep = keep.and(col(TIME).geq(lo - back));
                }
            }
            Dataset<Row> rows = raw.select(cols.toArray(Column[]::new)).where(keep);
            if (semiJoin) {
                if (wanted == null) {
                    wanted = broadcast(entityKeys(entityTable, keys, plan.view));
                }
                List<String> keyColumns = new ArrayList<>();
                for (int k = 0; k < keys.size(); k++) {
                    keyColumns.add(KEY + k);
                }
                rows = rows.join(wanted, CollectionConverters.asScala(keyColumns).toSeq(), "left_semi");
            }
            union = union == null ? rows : union.unionByName(rows);
        }

        List<Column> entityCols = new ArrayList<>();
        Column entityKeep = col(TIME).isNotNull();
        for (int k = 0; k < keys.size(); k++) {
            JoinKey key = keys.get(k);
            entityCols.add(SourceFrames.key(entityTable, key.name(), key.type(), entityWhat(group.get(0).view),
                    col(CARRY).getField(key.name())).as(KEY + k));
            entityKeep = entityKeep.and(col(KEY + k).isNotNull());
        }
        entityCols.add(col(TIME));
        if (created) {
            entityCols.add(lit(null).cast(DataTypes.LongType).as(CREATED));
        }
        entityCols.add(lit(null).cast(DataTypes.IntegerType).as(SourceFrames.FILE));
        entityCols.add(col(ENTITY_ROW).as(SourceFrames.ROW));
        entityCols.add(lit(entityKind).as(KIND));
        for (int x = 0; x < slots.size(); x++) {
            entityCols.add(lit(null).cast(slotTypes.get(x)).as(slots.get(x)));
        }
        entityCols.add(col(CARRY));
        // entity rows without keys or time match nothing: SALT spreads them over the partitions, so they do not
        // pile up in one task
        Dataset<Row> entityRows = carried.select(entityCols.toArray(Column[]::new))
                .withColumn(SALT, when(entityKeep, lit(0L)).otherwise(col(SourceFrames.ROW).plus(1L)));
        union = union.unionByName(entityRows);

        // one shuffle by key (entity rows without keys or time spread by their row index), then each partition
        // sorted by run alone (a radix sort of one long) and walked once; the walk orders each run's few rows by
        // (time, sources before entity rows, created time, file, row)
        List<Column> partition = new ArrayList<>();
        Column[] keyColumns = new Column[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            keyColumns[k] = col(KEY + k);
            partition.add(col(KEY + k));
        }
        partition.add(col(SALT));
        Column run = xxhash64(keyColumns).bitwiseAND(lit(0xFFFFFFFF00000000L))
                .bitwiseOR(least(greatest(shiftright(coalesce(col(TIME), lit(0L)), 20), lit(0L)), lit(0xFFFFFFFFL)));
        Dataset<Row> sorted = union.withColumn(RUN, run).repartition(partition.toArray(Column[]::new))
                .sortWithinPartitions(col(RUN));

        List<PointInTimeMerge.Output> merges = new ArrayList<>();
        List<StructField> outFields = new ArrayList<>(List.of(
                DataTypes.createStructField(ENTITY_ROW, DataTypes.LongType, false),
                DataTypes.createStructField(TIME, DataTypes.LongType, true),
                DataTypes.createStructField(CARRY, carryType, true)));
        long[] ttls = new long[group.size()];
        List<Column> carry = new ArrayList<>();
        for (String field : carryType.fieldNames()) {
            carry.add(col(CARRY).getField(field).as(field));
        }
        List<String> names = List.of(sorted.columns());
        StructField[] fields = sorted.schema().fields();
        slot = 0;
        for (int v = 0; v < group.size(); v++) {
            PointInTimePlan plan = group.get(v);
            ttls[v] = plan.view.ttlSeconds() * 1_000_000L;
            String what = "source '" + plan.source.name() + "'";
            for (int o = 0; o < plan.outputs.size(); o++) {
                Output out = plan.outputs.get(o);
                int index = names.indexOf(slots.get(slot + o));
                DataType raw;
                if (out.plain() != null) {
                    merges.add(new PointInTimeMerge.Output(v, index, fields[index].dataType(), null, 0, false));
                    raw = slotTypes.get(slot + o);
                } else {
                    AggregationSpec a = out.aggregation();
                    DataType input = slotTypes.get(slot + o);
                    ValueType inputType = SourceFrames.valueType(input);
                    boolean integral = inputType != null && inputType.isIntegral();
                    PointInTimeMerge.Function function = PointInTimeMerge.Function.valueOf(a.function().name());
                    merges.add(new PointInTimeMerge.Output(v, index, fields[index].dataType(), function,
                            a.windowSeconds() * 1_000_000L, integral));
                    raw = switch (function) {
                        case COUNT -> DataTypes.LongType;
                        case SUM -> integral ? DataTypes.LongType : DataTypes.DoubleType;
                        case MEAN -> DataTypes.DoubleType;
                        case MIN, MAX -> input;
                    };
                }
                String name = "__granary_o" + merges.size();
                outFields.add(DataTypes.createStructField(name, raw, true));
                carry.add(col(name).cast(SourceFrames.sparkType(outputType(raws.get(v), out, what))).as(out.column()));
            }
            slot += plan.outputs.size();
        }
        int[] keyIndexes = new int[keys.size()];
        DataType[] keyTypes = new DataType[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            keyIndexes[k] = names.indexOf(KEY + k);
            keyTypes[k] = fields[keyIndexes[k]].dataType();
        }
        PointInTimeMerge merge = new PointInTimeMerge(names.indexOf(RUN), keyIndexes, keyTypes, names.indexOf(TIME),
                names.indexOf(KIND), created ? names.indexOf(CREATED) : -1, names.indexOf(SourceFrames.FILE),
                names.indexOf(SourceFrames.ROW), names.indexOf(CARRY), carryType.size(), ttls, merges);
        // the walk runs on the sorted plan's internal rows: the Row API would convert every row (and its carried
        // struct) to Java objects and back
        RDD<InternalRow> walked = ((org.apache.spark.sql.classic.Dataset<Row>) sorted).queryExecution().toRdd()
                .toJavaRDD().mapPartitions(merge).rdd();
        return ((org.apache.spark.sql.classic.SparkSession) sorted.sparkSession())
                .internalCreateDataFrame(walked, DataTypes.createStructType(outFields), false)
                .select(col(ENTITY_ROW), col(TIME), struct(carry.toArray(Column[]::new)).as(CARRY));
    }

    /** The entity table's distinct non-null keys, as {@link #KEY} columns. */
    private static Dataset<Row> entityKeys(Dataset<Row> entityTable, List<JoinKey> keys, FeatureViewSpec view) {
        List<Column> cols = new ArrayList<>();
        Column notNull = lit(true);
        for (int k = 0; k < keys.size(); k++) {
            JoinKey key = keys.get(k);
            cols.add(SourceFrames.key(entityTable, key.name(), key.type(), entityWhat(view)).as(KEY + k));
            notNull = notNull.and(col(KEY + k).isNotNull());
        }
        return entityTable.select(cols.toArray(Column[]::new)).where(notNull).distinct();
    }

    private static String entityWhat(FeatureViewSpec view) {
        return "the entity table (a join key of view '" + view.name() + "')";
    }

    /** The output type of one output: the declared type, or the aggregation's result type for its column. */
    static ValueType outputType(Dataset<Row> raw, Output out, String what) {
        if (out.plain() != null) {
            return out.plain().type();
        }
        AggregationSpec a = out.aggregation();
        ValueType columnType = SourceFrames.valueType(SourceFrames.type(raw, a.column(), what));
        if (columnType == null) {
            throw new OfflineStoreException("aggregation '" + a.name() + "': column '" + a.column() + "' of " + what
                    + " has an unsupported type; pick a numeric column or COUNT");
        }
        return a.function().resultType(columnType).orElseThrow(() -> new OfflineStoreException("aggregation '"
                + a.name() + "': " + a.function() + " does not fit column '" + a.column() + "' of type " + columnType
                + "; pick a numeric column or COUNT"));
    }

    /** An aggregation's input column: timestamps as micros would change MIN/MAX types, so they stay as read. */
    private static Column aggregationInput(Dataset<Row> raw, AggregationSpec a, String what) {
        SourceFrames.type(raw, a.column(), what);
        return SourceFrames.ref(a.column());
    }

    static Column aggregate(AggregationFunction function, Column value) {
        return switch (function) {
            case COUNT -> count(value);
            case SUM -> sum(value);
            case MIN -> min(value);
            case MAX -> max(value);
            case MEAN -> avg(value);
        };
    }
}
