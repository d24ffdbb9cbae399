package dev.granary.online;

import static dev.granary.online.VersionedRows.FEATURES;
import static dev.granary.online.VersionedRows.KEPT;
import static dev.granary.online.VersionedRows.LIVE;
import static dev.granary.online.VersionedRows.count;
import static dev.granary.online.VersionedRows.readWhole;
import static dev.granary.online.VersionedRows.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Slots migrated between masters ({@code redis-cli --cluster reshard}) while one store reads and writes without
 * pause: every answer is right (the values written before stay exactly, the ones being rewritten are never older
 * than the last acknowledged write nor newer than the last started one), and every request succeeds: the store
 * follows MOVED, ASK and TRYAGAIN instead of failing.
 */
class RedisClusterReshardTest {
    private static final String PROJECT = "reshard";
    private static final List<EntityKey> ENTITIES = IntStream.range(0, 2_000).mapToObj(EntityKey::of).toList();

    @Test
    void answersStayRightAndRequestsSucceedWhileSlotsMove() throws Exception {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        String prefix = "granary-test:" + UUID.randomUUID() + ":";
        try (OnlineStore store = OnlineStore.redisCluster(RedisClusterConfig.of(cluster.nodeUrls())
                .withKeyPrefix(prefix))) {
            store.write(PROJECT, KEPT, FEATURES, rows(ENTITIES, 7));
            store.write(PROJECT, LIVE, FEATURES, rows(ENTITIES, 1));
            int from = cluster.masterOfSlot(JedisClusterCRC16.getSlot(
                    RedisRows.key(RedisRows.keyStart(prefix, PROJECT, "kept"), ENTITIES.get(0))));
            int to = cluster.masterPorts().stream().filter(p -> p != from).findFirst().orElseThrow();

            AtomicLong started = new AtomicLong(1);
            AtomicLong acknowledged = new AtomicLong(1);
            AtomicBoolean stop = new AtomicBoolean();
            Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> workers = new ArrayList<>();
                workers.add(pool.submit(() -> {
                    for (long version = 2; !stop.get(); version++) {
                        started.set(version);
                        try {
                            store.write(PROJECT, LIVE, FEATURES, rows(ENTITIES, version));
                            acknowledged.set(version);
                            count(outcomes, "write");
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }));
                for (int r = 0; r < 2; r++) {
                    workers.add(pool.submit(() -> {
                        while (!stop.get()) {
                            long floor = acknowledged.get();
                            try {
                                readWhole(store, PROJECT, ENTITIES, floor, started::get);
                                count(outcomes, "read");
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        }
                    }));
                }
                String out = cluster.clusterCommand("reshard", "--cluster-from", cluster.nodeId(from),
                        "--cluster-to", cluster.nodeId(to), "--cluster-slots", "300", "--cluster-yes");
                assertThat(out).as("redis-cli reshard output").contains("Moving slot");
                stop.set(true);
                for (Future<?> worker : workers) {
                    worker.get(60, TimeUnit.SECONDS);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            System.out.println("resharding 300 slots: " + outcomes);

            assertThat(failures).as("no request failed or answered wrongly while slots moved").isEmpty();
            assertThat(outcomes.get("read").get()).as("reads ran during the move").isPositive();
            readWhole(store, PROJECT, ENTITIES, acknowledged.get(), acknowledged::get);
            store.deleteProject(PROJECT);
        }
    }
}
