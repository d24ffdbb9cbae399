package dev.granary.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.catalog.CatalogSync;
import dev.granary.config.GranaryConfig;
import dev.granary.search.SearchQuery;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the parts open what they hold: on first use, so a command or a server start pays only for what it uses. */
class GranaryPartsTest {
    @TempDir
    Path repo;

    @Test
    void theCatalogIndexOpensOnItsFirstUseNotWhenItsSyncIsBuilt() {
        GranaryConfig config = GranaryConfig.defaults(repo);
        Path index = config.catalog().path();
        try (GranaryParts parts = GranaryParts.of(config)) {
            CatalogSync sync = parts.catalogSync();
            assertThat(index).as("the server builds the sync while it starts; the index waits").doesNotExist();

            assertThat(sync.search(SearchQuery.of("conv rate")).totalHits()).isZero();
            assertThat(index.resolve("write.lock")).as("the first search opened the index").exists();
            assertThat(sync.catalog()).isSameAs(parts.catalog());
        }
    }

    @Test
    void aSyncThatOutlivesThePartsDoesNotReopenTheIndex() {
        GranaryConfig config = GranaryConfig.defaults(repo);
        Path lock = config.catalog().path().resolve("write.lock");
        CatalogSync sync;
        try (GranaryParts parts = GranaryParts.of(config)) {
            sync = parts.catalogSync();
            sync.search(SearchQuery.of("conv rate"));
            assertThat(lock).as("open while the parts are").exists();
        }

        // a catalog round still running as the server stops asks the index after the parts closed
        assertThatThrownBy(() -> sync.search(SearchQuery.of("conv rate")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        try (GranaryParts next = GranaryParts.of(config)) {
            assertThat(next.catalog().search(SearchQuery.of("conv rate")).totalHits())
                    .as("the next start opens the index: nothing kept its lock").isZero();
        }
    }

    @Test
    void noPartOpensAfterClose() {
        GranaryParts parts = GranaryParts.of(GranaryConfig.defaults(repo));
        parts.close();

        assertThatThrownBy(parts::registryDatabase).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(parts::onlineStore).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(parts::catalog).isInstanceOf(IllegalStateException.class);
        assertThat(repo.resolve(".granary")).as("nothing was created").doesNotExist();
        parts.close(); // closing again does nothing
    }
}
