package dev.granary.registry;

import dev.granary.error.StorageException;
import java.util.Locale;
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
        // a JDBC URL may carry a password parameter; error messages must not
        this.location = location.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            throw translate(e);
        } catch (FlywayException e) {
            if (rootMessage(e).contains("already in use")) {
                throw translate(e);
            }
            throw new StorageException("Could not migrate the registry schema in " + location + ": "
                    + e.getMessage() + ". Check registry.url and the database user's rights", e);
        }
    }

    /** A failure to reach or use the database, as a {@link StorageException} naming where and what to check. */
    StorageException translate(RuntimeException e) {
        if (rootMessage(e).contains("already in use")) {
            return new StorageException("The embedded registry " + location + " is open in another process;"
                    + " if 'granary serve' runs for this repository, send the command to it or stop it first", e);
        }
        if (isDiskFull(e)) {
            // H2 closes the database on a failed write; what it committed before stays whole on disk
            return new StorageException("The registry database (" + location + ") could not write: the disk is full ("
                    + rootMessage(e) + "). Free disk space, then restart Granary; every version applied before"
                    + " this one is kept", e);
        }
        return new StorageException("The registry database (" + location + ") failed: " + rootMessage(e)
                + ". Check that it is running and that registry.url in granary.yaml points at it", e);
    }

    /** The operating system's message for a full disk, quota or file-size limit, anywhere in the cause chain. */
    private static boolean isDiskFull(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("no space left") || message.contains("file too large")
                    || message.contains("disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
