package dev.granary.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.RepoSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many threads applying to one project at once on PostgreSQL: no update is ever lost. */
class PostgresConcurrentApplyTest {
    private static final int THREADS = 8;
    private static final int APPLIES_PER_THREAD = 6;

    private TestDatabases.PgSchema schema;
    private RegistryDatabase database;

    @BeforeEach
    void open() {
        schema = TestDatabases.freshPostgresSchema();
        database = schema.open();
    }

    @AfterEach
    void close() {
        database.close();
        schema.drop();
    }

    @Test
    void concurrentAppliesEachGetTheirOwnVersionAndNoneIsLost() throws Exception {
        Registry registry = database.registry();
        List<Callable<Applied>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < APPLIES_PER_THREAD; i++) {
                RepoSpec spec = Specs.withDriverDescription(Specs.rides(), "thread " + t + " apply " + i);
                work.add(() -> registry.apply(spec, ApplyOptions.by("writer")));
            }
        }

        List<Applied> results = runTogether(work);

        int total = THREADS * APPLIES_PER_THREAD;
        assertThat(results).allMatch(Applied::changed);
        assertThat(results).extracting(Applied::version).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        List<VersionSummary> history = registry.history("rides");
        assertThat(history).hasSize(total);
        Set<String> storedDescriptions = new HashSet<>();
        for (VersionSummary v : history) {
            storedDescriptions.add(registry.version("rides", v.version()).spec().entity("driver").orElseThrow()
                    .description());
        }
        assertThat(storedDescriptions).hasSize(total);
        assertThat(registry.current("rides").orElseThrow().version()).isEqualTo(total);
    }

    @Test
    void concurrentAppliesBasedOnTheSameVersionLetExactlyOneWin() throws Exception {
        Registry registry = database.registry();
        registry.apply(Specs.rides(), ApplyOptions.by("setup"));
        List<Callable<Applied>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            RepoSpec spec = Specs.withDriverDescription(Specs.rides(), "candidate " + t);
            work.add(() -> registry.apply(spec, ApplyOptions.by("writer").basedOn(1)));
        }

        List<Object> outcomes = runTogetherCollectingErrors(work);

        assertThat(outcomes).filteredOn(Applied.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(StaleVersionException.class::isInstance).hasSize(THREADS - 1);
        assertThat(registry.history("rides")).hasSize(2);
    }

    private static List<Applied> runTogether(List<Callable<Applied>> work) throws Exception {
        List<Applied> results = new ArrayList<>();
        for (Object outcome : runTogetherCollectingErrors(work)) {
            if (outcome instanceof Throwable t) {
                throw new AssertionError("an apply failed", t);
            }
            results.add((Applied) outcome);
        }
        return results;
    }

    private static List<Object> runTogetherCollectingErrors(List<Callable<Applied>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Applied> task : work) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
