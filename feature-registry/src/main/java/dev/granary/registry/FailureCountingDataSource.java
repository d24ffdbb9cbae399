package dev.granary.registry;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The registry's pool as every part of the service sees it, counting the calls that got no connection (the
 * database is down, unreachable or too slow to hand one out within the pool's wait): the registry errors of the
 * metrics. Everything else is the pool's.
 */
final class FailureCountingDataSource implements DataSource {
    private final DataSource pool;
    private final LongAdder failures = new LongAdder();

    FailureCountingDataSource(DataSource pool) {
        this.pool = pool;
    }

    long failures() {
        return failures.sum();
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        try {
            return pool.getConnection(username, password);
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
