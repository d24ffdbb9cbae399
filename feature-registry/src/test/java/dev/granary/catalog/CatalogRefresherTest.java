package dev.granary.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;
import dev.granary.search.LuceneCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** How the refresher reports a failed round: news while the server runs, none once it stops. */
class CatalogRefresherTest {
    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(CatalogRefresher.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private RegistryDatabase database;
    private LuceneCatalog catalog;
    private CatalogRefresher refresher;

    @BeforeEach
    void open() {
        lines.start();
        logger.addAppender(lines);
        database = TestDatabases.h2().open();
        catalog = LuceneCatalog.open(dir.resolve("catalog"));
        refresher = CatalogRefresher.holdingSearches(
                new CatalogSync(() -> catalog, database.registry(), database.dataSource()), 30);
    }

    @AfterEach
    void close() {
        logger.detachAppender(lines);
        refresher.close();
        catalog.close();
        database.close();
    }

    @Test
    void aRoundThatFailsWhileTheServerRunsIsAWarningWithItsCause() {
        refresher.failed("catalog refresh failed (retried in the next round)",
                new IllegalStateException("the index is read-only"));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).isEqualTo("catalog refresh failed (retried in the next round): "
                    + "java.lang.IllegalStateException: the index is read-only");
        });
    }

    @Test
    void aRoundCutShortByTheServerStoppingIsNoWarning() {
        refresher.close();
        refresher.failed("catalog refresh on start failed (retried every 30 s)",
                new IllegalStateException("cannot replace project large in the catalog: null"));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).doesNotContain("null").contains("the next start catches up");
        });
    }
}
