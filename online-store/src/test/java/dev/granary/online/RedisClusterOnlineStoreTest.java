package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The contract on a real Redis Cluster (three masters, three replicas on loopback, {@link LocalRedisCluster#shared()}),
 * plus what is particular to a cluster: the key layout, and batches split by slot. Each test writes under its own
 * random key prefix, removed afterwards.
 */
class RedisClusterOnlineStoreTest extends OnlineStoreContractTest {
    private static LocalRedisCluster cluster;
    private String prefix;

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.shared();
    }

    private RedisClusterConfig config() {
        return RedisClusterConfig.of(cluster.nodeUrls()).withKeyPrefix(prefix);
    }

    @Override
    protected OnlineStore newStore() {
        prefix = "granary-test:" + UUID.randomUUID() + ":";
        return OnlineStore.redisCluster(config());
    }

    @Override
    protected OnlineStore reopen(OnlineStore current) {
        current.close();
        return OnlineStore.redisCluster(config());
    }

    @Override
    protected OnlineStore reopenWithoutFloatText(OnlineStore current) {
        current.close();
        return OnlineStore.redisCluster(config().withFloatText(false));
    }

    /** Drops the store's connections on every node, as a network cut or a killed client would. */
    @Override
    protected void crash(OnlineStore current) {
        String name = ((RedisClusterOnlineStore) current).clientName();
        for (int port : cluster.masterPorts()) {
            for (String line : cluster.cli(port, "client", "list").split("\n")) {
                if (line.contains(" name=" + name + " ")) {
                    String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                    cluster.cli(port, "client", "kill", "id", id);
                }
            }
        }
    }

    @Override
    protected void cleanUp() {
        for (int port : cluster.masterPorts()) {
            try (RedisClient node = RedisClient.create("redis://127.0.0.1:" + port)) {
                byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
                ScanParams match = new ScanParams().match((prefix + "*").getBytes(StandardCharsets.UTF_8)).count(1000);
                do {
                    var page = node.scan(cursor, match);
                    for (byte[] key : page.getResult()) {
                        node.unlink(key);
                    }
                    cursor = page.getCursorAsBytes();
                } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
            }
        }
    }

    @Test
    void keysAreTheStandaloneLayoutAndEveryViewOfAnEntitySharesItsSlot() {
        var pair = view("pair", List.of("driver"), 0, List.of(new dev.granary.spec.FeatureSpec("v",
                dev.granary.spec.ValueType.INT64)));
        for (int e = 0; e < 50; e++) {
            store.write(PROJECT, DRIVER, List.of("trips"), List.of(new OnlineRow(EntityKey.of(e), T0, List.of(3L))));
            store.write(PROJECT, pair, List.of("v"), List.of(new OnlineRow(EntityKey.of(e), T0, List.of(4L))));
        }

        List<byte[]> keys = new ArrayList<>();
        Set<Integer> nodesHoldingKeys = new HashSet<>();
        for (int port : cluster.masterPorts()) {
            try (RedisClient node = RedisClient.create("redis://127.0.0.1:" + port)) {
                List<byte[]> found = node.scan(ScanParams.SCAN_POINTER_START_BINARY, new ScanParams()
                        .match((prefix + "*").getBytes(StandardCharsets.UTF_8)).count(10_000)).getResult();
                keys.addAll(found);
                if (!found.isEmpty()) {
                    nodesHoldingKeys.add(port);
                }
            }
        }
        assertThat(keys).hasSize(100);
        assertThat(nodesHoldingKeys).as("50 entities spread over the three masters").hasSize(3);
        byte[] start = RedisRows.keyStart(prefix, PROJECT, DRIVER.name());
        for (int e = 0; e < 50; e++) {
            byte[] driverKey = RedisRows.key(start, EntityKey.of(e));
            byte[] pairKey = RedisRows.key(RedisRows.keyStart(prefix, PROJECT, "pair"), EntityKey.of(e));
            assertThat(keys).anySatisfy(k -> assertThat(k).isEqualTo(driverKey));
            assertThat(new String(driverKey, StandardCharsets.ISO_8859_1))
                    .startsWith(prefix + PROJECT + ":driver_stats:{L");
            assertThat(JedisClusterCRC16.getSlot(pairKey)).isEqualTo(JedisClusterCRC16.getSlot(driverKey));
        }
    }

    @Test
    void aReadOfManyEntitiesSendsOneMgetPerSlotCarryingEveryViewOfTheEntity() {
        var pair = view("pair", List.of("driver"), 0, List.of(new dev.granary.spec.FeatureSpec("v",
                dev.granary.spec.ValueType.INT64)));
        List<EntityKey> entities = IntStream.range(0, 100).mapToObj(EntityKey::of).toList();
        store.write(PROJECT, DRIVER, List.of("trips"), entities.stream()
                .map(k -> new OnlineRow(k, T0, List.<Object>of(1L))).toList());
        store.write(PROJECT, pair, List.of("v"), entities.stream()
                .map(k -> new OnlineRow(k, T0, List.<Object>of(2L))).toList());
        Set<Integer> slots = new HashSet<>();
        for (EntityKey e : entities) {
            slots.add(JedisClusterCRC16.getSlot(RedisRows.key(RedisRows.keyStart(prefix, PROJECT, "pair"), e)));
        }
        long before = mgetCalls();

        List<ReadRow> read = store.read(PROJECT, List.of(new ViewRead(DRIVER, List.of("trips"), entities),
                new ViewRead(pair, List.of("v"), entities)), T0);

        assertThat(mgetCalls() - before).as("one MGET per slot, both views in it").isEqualTo(slots.size());
        assertThat(read).allSatisfy(row -> assertThat(row).extracting(FeatureValue::value).containsExactly(1L, 2L));
    }

    private static long mgetCalls() {
        long calls = 0;
        for (int port : cluster.masterPorts()) {
            for (String line : cluster.cli(port, "info", "commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_mget:")) {
                    calls += Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
                }
            }
        }
        return calls;
    }

    @Test
    void aReadOfNoEntitiesAnswersNoRows() {
        assertThat(store.read(PROJECT, DRIVER, List.of("trips"), List.of(), T0)).isEmpty();
    }

    @Test
    void anUnreachableClusterFailsWithTheNodesAndTheFix() {
        RedisClusterConfig nowhere = new RedisClusterConfig(List.of("redis://user:secret@127.0.0.1:1"), null, false,
                2, Duration.ofMillis(200), Duration.ofMillis(200), prefix, true);
        try (OnlineStore down = OnlineStore.redisCluster(nowhere)) {
            assertThatThrownBy(down::ping).isInstanceOf(OnlineStoreException.class)
                    .hasMessageContaining("127.0.0.1:1").hasMessageContaining("online.nodes")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void writesReachANodeThatLostItsScriptCache() {
        var view = view("v", List.of("driver"), 0, List.of(new dev.granary.spec.FeatureSpec("x",
                dev.granary.spec.ValueType.INT64)));
        List<OnlineRow> rows = IntStream.range(0, 30).mapToObj(i -> new OnlineRow(EntityKey.of(i), T0,
                List.<Object>of(1L))).toList();
        store.write(PROJECT, view, List.of("x"), rows);
        cluster.masterPorts().forEach(port -> cluster.cli(port, "script", "flush"));

        WriteResult result = store.write(PROJECT, view, List.of("x"), rows.stream()
                .map(r -> new OnlineRow(r.key(), T0.plusSeconds(1), List.<Object>of(2L))).toList());

        assertThat(result).isEqualTo(new WriteResult(30, 0));
        assertThat(store.read(PROJECT, view, List.of("x"), rows.stream().map(OnlineRow::key).toList(), T0))
                .allSatisfy(r -> assertThat(r.get(0).value()).isEqualTo(2L));
    }
}
