package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A master SIGKILLed while one store writes and reads without pause: the cluster promotes its replica, and the same
 * store (no restart) goes on writing and reading. Requests caught in the switch fail as {@link OnlineStoreException}
 * (served as 503) and never answer a value that was not written; what the replica had when its master died is
 * still there; writes acknowledged after the failover all read back. Its own cluster, since it kills a node.
 */
class RedisClusterFailoverTest {
    private static final String PROJECT = "failover";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final FeatureViewSpec LIVE = view("live");
    private static final FeatureViewSpec KEPT = view("kept");
    private static final List<EntityKey> ENTITIES = IntStream.range(0, 300).mapToObj(EntityKey::of).toList();

    private static LocalRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.start(3, 1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static FeatureViewSpec view(String name) {
        return new FeatureViewSpec(name, List.of("driver"), "src", 0, true,
                List.of(new FeatureSpec("version", ValueType.INT64), new FeatureSpec("copy", ValueType.INT64)),
                List.of(), null, null, null);
    }

    /** Every entity at {@code version}: both features hold it, the event time is T0 + version seconds. */
    private static List<OnlineRow> rows(long version) {
        return ENTITIES.stream().map(k -> new OnlineRow(k, T0.plusSeconds(version), List.<Object>of(version, version)))
                .toList();
    }

    @Test
    void aKilledMasterIsReplacedAndTheSameStoreGoesOnWithoutWrongAnswers() throws Exception {
        RedisClusterConfig config = RedisClusterConfig.of(cluster.nodeUrls())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
        try (OnlineStore store = OnlineStore.redisCluster(config)) {
            store.write(PROJECT, KEPT, List.of("version", "copy"), rows(7));
            store.write(PROJECT, LIVE, List.of("version", "copy"), rows(1));
            int victim = cluster.masterOfSlot(JedisClusterCRC16.getSlot(
                    RedisRows.key(RedisRows.keyStart("granary:", PROJECT, "kept"), ENTITIES.get(0))));
            int replica = cluster.replicaOf(victim);
            cluster.awaitReplicated(victim, replica, Duration.ofSeconds(10));

            AtomicLong started = new AtomicLong(1);
            AtomicLong acknowledged = new AtomicLong(1);
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Future<?> writer = pool.submit(() -> {
                    for (long version = 2; !stop.get(); version++) {
                        started.set(version);
                        try {
                            store.write(PROJECT, LIVE, List.of("version", "copy"), rows(version));
                            acknowledged.set(version);
                            count(outcomes, "write ok");
                        } catch (OnlineStoreException e) {
                            count(outcomes, "write 503");
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                        pause(10);
                    }
                });
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        while (!stop.get()) {
                            long floor = 1;
                            try {
                                List<ReadRow> read = store.read(PROJECT, List.of(
                                        new ViewRead(LIVE, List.of("version", "copy"), ENTITIES),
                                        new ViewRead(KEPT, List.of("version", "copy"), ENTITIES)), T0);
                                long ceiling = started.get();
                                for (ReadRow row : read) {
                                    assertWhole(row, 0, floor, ceiling);
                                    assertWhole(row, 2, 7, 7);
                                }
                                count(outcomes, "read ok");
                            } catch (OnlineStoreException e) {
                                count(outcomes, "read 503");
                            } catch (Throwable e) {
                                unexpected.add(e);
                            }
                        }
                    }));
                }
                awaitCount(outcomes, "write ok", 3);
                cluster.kill(victim);
                long killed = System.nanoTime();
                long deadline = killed + TimeUnit.SECONDS.toNanos(30);
                while (!cluster.masterPorts().contains(replica) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(cluster.masterPorts()).as("the replica was promoted").contains(replica)
                        .doesNotContain(victim);
                cluster.awaitHealthy(Duration.ofSeconds(30));
                long promoted = System.nanoTime();
                long acksAtPromotion = outcomes.getOrDefault("write ok", new AtomicLong()).get();
                long readsAtPromotion = outcomes.getOrDefault("read ok", new AtomicLong()).get();
                awaitCount(outcomes, "write ok", acksAtPromotion + 5);
                awaitCount(outcomes, "read ok", readsAtPromotion + 5);
                stop.set(true);
                writer.get(30, TimeUnit.SECONDS);
                for (Future<?> reader : readers) {
                    reader.get(30, TimeUnit.SECONDS);
                }
                System.out.printf("failover: promoted %.1f s after the kill; %s%n", (promoted - killed) / 1e9,
                        outcomes);
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }

            assertThat(unexpected).as("only OnlineStoreException (503) may fail a request; no wrong value").isEmpty();
            long last = acknowledged.get();
            List<ReadRow> read = store.read(PROJECT, List.of(new ViewRead(LIVE, List.of("version", "copy"), ENTITIES),
                    new ViewRead(KEPT, List.of("version", "copy"), ENTITIES)), T0);
            for (ReadRow row : read) {
                assertWhole(row, 0, last, started.get());
                assertWhole(row, 2, 7, 7);
            }
            store.ping();
        }
    }

    /** The two features from {@code at} hold one version in [floor, ceiling] with its event time. */
    private static void assertWhole(ReadRow row, int at, long floor, long ceiling) {
        FeatureValue version = row.get(at);
        assertThat(version.status()).isEqualTo(FeatureStatus.PRESENT);
        assertThat((Long) version.value()).isBetween(floor, ceiling);
        assertThat(version.eventTime()).isEqualTo(T0.plusSeconds((Long) version.value()));
        assertThat(row.get(at + 1)).isEqualTo(version);
    }

    private static void count(Map<String, AtomicLong> outcomes, String what) {
        outcomes.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    private static void awaitCount(Map<String, AtomicLong> outcomes, String what, long atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outcomes.getOrDefault(what, new AtomicLong()).get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 30 s: " + outcomes);
            }
            Thread.sleep(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
