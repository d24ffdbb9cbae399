package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import dev.granary.metrics.GranaryMetrics;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.OnlineStoreException;
import dev.granary.online.ReadRow;
import dev.granary.online.ViewRead;
import dev.granary.online.WriteResult;
import dev.granary.spec.FeatureViewSpec;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OnlineStore} in front of another that stops calling it while it fails: after {@link #FAILURES}
 * failures in a row the circuit opens, and for {@link #OPEN_MILLIS} every call fails at once with an
 * {@link OnlineStoreException} instead of waiting out the store's timeout, so a Redis that is down or paused
 * costs requests a quick 503 rather than a thread each. Then one call is let through as a probe: its success
 * closes the circuit, its failure opens it again. Service so returns within about a second of the store.
 *
 * <p>On the lookup path a call costs one volatile read when the circuit is closed. Bad input
 * ({@code InvalidOnlineRequestException}) is not a store failure and never opens the circuit. Failures, refused
 * calls and the state are recorded in {@link GranaryMetrics} ({@code granary.online.*}).
 */
public final class CircuitBreakingOnlineStore implements OnlineStore {
    static final int FAILURES = 3;
    static final long OPEN_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakingOnlineStore.class);

    /** Closed, open (failing fast) or half-open (one probe in flight). */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final OnlineStore store;
    private final GranaryMetrics metrics;
    private volatile int failures;
    /** When the open circuit lets a probe through ({@link System#nanoTime}); meaningful only when open. */
    private volatile long openUntil;
    private volatile boolean open;
    private volatile String lastFailure = "";
    private final AtomicBoolean probing = new AtomicBoolean();

    public CircuitBreakingOnlineStore(OnlineStore store, GranaryMetrics metrics) {
        this.store = requireNonNull(store, "store is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        metrics.circuitState(State.class, this::state);
    }

    /** The circuit's state, for readiness and metrics. */
    public State state() {
        if (!open) {
            return State.CLOSED;
        }
        return probing.get() || System.nanoTime() - openUntil >= 0 ? State.HALF_OPEN : State.OPEN;
    }

    @Override
    public WriteResult write(String project, FeatureViewSpec view, List<String> featureNames, List<OnlineRow> rows) {
        return call("write", () -> store.write(project, view, featureNames, rows));
    }

    @Override
    public List<ReadRow> read(String project, List<ViewRead> reads, Instant now) {
        return call("read", () -> store.read(project, reads, now));
    }

    @Override
    public long deleteView(String project, String viewName) {
        return call("delete", () -> store.deleteView(project, viewName));
    }

    @Override
    public long deleteProject(String project) {
        return call("delete", () -> store.deleteProject(project));
    }

    /** Asks the store itself even when the circuit is open, so readiness sees a store that came back. */
    @Override
    public void ping() {
        if (open) {
            call("ping", () -> {
                store.ping();
                return null;
            });
        } else {
            try {
                store.ping();
            } catch (OnlineStoreException e) {
                metrics.onlineStoreFailed("ping");
                throw e;
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T call(String operation, Supplier<T> work) {
        boolean probe = false;
        if (open) {
            if (System.nanoTime() - openUntil < 0 || !probing.compareAndSet(false, true)) {
                metrics.onlineCallRejected();
                throw new OnlineStoreException("The online store is unavailable (it failed " + FAILURES
                        + " times in a row, last: " + lastFailure + "); retrying it every " + OPEN_MILLIS + " ms");
            }
            probe = true;
        }
        try {
            T result = work.get();
            if (failures != 0 || open) {
                closeCircuit();
            }
            return result;
        } catch (OnlineStoreException e) {
            metrics.onlineStoreFailed(operation);
            failed(e);
            throw e;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    private synchronized void failed(OnlineStoreException e) {
        lastFailure = String.valueOf(e.getMessage());
        failures++;
        if (failures >= FAILURES || open) {
            if (!open) {
                LOG.warn("Online store failing ({}); failing fast, probing every {} ms", lastFailure, OPEN_MILLIS);
            }
            openUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OPEN_MILLIS);
            open = true;
        }
    }

    private synchronized void closeCircuit() {
        if (open) {
            LOG.info("Online store answers again; circuit closed");
        }
        failures = 0;
        open = false;
    }
}
