package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.granary.config.RegistrySettings;
import dev.granary.config.Secret;
import dev.granary.error.StorageException;
import java.util.Locale;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An open registry database: a small connection pool, the migrated schema and the {@link Registry} on it.
 * This is how the CLI opens the registry without Spring; the server uses the same class as a bean. Close it
 * to release the pool (and, for embedded H2, the database file).
 *
 * <p>A server's pool is HikariCP (connection timeouts, failure counts in the metrics). A command's embedded H2
 * registry ({@link #openForCommand}) gets H2's own small pool instead: the database is a file in the same process,
 * there is no network to time out, and HikariCP's start-up (its threads, its configuration by reflection, the
 * logging it starts) cost a short command more than the command's own work.
 */
public final class RegistryDatabase implements AutoCloseable {
    /** H2 settings that make it accept the PostgreSQL scripts and behave like PostgreSQL. */
    /** How long to wait for a connection (from the pool or a new one) before failing. */
    static final long CONNECT_TIMEOUT_MILLIS = 2_000;
    /** How long a PostgreSQL statement may wait for an answer on an open connection. */
    static final long SOCKET_TIMEOUT_SECONDS = 15;
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private final Runnable closePool;
    private final FailureCountingDataSource dataSource;
    private final JooqRegistry registry;

    private RegistryDatabase(Runnable closePool, FailureCountingDataSource dataSource, JooqRegistry registry) {
        this.closePool = closePool;
        this.dataSource = dataSource;
        this.registry = registry;
    }

    /** Opens the registry configured in {@code granary.yaml} ({@code registry.*}). */
    public static RegistryDatabase open(RegistrySettings settings) {
        return open(settings.url(), settings.user(), settings.password().map(Secret::reveal).orElse(null));
    }

    /**
     * Opens a registry database, creating or migrating its schema. H2 URLs get the PostgreSQL-mode settings the
     * schema needs; other URLs are used as given.
     *
     * @param jdbcUrl  {@code jdbc:postgresql://...} or {@code jdbc:h2:...}
     * @param user     database user, or {@code null} for the driver's default
     * @param password database password, or {@code null}
     * @throws StorageException when the database cannot be reached or migrated
     */
    public static RegistryDatabase open(String jdbcUrl, String user, String password) {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withDialectOptions(jdbcUrl));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(1);
        config.setPoolName("granary-registry");
        // a database that is down or stopped answers 503 in about this long rather than Hikari's default 30 s
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // the driver's own waits: to connect, and for an answer on a connection (a paused server); an apply
            // or a migration is far shorter than the latter
            String lower = jdbcUrl.toLowerCase(Locale.ROOT);
            if (!lower.contains("connecttimeout=")) {
                config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MILLIS / 1000));
            }
            if (!lower.contains("sockettimeout=")) {
                config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_SECONDS));
            }
        }
        HikariDataSource dataSource;
        try {
            // fails at once (rather than on first use) when the database cannot be reached
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseErrors(jdbcUrl).translate(e);
        }
        return on(dataSource, dataSource::close);
    }

    /**
     * Opens the registry configured in {@code granary.yaml} for one command in a short-lived process: an embedded
     * H2 registry ({@code jdbc:h2:} URL) gets H2's own connection pool, anything else what {@link #open} gives.
     *
     * @throws StorageException when the database cannot be reached or migrated
     */
    public static RegistryDatabase openForCommand(RegistrySettings settings) {
        if (!settings.url().startsWith("jdbc:h2:")) {
            return open(settings);
        }
        String url = withDialectOptions(settings.url());
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, settings.user() == null ? "" : settings.user(),
                settings.password().map(Secret::reveal).orElse(""));
        pool.setMaxConnections(10);
        pool.setLoginTimeout((int) (CONNECT_TIMEOUT_MILLIS / 1000));
        try (java.sql.Connection first = pool.getConnection()) {
            // fails at once (rather than on first use) when the file cannot be opened, e.g. another process has it
        } catch (java.sql.SQLException | RuntimeException e) {
            pool.dispose();
            throw new DatabaseErrors(settings.url()).translate(new IllegalStateException(e.getMessage(), e));
        }
        return on(pool, pool::dispose);
    }

    private static RegistryDatabase on(DataSource pool, Runnable closePool) {
        try {
            FailureCountingDataSource counted = new FailureCountingDataSource(pool);
            return new RegistryDatabase(closePool, counted, JooqRegistry.open(counted));
        } catch (RuntimeException e) {
            closePool.run();
            throw e;
        }
    }

    /**
     * Connects once, to tell at start-up, in one sentence, that the database cannot be reached; the caller closes
     * the connection. Held open until a pool of the same database has its first connection, it keeps an embedded
     * H2 database open in between, so the file is opened once rather than opened, closed and opened again.
     *
     * @throws StorageException naming the database (password hidden) and what to check
     */
    public static java.sql.Connection connect(RegistrySettings settings) {
        java.util.Properties properties = new java.util.Properties();
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        settings.password().ifPresent(p -> properties.setProperty("password", p.reveal()));
        if (settings.url().startsWith("jdbc:postgresql:")) {
            properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MILLIS / 1000));
            properties.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT_MILLIS / 1000));
        }
        try {
            return java.sql.DriverManager.getConnection(withDialectOptions(settings.url()), properties);
        } catch (java.sql.SQLException e) {
            throw new DatabaseErrors(settings.url()).translate(new IllegalStateException(e.getMessage(), e));
        }
    }

    static String withDialectOptions(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return jdbcUrl;
        }
        StringBuilder url = new StringBuilder(jdbcUrl);
        String upper = jdbcUrl.toUpperCase(Locale.ROOT);
        for (String option : H2_OPTIONS.substring(1).split(";")) {
            String name = option.substring(0, option.indexOf('=') + 1);
            if (!upper.contains(";" + name)) {
                url.append(';').append(option);
            }
        }
        // applies queue on the project row; give a queued apply time rather than failing after H2's 1 s default
        if (!upper.contains(";LOCK_TIMEOUT=")) {
            url.append(";LOCK_TIMEOUT=10000");
        }
        // H2 otherwise writes committed transactions to the file up to 500 ms later: a crash or a full disk in
        // that window loses applies it has acknowledged. Writing at each commit makes an acknowledged apply durable.
        if (!upper.contains(";WRITE_DELAY=")) {
            url.append(";WRITE_DELAY=0");
        }
        return url.toString();
    }

    public Registry registry() {
        return registry;
    }

    /**
     * How many calls got no connection from the pool since it opened: the database was down, unreachable or too
     * slow to hand one out within the pool's wait ({@value #CONNECT_TIMEOUT_MILLIS} ms). For the metrics.
     */
    public long connectionFailures() {
        return dataSource.failures();
    }

    /** The pool, for other parts of the service that keep tables in the registry database (jobs, watermarks). */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        closePool.run();
    }
}
