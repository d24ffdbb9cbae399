package dev.granary.online;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A separate JVM for {@link EmbeddedOnlineStoreTest}: writes ever newer versions of the same rows into an embedded
 * store until it is killed, printing each version once committed.
 */
public final class EmbeddedWriterProcess {
    static final int ROWS = 5_000;
    static final int FEATURES = 10;
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final FeatureViewSpec VIEW = new FeatureViewSpec("killed", List.of("driver"), "src", 0, true,
            IntStream.range(0, FEATURES).mapToObj(i -> new FeatureSpec("f" + i, ValueType.INT64)).toList(),
            List.of(), null, null, null);

    private EmbeddedWriterProcess() {
    }

    public static void main(String[] args) {
        OnlineStore store = OnlineStore.embedded(Path.of(args[0]));
        List<EntityKey> keys = IntStream.range(0, ROWS).mapToObj(EntityKey::of).toList();
        for (long version = 1; ; version++) {
            List<Object> values = Collections.nCopies(FEATURES, version);
            Instant ts = T0.plusSeconds(version);
            store.write("killed", VIEW, VIEW.featureNames(), keys.stream().map(k -> new OnlineRow(k, ts, values)).toList());
            System.out.println("committed " + version);
            System.out.flush();
        }
    }
}
