package dev.granary.registry;

import dev.granary.error.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.JDBCUtils;

/**
 * jOOQ on the registry database for the services beside the registry (jobs, watermarks, exports, usage), with
 * SQL errors turned into {@link StorageException} in one place. The dialect is read from the connection at the
 * first use, not when the service is made: a server makes a dozen of these while it starts, and jOOQ's own start
 * (its type tables, the dialect probe) then happens on whichever thread first runs a query.
 */
public final class RegistrySql {
    private final DataSource dataSource;
    /** What a failed dialect probe raises: the registry's own translation for {@link JooqRegistry}. */
    private final Function<SQLException, StorageException> unreachable;
    private volatile DSLContext db;

    public RegistrySql(DataSource dataSource) {
        this(dataSource, RegistrySql::unreachable);
    }

    RegistrySql(DataSource dataSource, Function<SQLException, StorageException> unreachable) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
        this.unreachable = Objects.requireNonNull(unreachable, "unreachable is null");
    }

    /** Runs {@code work}, translating a database failure into a {@link StorageException} saying what failed. */
    public <T> T guard(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw new StorageException("The registry database failed to " + what + ": " + e.getMessage()
                    + ". Check that it is running and that registry.url in granary.yaml points at it", e);
        }
    }

    /**
     * jOOQ on the registry database.
     *
     * @throws StorageException when the database cannot be reached on the first call
     */
    public DSLContext db() {
        DSLContext made = db;
        if (made == null) {
            synchronized (this) {
                made = db;
                if (made == null) {
                    made = DSL.using(dataSource, dialectOf(dataSource, unreachable),
                            new Settings().withRenderSchema(false).withExecuteLogging(false));
                    db = made;
                }
            }
        }
        return made;
    }

    /**
     * The jOOQ dialect of the registry database, PostgreSQL when the driver is not one jOOQ knows.
     *
     * @throws StorageException when the database cannot be reached
     */
    public static SQLDialect dialectOf(DataSource dataSource) {
        return dialectOf(dataSource, RegistrySql::unreachable);
    }

    private static SQLDialect dialectOf(DataSource dataSource, Function<SQLException, StorageException> unreachable) {
        try (Connection connection = dataSource.getConnection()) {
            SQLDialect dialect = JDBCUtils.dialect(connection);
            return dialect == SQLDialect.DEFAULT ? SQLDialect.POSTGRES : dialect;
        } catch (SQLException e) {
            throw unreachable.apply(e);
        }
    }

    private static StorageException unreachable(SQLException e) {
        return new StorageException("Cannot reach the registry database: " + e.getMessage()
                + ". Check registry.url in granary.yaml", e);
    }
}
