package dev.granary.registry;

import dev.granary.error.StorageException;
import java.util.function.Supplier;
import org.flywaydb.core.api.FlywayException;
import org.jooq.exception.DataAccessException;

/**
 * The one place where SQL, jOOQ and Flyway exceptions become {@link StorageException}: callers above the
 * registry never see a driver's exception type.
 */
final class DatabaseErrors {
    private final String location;

    DatabaseErrors(String location) {
        this.location = location;
    }

    <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw new StorageException("The registry database (" + location + ") failed: " + rootMessage(e)
                    + ". Check that it is running and that registry.url in granary.yaml points at it", e);
        } catch (FlywayException e) {
            throw new StorageException("Could not migrate the registry schema in " + location + ": "
                    + e.getMessage() + ". Check registry.url and the database user's rights", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
