package dev.granary.online;

import static dev.granary.online.VersionedRows.FEATURES;
import static dev.granary.online.VersionedRows.KEPT;
import static dev.granary.online.VersionedRows.LIVE;
import static dev.granary.online.VersionedRows.count;
import static dev.granary.online.VersionedRows.readWhole;
import static dev.granary.online.VersionedRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

    @Test
    void aKilledMasterIsReplacedAndTheSameStoreGoesOnWithoutWrongAnswers() throws Exception {
        RedisClusterConfig config = RedisClusterConfig.of(cluster.nodeUrls())
                .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
        try (OnlineStore store = OnlineStore.redisCluster(config)) {
            store.write(PROJECT, KEPT, FEATURES, rows(ENTITIES, 7));
            store.write(PROJECT, LIVE, FEATURES, rows(ENTITIES, 1));
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
                            store.write(PROJECT, LIVE, FEATURES, rows(ENTITIES, version));
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
                                readWhole(store, PROJECT, ENTITIES, floor, started::get);
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
            readWhole(store, PROJECT, ENTITIES, last, started::get);
            store.ping();
        }
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
