package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.spec.RepoSpec;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The spec cache of online lookups, on a real (in-memory H2) registry: an apply made elsewhere (another server on
 * the same database) reaches lookups on the next refresh, and an unchanged version is not read again.
 */
class CurrentSpecsTest {
    private static final String PROJECT = "specs";
    private RegistryDatabase database;
    private CurrentSpecs specs;

    @BeforeEach
    void open() {
        database = RegistryDatabase.open("jdbc:h2:mem:current-specs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        database.registry().apply(OnlineTestRepo.spec(PROJECT), ApplyOptions.by("test"));
        // refreshes run at once on the calling thread and are always due, so each get() checks the registry
        specs = new CurrentSpecs(database.registry(), PROJECT, 0, Runnable::run);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anUnchangedVersionKeepsTheCachedSpecObject() {
        CurrentSpecs.Snapshot first = specs.get(PROJECT);
        specs.get(PROJECT);
        assertThat(specs.get(PROJECT)).isSameAs(first);
        assertThat(first.version()).isEqualTo(1);
    }

    @Test
    void anApplyMadeElsewhereIsServedAfterTheNextRefresh() {
        RepoSpec first = OnlineTestRepo.spec(PROJECT);
        assertThat(specs.get(PROJECT).spec()).isEqualTo(first);
        RepoSpec fewer = new RepoSpec(PROJECT, first.entities(), first.sources(),
                first.featureViews().subList(0, 1), List.of());
        database.registry().apply(fewer, ApplyOptions.by("elsewhere").forced());

        specs.get(PROJECT); // serves the cached spec while it refreshes
        CurrentSpecs.Snapshot now = specs.get(PROJECT);
        assertThat(now.version()).isEqualTo(2);
        assertThat(now.spec()).isEqualTo(fewer);
    }
}
