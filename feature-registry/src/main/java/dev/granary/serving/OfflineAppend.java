package dev.granary.serving;

import dev.granary.error.BadRequestException;
import dev.granary.error.StorageException;
import dev.granary.offline.OfflineStoreException;
import dev.granary.offline.ParquetTables;
import dev.granary.security.ConfinedFiles;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends pushed rows to a view's offline source: a new Parquet file {@code push-<time>-<id>.parquet} in the
 * source's folder, written under a temporary name and moved into place so readers never see half a file. It
 * holds the join keys, the event (and created) timestamp and every plain feature's column, so the rows join
 * like any other. Unsupported cases are refused, never skipped: a source that is a single file (appending
 * would rewrite it), a push lacking one of the view's columns, list-typed features.
 */
final class OfflineAppend {
    private final ConfinedFiles files;
    private final Clock clock;

    /** @param files where a source's folder may be: a push never writes outside {@code offline.root} */
    OfflineAppend(ConfinedFiles files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    Path append(RepoSpec spec, FeatureViewSpec view, List<JoinKey> keys, List<List<Object>> keyValues,
                Instant[] times, List<String> features, List<List<Object>> featureValues) {
        SourceSpec source = spec.source(view.source()).orElseThrow();
        Path folder = files.source("sources[" + source.name() + "].path", source.path());
        if (!Files.isDirectory(folder)) {
            throw new BadRequestException("to", "Source '" + source.name() + "' of view '" + view.name() + "' is "
                    + (Files.exists(folder) ? "the single file " : "the missing path ") + source.path()
                    + "; offline pushes"
                    + " add a file to a source folder. Make the source a folder of Parquet files, or push with"
                    + " \"to\": \"online\"");
        }
        List<ParquetTables.Column> columns = new ArrayList<>();
        List<List<Object>> data = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            columns.add(new ParquetTables.Column(keys.get(k).name(), keys.get(k).type()));
            data.add(keyValues.get(k));
        }
        columns.add(new ParquetTables.Column(source.timestampField(), ValueType.TIMESTAMP));
        data.add(java.util.Arrays.asList((Object[]) times));
        if (source.createdTimestampField() != null) {
            columns.add(new ParquetTables.Column(source.createdTimestampField(), ValueType.TIMESTAMP));
            data.add(java.util.Collections.nCopies(times.length, clock.instant()));
        }
        for (FeatureSpec feature : view.features()) {
            int index = features.indexOf(feature.name());
            if (index < 0) {
                throw new BadRequestException("df." + feature.name(), "An offline push into view '" + view.name()
                        + "' must give every feature's column; '" + feature.name() + "' is missing");
            }
            if (feature.type().isList()) {
                throw new BadRequestException("df." + feature.name(), "Feature '" + feature.name() + "' is a list,"
                        + " which offline pushes do not support yet; push it with \"to\": \"online\"");
            }
            columns.add(new ParquetTables.Column(feature.sourceColumn(), feature.type()));
            data.add(featureValues.get(index));
        }
        for (AggregationSpec aggregation : view.aggregations()) {
            if (columns.stream().noneMatch(c -> c.name().equals(aggregation.column()))) {
                throw new BadRequestException("feature_view", "View '" + view.name() + "' aggregates column '"
                        + aggregation.column() + "', which a push cannot fill; push the view the column comes from"
                        + " offline, or push this one with \"to\": \"online\"");
            }
        }
        List<Object[]> rows = new ArrayList<>(times.length);
        for (int r = 0; r < times.length; r++) {
            Object[] row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = data.get(c).get(r);
            }
            rows.add(row);
        }
        String name = "push-" + clock.millis() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path temporary = folder.resolve("." + name + ".tmp");
        Path target = folder.resolve(name + ".parquet");
        try {
            ParquetTables.write(temporary, columns, rows);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (OfflineStoreException e) {
            throw new BadRequestException("df", "The pushed rows do not fit the columns of source '" + source.name()
                    + "': " + e.getMessage());
        } catch (IOException e) {
            throw new StorageException("Could not add a file to source '" + source.name() + "' ("
                    + source.path() + "): " + e.getClass().getSimpleName(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is hidden (dot name) and never read as a source
            }
        }
    }
}
