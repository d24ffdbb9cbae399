package dev.granary.assembly;

import static org.assertj.core.api.Assertions.assertThat;

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
}
