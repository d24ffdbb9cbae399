package dev.granary.offline.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One view's part of an export as a Spark plan: the point-in-time values and window aggregations of the requested
 * features for every entity row with non-null keys and time.
 *
 * <p>The join is a partitioned sort-merge, not a cross join filtered afterwards: entity rows and source rows are
 * unioned, hash-partitioned by key (one shuffle), and sorted within each key by time, source rows before entity
 * rows at equal times ({@code event_ts <= t}), then created time (nulls first), file and row in file. A running
 * {@code last(source row, ignoreNulls)} gives each entity row the newest source row at or before it in one pass;
 * window aggregations are range frames {@code (t - w, t]} over the same partitioning. Work is linear in the rows
 * of each key after the sort, memory is bounded per task by Spark's spilling sort and window buffers.
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
    /** Splits the partition groups of entity rows that match nothing (0 on every other row). */
    static final String SALT = "__granary_s";
    private static final int SOURCE = 0;
    private static final int ENTITY = 1;

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
     * Adds the view's outputs to the carried entity rows. {@code carried} holds {@link #ENTITY_ROW} (the row's index
     * in the entity table), {@link #TIME} (micros, null when the row has no time) and {@link #CARRY} (a struct of
     * the entity row's columns and the outputs of the views before); the result has the same three columns, the
     * view's outputs appended to the struct. The entity rows ride through the view's one shuffle and sort instead
     * of being joined back by row index afterwards. {@code entityTable} is the entity table as read (its key
     * columns are checked there, and the semi-join reads its keys); {@code from}/{@code to} bound the source rows
     * that can matter (micros, inclusive), or are null when the entity table is empty. With {@code semiJoin}, source
     * rows whose keys no entity row has are dropped before the shuffle by a broadcast left semi-join on the entity
     * table's distinct keys.
     */
    Dataset<Row> join(Dataset<Row> carried, Dataset<Row> entityTable, Long from, Long to, boolean semiJoin,
                      SourceFrames frames) {
        String what = "source '" + source.name() + "'";
        Dataset<Row> raw = frames.read(files);
        String first = files.get(0);
        boolean created = source.createdTimestamp().isPresent();
        StructType carryType = (StructType) carried.schema().apply(CARRY).dataType();
        List<Column> sourceCols = new ArrayList<>();
        List<Column> entityCols = new ArrayList<>();
        List<Column> entityKeys = new ArrayList<>();
        Column entityKeep = col(TIME).isNotNull();
        Column sourceKeep = col(TIME).isNotNull();
        for (int k = 0; k < keys.size(); k++) {
            JoinKey key = keys.get(k);
            String entityWhat = "the entity table (a join key of view '" + view.name() + "')";
            sourceCols.add(SourceFrames.key(raw, key.name(), key.type(), what).as(KEY + k));
            entityCols.add(SourceFrames.key(entityTable, key.name(), key.type(), entityWhat,
                    col(CARRY).getField(key.name())).as(KEY + k));
            entityKeys.add(SourceFrames.key(entityTable, key.name(), key.type(), entityWhat).as(KEY + k));
            entityKeep = entityKeep.and(col(KEY + k).isNotNull());
            sourceKeep = sourceKeep.and(col(KEY + k).isNotNull());
        }
        sourceCols.add(frames.micros(raw, source.timestampField(), first, what).as(TIME));
        entityCols.add(col(TIME));
        if (created) {
            sourceCols.add(frames.micros(raw, source.createdTimestamp().get(), first, what).as(CREATED));
            entityCols.add(lit(null).cast(DataTypes.LongType).as(CREATED));
        }
        sourceCols.add(col(SourceFrames.FILE));
        entityCols.add(lit(null).cast(DataTypes.IntegerType).as(SourceFrames.FILE));
        sourceCols.add(col(SourceFrames.ROW));
        entityCols.add(col(ENTITY_ROW).as(SourceFrames.ROW));
        sourceCols.add(lit(SOURCE).as(KIND));
        entityCols.add(lit(ENTITY).as(KIND));
        for (int o = 0; o < outputs.size(); o++) {
            Output out = outputs.get(o);
            if (out.plain() != null) {
                Column v = frames.value(raw, out.plain().sourceColumn(), out.plain().type(), first, what);
                sourceCols.add(v.as(PLAIN + o));
                entityCols.add(lit(null).cast(SourceFrames.sparkType(out.plain().type())).as(PLAIN + o));
            } else {
                String column = out.aggregation().column();
                Column v = aggregationInput(raw, out.aggregation(), what);
                sourceCols.add(v.as(AGG + o));
                entityCols.add(lit(null).cast(SourceFrames.type(raw, column, what)).as(AGG + o));
            }
        }
        sourceCols.add(lit(null).cast(carryType).as(CARRY));
        entityCols.add(col(CARRY));
        if (to != null) {
            sourceKeep = sourceKeep.and(col(TIME).leq(to));
            if (from != null) {
                sourceKeep = sourceKeep.and(col(TIME).geq(from));
            }
        }
        Dataset<Row> sourceRows = raw.select(sourceCols.toArray(Column[]::new)).where(sourceKeep);
        if (semiJoin) {
            Column notNull = lit(true);
            for (int k = 0; k < keys.size(); k++) {
                notNull = notNull.and(col(KEY + k).isNotNull());
            }
            Dataset<Row> wanted = entityTable.select(entityKeys.toArray(Column[]::new)).where(notNull).distinct();
            List<String> keyColumns = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                keyColumns.add(KEY + k);
            }
            sourceRows = sourceRows.join(broadcast(wanted), CollectionConverters.asScala(keyColumns).toSeq(),
                    "left_semi");
        }
        // entity rows without keys or time match nothing: each its own partition group (SALT), so they neither
        // meet source rows nor pile up in one group
        sourceRows = sourceRows.withColumn(SALT, lit(0L));
        Dataset<Row> entityRows = carried.select(entityCols.toArray(Column[]::new))
                .withColumn(SALT, when(entityKeep, lit(0L)).otherwise(col(SourceFrames.ROW).plus(1L)));
        Dataset<Row> union = sourceRows.unionByName(entityRows);

        Column[] partition = new Column[keys.size() + 1];
        for (int k = 0; k < keys.size(); k++) {
            partition[k] = col(KEY + k);
        }
        partition[keys.size()] = col(SALT);
        List<Column> order = new ArrayList<>(List.of(col(TIME).asc(), col(KIND).asc()));
        if (created) {
            order.add(col(CREATED).asc_nulls_first());
        }
        order.add(col(SourceFrames.FILE).asc_nulls_first());
        order.add(col(SourceFrames.ROW).asc());
        WindowSpec upToRow = Window.partitionBy(partition).orderBy(order.toArray(Column[]::new))
                .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
        List<Column> latestFields = new ArrayList<>();
        latestFields.add(col(TIME).as("t"));
        for (int o = 0; o < outputs.size(); o++) {
            if (outputs.get(o).plain() != null) {
                latestFields.add(col(PLAIN + o).as("p" + o));
            }
        }
        Column latest = last(when(col(KIND).equalTo(SOURCE), struct(latestFields.toArray(Column[]::new))), true)
                .over(upToRow);
        long ttl = view.ttlSeconds() * 1_000_000L;
        List<Column> carry = new ArrayList<>();
        for (String field : carryType.fieldNames()) {
            carry.add(col(CARRY).getField(field).as(field));
        }
        Column matched = col(SALT).equalTo(0L);
        for (int o = 0; o < outputs.size(); o++) {
            Output out = outputs.get(o);
            Column value;
            if (out.plain() != null) {
                value = latest.getField("p" + o);
                if (ttl > 0) {
                    value = when(latest.getField("t").geq(col(TIME).minus(ttl)), value);
                }
            } else {
                long window = out.aggregation().windowSeconds() * 1_000_000L;
                WindowSpec frame = Window.partitionBy(partition).orderBy(col(TIME)).rangeBetween(1 - window, 0);
                value = aggregate(out.aggregation().function(), col(AGG + o)).over(frame);
            }
            carry.add(when(matched, value).cast(SourceFrames.sparkType(outputType(raw, out, what))).as(out.column()));
        }
        return union.select(col(KIND), col(SourceFrames.ROW).as(ENTITY_ROW), col(TIME),
                        struct(carry.toArray(Column[]::new)).as(CARRY))
                .where(col(KIND).equalTo(ENTITY)).drop(KIND);
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
