package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The contract on a real Redis Cluster (three masters, three replicas on loopback, {@link LocalRedisCluster#shared()}),
 * plus what is particular to a cluster: the key layout, reads split by slot, writes grouped by master. Each test
 * writes under its own random key prefix, removed afterwards.
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
    void aReadOfManyEntitiesSendsOneCommandPerSlotCarryingEveryViewOfTheEntity() {
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
        long before = readCalls("mget");

        List<ReadRow> read = store.read(PROJECT, List.of(new ViewRead(DRIVER, List.of("trips"), entities),
                new ViewRead(pair, List.of("v"), entities)), T0);

        assertThat(readCalls("mget") - before).as("one MGET per slot, both views in it").isEqualTo(slots.size());
        assertThat(read).allSatisfy(row -> assertThat(row).extracting(FeatureValue::value).containsExactly(1L, 2L));

        long gets = readCalls("get");
        long mgets = readCalls("mget");
        List<ReadRow> oneView = store.read(PROJECT, DRIVER, List.of("trips"), entities, T0);

        assertThat(readCalls("get") - gets + readCalls("mget") - mgets).as("a GET or MGET per slot, one view")
                .isEqualTo(slots.size());
        assertThat(readCalls("get") - gets).as("a slot with one key is a GET").isPositive();
        assertThat(oneView).allSatisfy(row -> assertThat(row.get(0).value()).isEqualTo(1L));
    }

    private static long readCalls(String command) {
        long calls = 0;
        for (int port : cluster.masterPorts()) {
            calls += commandCalls(port, command);
        }
        return calls;
    }

    @Test
    void aBatchSpanningEveryMasterIsAFewScriptCallsPerMasterAndWritesEachRowOnce() {
        List<EntityKey> entities = IntStream.range(0, 2_000).mapToObj(EntityKey::of).toList();
        Map<Integer, Integer> rowsPerMaster = new HashMap<>();
        for (EntityKey e : entities) {
            rowsPerMaster.merge(cluster.masterOfSlot(slotOf(e)), 1, Integer::sum);
        }
        Map<Integer, Long> before = scriptCallsPerMaster();

        WriteResult first = store.write(PROJECT, DRIVER, List.of("trips"), entities.stream()
                .map(k -> new OnlineRow(k, T0, List.<Object>of(7L))).toList());

        Map<Integer, Long> after = scriptCallsPerMaster();
        assertThat(rowsPerMaster).as("the batch has rows on every master").hasSize(3);
        rowsPerMaster.forEach((port, rows) -> assertThat(after.get(port) - before.get(port))
                .as("script calls on master " + port + " for its " + rows + " rows")
                .isBetween(1L, (long) (rows + NewerWinsCall.ROWS - 1) / NewerWinsCall.ROWS));
        assertThat(first).isEqualTo(new WriteResult(2_000, 0));
        assertThat(storedKeys()).hasSize(2_000);
        assertThat(store.write(PROJECT, DRIVER, List.of("trips"), entities.stream()
                .map(k -> new OnlineRow(k, T0, List.<Object>of(8L))).toList())).isEqualTo(new WriteResult(0, 2_000));
        assertThat(store.read(PROJECT, DRIVER, List.of("trips"), entities, T0))
                .allSatisfy(row -> assertThat(row.get(0).value()).isEqualTo(7L));
    }

    @Test
    void aRowOfASlotBeingMigratedIsWrittenWhereTheClusterSendsIt() {
        // an entity no other test writes, so its slot holds no other keys to move
        EntityKey moving = EntityKey.of(987_654_321L);
        int slot = slotOf(moving);
        int source = cluster.masterOfSlot(slot);
        int target = cluster.masterPorts().stream().filter(p -> p != source).findFirst().orElseThrow();
        assertThat(cluster.cli(source, "cluster", "countkeysinslot", Integer.toString(slot)).trim()).isEqualTo("0");
        List<EntityKey> entities = new ArrayList<>(IntStream.range(0, 300).mapToObj(EntityKey::of).toList());
        entities.add(150, moving);
        cluster.cli(target, "cluster", "setslot", Integer.toString(slot), "importing", cluster.nodeId(source));
        cluster.cli(source, "cluster", "setslot", Integer.toString(slot), "migrating", cluster.nodeId(target));
        try {
            WriteResult result = store.write(PROJECT, DRIVER, List.of("trips"), entities.stream()
                    .map(k -> new OnlineRow(k, T0, List.<Object>of(3L))).toList());

            assertThat(result).isEqualTo(new WriteResult(301, 0));
            assertThat(cluster.cli(target, "cluster", "countkeysinslot", Integer.toString(slot)).trim())
                    .as("a new key of a migrating slot goes to the importing master").isEqualTo("1");
            assertThat(cluster.cli(source, "cluster", "countkeysinslot", Integer.toString(slot)).trim())
                    .isEqualTo("0");
            assertThat(store.read(PROJECT, DRIVER, List.of("trips"), entities, T0))
                    .allSatisfy(row -> assertThat(row.get(0).value()).isEqualTo(3L));
        } finally {
            // the migration called off: the key removed from the target (ASKING reaches an importing slot), both
            // masters back to the slot owned by the source, as before the test
            try (Connection node = new Connection(new HostAndPort("127.0.0.1", target))) {
                node.executeCommand(new CommandArguments(Protocol.Command.ASKING));
                node.executeCommand(new CommandArguments(Protocol.Command.UNLINK).add(
                        RedisRows.key(RedisRows.keyStart(prefix, PROJECT, DRIVER.name()), moving)));
            }
            cluster.cli(target, "cluster", "setslot", Integer.toString(slot), "stable");
            cluster.cli(source, "cluster", "setslot", Integer.toString(slot), "stable");
        }
    }

    private int slotOf(EntityKey entity) {
        return JedisClusterCRC16.getSlot(RedisRows.key(RedisRows.keyStart(prefix, PROJECT, DRIVER.name()), entity));
    }

    private List<byte[]> storedKeys() {
        List<byte[]> keys = new ArrayList<>();
        for (int port : cluster.masterPorts()) {
            try (RedisClient node = RedisClient.create("redis://127.0.0.1:" + port)) {
                keys.addAll(node.scan(ScanParams.SCAN_POINTER_START_BINARY, new ScanParams()
                        .match((prefix + "*").getBytes(StandardCharsets.UTF_8)).count(100_000)).getResult());
            }
        }
        return keys;
    }

    private static Map<Integer, Long> scriptCallsPerMaster() {
        Map<Integer, Long> calls = new HashMap<>();
        for (int port : cluster.masterPorts()) {
            calls.put(port, commandCalls(port, "evalsha"));
        }
        return calls;
    }

    private static long commandCalls(int port, String command) {
        for (String line : cluster.cli(port, "info", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                return Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
            }
        }
        return 0;
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
