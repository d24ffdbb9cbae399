package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link OfflineEngine} in process over local Parquet files: parquet-java column readers decode only the needed
 * columns into primitive columnar buffers (one array per column plus a null mask), and a sort-merge join computes
 * point-in-time values; sources over the memory budget are partitioned by key into spill files.
 */
public final class ParquetOfflineEngine implements OfflineEngine {
    private final int threads;

    /** An engine joining up to as many views at once as there are processors. */
    public ParquetOfflineEngine() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public ParquetOfflineEngine(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public ExportResult export(ExportRequest request, ProgressListener progress) {
        requireNonNull(request, "request is null");
        if (request.output() == null) {
            throw new IllegalArgumentException("output is null; give the file to write, or stream the training set");
        }
        return run(request, progress, null);
    }

    @Override
    public ExportResult stream(ExportRequest request, ProgressListener progress, TrainingSetSink sink) {
        requireNonNull(request, "request is null");
        requireNonNull(sink, "sink is null");
        return run(request, progress, sink);
    }

    private ExportResult run(ExportRequest request, ProgressListener progress, TrainingSetSink sink) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        if (request.entityQuery() == null) {
            return new Exporter(request, listener, threads).run(sink);
        }
        // the query's entity rows go to a temporary Parquet file, read by the export like any entity table
        Path table = null;
        try {
            table = Files.createTempFile("granary-entities-", ".parquet");
            listener.progress("select-entities", 0, -1);
            long rows = new SourceEntities(request).write(table);
            listener.progress("select-entities", rows, rows);
            return new Exporter(request.withEntityTable(table), listener, threads).run(sink);
        } catch (IOException e) {
            throw new OfflineStoreException("cannot write the entity rows of " + request.entityQuery().describe()
                    + " to a temporary file: " + e.getMessage(), e);
        } finally {
            if (table != null) {
                try {
                    Files.deleteIfExists(table);
                } catch (IOException ignored) {
                    // best effort: a leftover temporary file changes no result
                }
            }
        }
    }

    @Override
    public void asOf(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path offlineRoot, int batchSize,
                     Consumer<AsOfBatch> sink) {
        AsOfArguments.requireValid(spec, view, start, end, batchSize, sink);
        AsOfReader.read(spec, view, start, end, offlineRoot == null ? Path.of(".") : offlineRoot, batchSize, sink);
    }

    @Override
    public List<SpecError> checkSources(RepoSpec spec, Path offlineRoot) {
        requireNonNull(spec, "spec is null");
        return new SourceCheck(spec, offlineRoot == null ? Path.of(".") : offlineRoot).run();
    }
}
