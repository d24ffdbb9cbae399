package dev.granary.offline.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.granary.offline.AsOfBatch;
import dev.granary.offline.OfflineStoreException;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The as-of read of materialization on Spark: one aggregation by key over the view's {@code [start, end]} rows,
 * taking per key the newest row ({@code max_by} over event time, created time with nulls lowest, file and row
 * in file) and the window aggregations as of {@code end}; the keys stream back to the caller in batches.
 */
final class SparkAsOf {
    private static final String LATEST = "__granary_latest";
    private static final String NEWEST = "__granary_newest";

    private SparkAsOf() {
    }

    static void read(SourceFrames frames, RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path root,
                     int batchSize, Consumer<AsOfBatch> sink) {
        SourceSpec source = spec.source(view.source()).orElseThrow(() -> new OfflineStoreException("feature view '"
                + view.name() + "' names source '" + view.source() + "', which the spec does not define; add it to sources"));
        List<JoinKey> keys = spec.joinKeys(view);
        List<String> files = frames.files(source, root);
        String first = files.get(0);
        String what = "source '" + source.name() + "'";
        Dataset<Row> raw = frames.read(files);
        long from = micros(start);
        long to = micros(end);

        List<Column> select = new ArrayList<>();
        Column keep = col(PointInTimePlan.TIME).between(from, to);
        for (int k = 0; k < keys.size(); k++) {
            JoinKey key = keys.get(k);
            select.add(SourceFrames.key(raw, key.name(), key.type(), what).as(PointInTimePlan.KEY + k));
            keep = keep.and(col(PointInTimePlan.KEY + k).isNotNull());
        }
        select.add(frames.micros(raw, source.timestampField(), first, what).as(PointInTimePlan.TIME));
        select.add(source.createdTimestamp().map(c -> frames.micros(raw, c, first, what))
                .orElse(lit(null).cast(DataTypes.LongType)).as(PointInTimePlan.CREATED));
        select.add(col(SourceFrames.FILE));
        select.add(col(SourceFrames.ROW));
        List<Column> latestFields = new ArrayList<>();
        latestFields.add(col(PointInTimePlan.TIME).as("t"));
        for (int f = 0; f < view.features().size(); f++) {
            FeatureSpec feature = view.features().get(f);
            select.add(frames.value(raw, feature.sourceColumn(), feature.type(), first, what).as(PointInTimePlan.PLAIN + f));
            latestFields.add(col(PointInTimePlan.PLAIN + f).as("p" + f));
        }
        for (int a = 0; a < view.aggregations().size(); a++) {
            AggregationSpec agg = view.aggregations().get(a);
            SourceFrames.type(raw, agg.column(), what);
            select.add(SourceFrames.ref(agg.column()).as(PointInTimePlan.AGG + a));
        }
        Dataset<Row> rows = raw.select(select.toArray(Column[]::new)).where(keep);

        boolean plain = !view.features().isEmpty();
        List<Column> aggregations = new ArrayList<>();
        aggregations.add(plain
                ? max_by(struct(latestFields.toArray(Column[]::new)), struct(col(PointInTimePlan.TIME),
                        col(PointInTimePlan.CREATED), col(SourceFrames.FILE), col(SourceFrames.ROW))).as(LATEST)
                : max(PointInTimePlan.TIME).as(NEWEST));
        for (int a = 0; a < view.aggregations().size(); a++) {
            AggregationSpec agg = view.aggregations().get(a);
            long window = agg.windowSeconds() * 1_000_000L;
            Column inWindow = when(col(PointInTimePlan.TIME).gt(to - window), col(PointInTimePlan.AGG + a));
            var type = PointInTimePlan.outputType(raw, new PointInTimePlan.Output(agg.name(), agg.name(), null, agg), what);
            aggregations.add(PointInTimePlan.aggregate(agg.function(), inWindow).cast(SourceFrames.sparkType(type))
                    .as("a" + a));
        }
        Column[] groupBy = new Column[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            groupBy[k] = col(PointInTimePlan.KEY + k);
        }
        Dataset<Row> grouped = rows.groupBy(groupBy)
                .agg(aggregations.get(0), aggregations.subList(1, aggregations.size()).toArray(Column[]::new));
        if (plain && view.ttlSeconds() > 0) {
            grouped = grouped.where(col(LATEST + ".t").geq(to - view.ttlSeconds() * 1_000_000L));
        }
        List<Column> out = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            out.add(col(PointInTimePlan.KEY + k).cast(SourceFrames.sparkType(keys.get(k).type())));
        }
        for (int f = 0; f < view.features().size(); f++) {
            out.add(col(LATEST + ".p" + f));
        }
        for (int a = 0; a < view.aggregations().size(); a++) {
            out.add(col("a" + a));
        }
        out.add(plain ? col(LATEST + ".t") : col(NEWEST));

        List<String> keyNames = keys.stream().map(JoinKey::name).toList();
        int values = view.features().size() + view.aggregations().size();
        List<AsOfBatch.Row> batch = new ArrayList<>();
        Iterator<Row> it = grouped.select(out.toArray(Column[]::new)).toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            List<Object> keyValues = new ArrayList<>();
            for (int k = 0; k < keys.size(); k++) {
                keyValues.add(row.get(k));
            }
            List<Object> valueList = new ArrayList<>();
            for (int v = 0; v < values; v++) {
                valueList.add(row.get(keys.size() + v));
            }
            batch.add(new AsOfBatch.Row(keyValues, valueList, instant(row.getLong(keys.size() + values))));
            if (batch.size() == batchSize) {
                sink.accept(new AsOfBatch(view.name(), keyNames, view.featureNames(), batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            sink.accept(new AsOfBatch(view.name(), keyNames, view.featureNames(), batch));
        }
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
