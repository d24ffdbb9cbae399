package dev.granary.cli;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.Registry;
import dev.granary.registry.RegistryDatabase;
import dev.granary.online.OnlineStore;
import dev.granary.serving.OnlineStores;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * One feature repository as the CLI sees it: its folder, its configuration and, opened on first use, its
 * registry. Closing it releases the embedded databases so the next command can open them.
 */
final class Workspace implements AutoCloseable {
    private final GranaryConfig config;
    private RegistryDatabase database;
    private OnlineStore onlineStore;

    private Workspace(GranaryConfig config) {
        this.config = config;
    }

    static Workspace open(Path repo) {
        Path dir = repo.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new DefinitionException("--repo " + repo + " is not a folder; give the folder holding granary.yaml");
        }
        return new Workspace(GranaryConfig.load(dir));
    }

    GranaryConfig config() {
        return config;
    }

    Path repoDir() {
        return config.repoDir();
    }

    Registry registry() {
        if (database == null) {
            database = RegistryDatabase.open(config.registry());
        }
        return database.registry();
    }

    /** The registry database's pool (for job and watermark tables), opening the registry if needed. */
    DataSource registryDataSource() {
        registry();
        return database.dataSource();
    }

    /** The online store of {@code online.*}, opened on first use and closed with the workspace. */
    OnlineStore onlineStore() {
        if (onlineStore == null) {
            onlineStore = OnlineStores.open(config.online());
        }
        return onlineStore;
    }

    /** Who is applying: {@code GRANARY_AUTHOR}, else the operating-system user. */
    static String author() {
        String author = System.getenv("GRANARY_AUTHOR");
        return author == null || author.isBlank() ? System.getProperty("user.name", "unknown") : author;
    }

    @Override
    public void close() {
        if (onlineStore != null) {
            onlineStore.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
