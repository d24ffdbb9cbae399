package dev.granary.online;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every behaviour an {@link OnlineStore} promises, in five parts ({@link StoredValuesContract},
 * {@link NewerWinsContract}, {@link ReadShapeContract}, {@link LifecycleContract}, {@link AtomicityContract}), run
 * against each implementation by a thin subclass that only says how to build, reopen and crash the store. Published
 * in the test-jar for future implementations.
 */
public abstract class OnlineStoreContractTest implements StoredValuesContract, NewerWinsContract, ReadShapeContract,
        LifecycleContract, AtomicityContract {
    protected OnlineStore store;

    /** A fresh, empty store (its own key prefix or directory). */
    protected abstract OnlineStore newStore() throws Exception;

    /** Closes {@code current} (if still open) and opens a store on the same data, as a restarted process would. */
    protected abstract OnlineStore reopen(OnlineStore current) throws Exception;

    /** As {@link #reopen}, with floating values written from then on without their decimal text. */
    protected abstract OnlineStore reopenWithoutFloatText(OnlineStore current) throws Exception;

    /** Ends the store abruptly while writes may be in flight, as a killed process or dropped connection would. */
    protected abstract void crash(OnlineStore current) throws Exception;

    /** Removes what {@link #newStore()} created. */
    protected abstract void cleanUp() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        try {
            store.close();
        } finally {
            cleanUp();
        }
    }

    @Override
    public final OnlineStore store() {
        return store;
    }

    @Override
    public final void restart() throws Exception {
        store = reopen(store);
    }

    @Override
    public final void restartWithoutFloatText() throws Exception {
        store = reopenWithoutFloatText(store);
    }

    @Override
    public final void crashStore() throws Exception {
        crash(store);
    }

    protected static FeatureViewSpec view(String name, List<String> entities, long ttlSeconds,
            List<FeatureSpec> features) {
        return OnlineStoreUnderTest.view(name, entities, ttlSeconds, features);
    }
}
