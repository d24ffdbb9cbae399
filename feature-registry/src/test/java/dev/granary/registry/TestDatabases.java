package dev.granary.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Where registry tests find their databases: a Testcontainers PostgreSQL when Docker is available, else the
 * server at {@code GRANARY_TEST_PG_URL} (default the local one); each caller gets its own fresh schema. H2 is
 * in memory, one database per call.
 */
public final class TestDatabases {
    private static PostgreSQLContainer<?> container;

    private TestDatabases() {
    }

    /** A registry database of its own for one test, and how to remove it once it is closed. */
    public interface Fresh {
        RegistryDatabase open();

        void drop();
    }

    /** A fresh in-memory H2 registry (PostgreSQL mode); nothing to drop: it is named for one test alone. */
    public static Fresh h2() {
        String url = freshH2Url();
        return new Fresh() {
            @Override
            public RegistryDatabase open() {
                return RegistryDatabase.open(url, "sa", null);
            }

            @Override
            public void drop() {
            }
        };
    }

    /** A PostgreSQL schema of its own; {@link PgSchema#drop()} removes it and everything in it. */
    public record PgSchema(String url, String user, String password, String schema, String serverUrl)
            implements Fresh {
        @Override
        public RegistryDatabase open() {
            return RegistryDatabase.open(url, user, password);
        }

        @Override
        public void drop() {
            execute(serverUrl, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    public static synchronized PgSchema freshPostgresSchema() {
        String serverUrl;
        String user;
        String password;
        if (container == null && dockerAvailable()) {
            container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
        }
        if (container != null) {
            serverUrl = container.getJdbcUrl();
            user = container.getUsername();
            password = container.getPassword();
        } else {
            serverUrl = env("GRANARY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
            user = env("GRANARY_TEST_PG_USER", "postgres");
            password = System.getenv("GRANARY_TEST_PG_PASSWORD");
        }
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(serverUrl, user, password, "CREATE SCHEMA " + schema);
        String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PgSchema(url, user, password, schema, serverUrl);
    }

    /** A fresh in-memory H2 database URL (kept while a connection is open). */
    public static String freshH2Url() {
        return "jdbc:h2:mem:registry_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests at " + url + " failed (" + e.getMessage()
                    + "); start it or set GRANARY_TEST_PG_URL", e);
        }
    }
}
