package dev.granary.error;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the server logs a request that failed on its side (5xx), the same way at every door. A dependency that is
 * down ({@code 503}: Redis or the registry database) fails every request until it returns, and the cause is the
 * same each time, so 503s are logged at most once per {@link #QUIET_SECONDS} s, as one line without a stack trace,
 * with the number of those left out; the metrics count every one. Any other 5xx is a bug and is logged with its
 * stack trace each time.
 */
public final class FailureLog {
    static final long QUIET_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
    private static final AtomicLong LAST_UNAVAILABLE = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    private static final AtomicLong LEFT_OUT = new AtomicLong();

    private FailureLog() {
    }

    /** Logs {@code e} if it is a failure of the server (5xx); a refusal of bad input (4xx) is the caller's. */
    public static void failed(GranaryException e) {
        if (e.httpStatus() < 500) {
            return;
        }
        if (e.httpStatus() != 503) {
            LOG.warn("{}", e.getMessage(), e);
            return;
        }
        unavailable(e.getMessage());
    }

    /**
     * Logs the failure of {@code what}, work the server does on its own (a scheduled health check): it has no caller
     * to answer, so a refusal (4xx: a training set whose file is gone, a source that cannot be read) is logged too,
     * as one line; a dependency that is down (503) as {@link #failed} does; anything else with its stack trace.
     */
    public static void background(String what, RuntimeException e) {
        if (e instanceof GranaryException g && g.httpStatus() == 503) {
            unavailable(what + " failed: " + g.getMessage());
        } else if (e instanceof GranaryException g && g.httpStatus() < 500) {
            LOG.warn("{} failed: {}", what, g.getMessage());
        } else {
            LOG.warn("{} failed: {}", what, e.getMessage(), e);
        }
    }

    private static void unavailable(String message) {
        long now = System.nanoTime();
        long last = LAST_UNAVAILABLE.get();
        if (now - last >= QUIET_NANOS && LAST_UNAVAILABLE.compareAndSet(last, now)) {
            long leftOut = LEFT_OUT.getAndSet(0);
            LOG.warn("{}{}", message, leftOut == 0 ? ""
                    : " (and " + leftOut + " more such failures in the last " + QUIET_SECONDS + " s, not logged)");
        } else {
            LEFT_OUT.incrementAndGet();
        }
    }
}
