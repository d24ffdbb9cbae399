package dev.granary.cli;

import dev.granary.config.GranaryConfig;
import dev.granary.config.OnlineType;

/**
 * The stores a repository command uses. An embedded store has one owner: while {@code granary serve} runs for the
 * repository it holds them, so a command that uses one is sent to the server ({@link RepoOptions#backend}).
 */
enum RepositoryStore {
    /** The registry database: embedded when {@code registry.url} is an H2 file. */
    REGISTRY,
    /** The online store: embedded when {@code online.type} is {@code embedded}. */
    ONLINE,
    /** The catalog's Lucene index at {@code catalog.path}: always embedded. */
    CATALOG;

    /** Whether this store of the repository can be opened by one process only. */
    boolean embeddedIn(GranaryConfig config) {
        return switch (this) {
            case REGISTRY -> config.registry().isEmbedded();
            case ONLINE -> config.online().type() == OnlineType.EMBEDDED;
            case CATALOG -> true;
        };
    }
}
