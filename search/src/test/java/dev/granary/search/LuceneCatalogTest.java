package dev.granary.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.FeatureRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneCatalogTest extends CatalogContractTest {
    @Override
    protected Catalog newCatalog() {
        return LuceneCatalog.inMemory();
    }

    @Test
    void reopeningTheFolderKeepsTheIndexVersionsAndUsage(@TempDir Path folder) {
        try (Catalog first = LuceneCatalog.open(folder)) {
            assertThat(first.isEmpty()).isTrue();
            assertThat(first.indexedVersion("rides")).isEqualTo(-1);
            first.replaceProject("rides", CatalogFixture.rides(), 5, CatalogExtras.NONE);
            first.replaceProject("scores", CatalogFixture.twins("scores"), 2, CatalogExtras.NONE);
            first.updateUsage("scores", Map.of(new FeatureRef("rider_scores_b", "rider_score"),
                    new FeatureUsage(3, 0, 0)));
        }
        try (Catalog again = LuceneCatalog.open(folder)) {
            assertThat(again.isEmpty()).isFalse();
            assertThat(again.indexedVersion("rides")).isEqualTo(5);
            assertThat(again.indexedVersion("scores")).isEqualTo(2);
            assertThat(again.search(SearchQuery.of("conv_rtae")).hits().getFirst().qualifiedName())
                    .isEqualTo("driver_stats:conv_rate");
            assertThat(again.search(SearchQuery.of("rider score").filter(Facet.TYPE, "feature")).hits()
                    .getFirst().view()).as("usage committed on close").isEqualTo("rider_scores_b");
        }
    }

    @Test
    void aClosedCatalogSaysSo() {
        Catalog closed = LuceneCatalog.inMemory();
        closed.close();
        assertThatThrownBy(() -> closed.search(SearchQuery.of("x")))
                .isInstanceOf(CatalogException.class).hasMessageContaining("closed");
        closed.close(); // closing twice is harmless
    }

    @Test
    void aSecondProcessOnTheSameFolderIsToldWhy(@TempDir Path folder) {
        try (Catalog first = LuceneCatalog.open(folder)) {
            assertThatThrownBy(() -> LuceneCatalog.open(folder))
                    .isInstanceOf(CatalogException.class).hasMessageContaining(folder.toString());
            assertThat(first.isEmpty()).isTrue();
        }
    }
}
