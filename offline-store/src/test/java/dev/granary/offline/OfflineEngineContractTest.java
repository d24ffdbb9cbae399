package dev.granary.offline;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule an {@link OfflineEngine} promises (semantics.md), in one suite each engine runs through a thin
 * subclass that only says how to build the engine: point-in-time values ({@link PointInTimeContract}), source reading
 * and checks ({@link SourceContract}), the as-of reads of materialization ({@link AsOfContract}), exports without an
 * entity table ({@link EntityQueryContract}) and the randomized test against a naive reference
 * ({@link ReferenceContract}). Published in offline-store's test-jar.
 */
public abstract class OfflineEngineContractTest
        implements PointInTimeContract, SourceContract, AsOfContract, EntityQueryContract, ReferenceContract {
    @TempDir
    Path dir;

    /** The engine under test; may be shared between tests (engines are thread-safe). */
    @Override
    public abstract OfflineEngine engine();

    @Override
    public Path dir() {
        return dir;
    }
}
