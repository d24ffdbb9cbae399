package dev.granary.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.RedisClient;

/**
 * The contract on a real Redis: a Testcontainers Redis when Docker is there, else {@code GRANARY_TEST_REDIS_URL}
 * (default {@code redis://127.0.0.1:6379}). Each test writes under its own random key prefix, removed afterwards.
 */
class RedisOnlineStoreTest extends OnlineStoreContractTest {
    private static GenericContainer<?> container;
    private static String url;
    private static RedisClient admin;
    private String prefix;

    @BeforeAll
    static void startRedis() {
        String configured = System.getenv("GRANARY_TEST_REDIS_URL");
        if (configured == null && dockerAvailable()) {
            container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            url = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
        } else {
            url = configured != null ? configured : "redis://127.0.0.1:6379";
        }
        admin = RedisClient.create(url);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void stopRedis() {
        admin.close();
        if (container != null) {
            container.stop();
        }
    }

    @Override
    protected OnlineStore newStore() {
        prefix = "granary-test:" + UUID.randomUUID() + ":";
        return OnlineStore.redis(RedisConfig.of(url).withKeyPrefix(prefix));
    }

    @Override
    protected OnlineStore reopen(OnlineStore current) {
        current.close();
        return OnlineStore.redis(RedisConfig.of(url).withKeyPrefix(prefix));
    }

    @Override
    protected OnlineStore reopenWithoutFloatText(OnlineStore current) {
        current.close();
        return OnlineStore.redis(RedisConfig.of(url).withKeyPrefix(prefix).withFloatText(false));
    }

    /** Drops the store's connections on the server side, as a network cut or a killed client would. */
    @Override
    protected void crash(OnlineStore current) {
        String name = ((RedisOnlineStore) current).clientName();
        Object list = admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "LIST");
        for (String line : redis.clients.jedis.util.SafeEncoder.encode((byte[]) list).split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "KILL", "ID", id);
            }
        }
    }

    @Override
    protected void cleanUp() {
        RedisScan.unlinkAll(admin, prefix);
    }

    @Test
    void writesSurviveRedisLosingItsScriptCache() {
        var view = view("v", List.of("driver"), 0, List.of(new FeatureSpec("x", ValueType.INT64)));
        store.write(PROJECT, view, List.of("x"), List.of(new OnlineRow(EntityKey.of(1), T0, List.of(1L))));
        admin.scriptFlush();

        WriteResult result = store.write(PROJECT, view, List.of("x"),
                List.of(new OnlineRow(EntityKey.of(1), T0.plusSeconds(1), List.of(2L))));

        assertThat(result).isEqualTo(new WriteResult(1, 0));
        assertThat(store.read(PROJECT, view, List.of("x"), List.of(EntityKey.of(1)), T0).get(0).get(0).value()).isEqualTo(2L);
    }

    @Test
    void anUnreachableRedisFailsWithTheAddressAndTheFix() {
        RedisConfig nowhere = new RedisConfig("redis://user:secret@127.0.0.1:1", null, false, 2,
                Duration.ofMillis(200), Duration.ofMillis(200), prefix, true);
        try (OnlineStore down = OnlineStore.redis(nowhere)) {
            assertThatThrownBy(down::ping).isInstanceOf(OnlineStoreException.class)
                    .hasMessageContaining("127.0.0.1:1").hasMessageContaining("online.url")
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void keysFollowTheDocumentedLayout() {
        store.write(PROJECT, DRIVER, List.of("trips"), List.of(new OnlineRow(EntityKey.of("d1"), T0, List.of(3L))));

        List<String> keys = RedisScan.keys(admin, prefix + "*").stream()
                .map(k -> new String(k, StandardCharsets.UTF_8)).toList();
        assertThat(keys).hasSize(1);
        String key = keys.get(0);
        assertThat(key).startsWith(prefix + PROJECT + ":driver_stats:{S").endsWith("d1}");
        assertThat(admin.type(key)).isEqualTo("string");
        assertThat(admin.get(key)).startsWith(T0.getEpochSecond() * 1_000_000L + "|");
    }
}
