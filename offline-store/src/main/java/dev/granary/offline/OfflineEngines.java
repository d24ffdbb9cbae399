package dev.granary.offline;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SpecError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/** Builds the engine {@code offline.engine} names: the in-process {@link ParquetOfflineEngine} or a provider's. */
public final class OfflineEngines {
    /** The in-process engine's name, and the default. */
    public static final String IN_PROCESS = "parquet";

    private OfflineEngines() {
    }

    /**
     * The engine called {@code name} ({@code null} or blank means {@value #IN_PROCESS}). A provider's engine is
     * made on its first call, so a command that never reads offline data never starts it (a Spark session takes
     * seconds).
     *
     * @throws IllegalArgumentException if no engine of that name is on the classpath
     */
    public static OfflineEngine create(String name, Map<String, Object> settings) {
        if (name == null || name.isBlank() || name.equals(IN_PROCESS)) {
            return new ParquetOfflineEngine();
        }
        List<String> found = new ArrayList<>(List.of(IN_PROCESS));
        for (OfflineEngineProvider provider : ServiceLoader.load(OfflineEngineProvider.class)) {
            if (provider.name().equals(name)) {
                return new OnFirstUse(provider, settings == null ? Map.of() : Map.copyOf(settings));
            }
            found.add(provider.name());
        }
        throw new IllegalArgumentException("offline.engine '" + name + "' is not on the classpath (engines here: "
                + found + "); use one of them, or run through ./granary, which adds the offline-" + name
                + " module when granary.yaml chooses it");
    }

    /** A provider's engine, made on the first call of any method. */
    private static final class OnFirstUse implements OfflineEngine {
        private final OfflineEngineProvider provider;
        private final Map<String, Object> settings;
        private OfflineEngine engine;

        OnFirstUse(OfflineEngineProvider provider, Map<String, Object> settings) {
            this.provider = provider;
            this.settings = settings;
        }

        private synchronized OfflineEngine engine() {
            if (engine == null) {
                engine = requireNonNull(provider.create(settings), "the " + provider.name() + " provider made no engine");
            }
            return engine;
        }

        @Override
        public ExportResult export(ExportRequest request, ProgressListener progress) {
            return engine().export(request, progress);
        }

        @Override
        public ExportResult stream(ExportRequest request, ProgressListener progress, TrainingSetSink sink) {
            return engine().stream(request, progress, sink);
        }

        @Override
        public boolean supportsEntityQueries() {
            return engine().supportsEntityQueries();
        }

        @Override
        public void asOf(RepoSpec spec, FeatureViewSpec view, Instant start, Instant end, Path offlineRoot,
                         int batchSize, Consumer<AsOfBatch> sink) {
            engine().asOf(spec, view, start, end, offlineRoot, batchSize, sink);
        }

        @Override
        public List<SpecError> checkSources(RepoSpec spec, Path offlineRoot) {
            return engine().checkSources(spec, offlineRoot);
        }
    }
}
