package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.client.GranaryClient;
import dev.granary.client.error.GranaryClientException;
import dev.granary.client.OnlineFeatures;
import dev.granary.client.OnlineTestSpec;
import dev.granary.online.EntityKey;
import dev.granary.online.OnlineRow;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.reliability.RedisProcess;
import dev.granary.spec.RepoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * docs/operations.md shows Redis ACLs that keep a restricted view from direct readers; this runs those very lines
 * on a private Redis and reads and writes through Granary's own store and client, so the lines match the key
 * layout and the commands Granary sends.
 */
class RedisAclDocumentationTest {
    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "operations.md");

    @TempDir
    Path dir;

    @Test
    void theDocumentedAclsLetEachRoleReadWhatItMayAndNoMore() throws Exception {
        RepoSpec spec = OnlineTestSpec.of("rides");
        try (RedisProcess redis = RedisProcess.start(dir)) {
            try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
                for (String line : aclLines()) {
                    String[] words = line.split("\\s+");
                    assertThat(words[0]).isEqualTo("ACL");
                    Object answer = admin.sendCommand(Protocol.Command.ACL,
                            Arrays.copyOfRange(words, 1, words.length));
                    assertThat(new String((byte[]) answer, java.nio.charset.StandardCharsets.UTF_8)).as(line)
                            .isEqualTo("OK");
                }
            }
            String host = "@127.0.0.1:" + redis.port();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            try (OnlineStore server = OnlineStore.redis(RedisConfig.of("redis://granary-server:server-secret" + host))) {
                server.write("rides", spec.featureView("driver_stats").orElseThrow(), List.of("conv_rate"),
                        List.of(new OnlineRow(EntityKey.of(1L), now, List.of(0.25))));
                server.write("rides", spec.featureView("customer_stats").orElseThrow(), List.of("level"),
                        List.of(new OnlineRow(EntityKey.of("c1"), now, List.of("secret-level"))));
            }
            List<Map<String, Object>> driver = List.of(Map.of("driver_id", 1L));
            List<Map<String, Object>> customer = List.of(Map.of("customer_id", "c1"));
            try (GranaryClient reader = GranaryClient.redis("redis://rides-reader:reader-secret" + host, spec)) {
                OnlineFeatures open = reader.getOnlineFeatures(List.of("driver_stats:conv_rate"), driver);
                assertThat(open.row(0).getDouble("conv_rate")).isEqualTo(0.25);
                assertThatThrownBy(() -> reader.getOnlineFeatures(List.of("customer_stats:level"), customer))
                        .isInstanceOf(GranaryClientException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-level"));
            }
            try (GranaryClient granted = GranaryClient.redis("redis://rides-pii-reader:pii-secret" + host, spec)) {
                assertThat(granted.getOnlineFeatures(List.of("customer_stats:level"), customer).row(0)
                        .getString("level")).isEqualTo("secret-level");
            }
        }
    }

    /** The {@code ACL ...} lines of the code block under "Direct store reads and Redis ACLs". */
    private static List<String> aclLines() throws Exception {
        String text = Files.readString(DOC);
        int section = text.indexOf("### Direct store reads");
        assertThat(section).as("the section in %s", DOC).isNotNegative();
        Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertThat(block.find(section)).isTrue();
        List<String> lines = new ArrayList<>();
        for (String line : block.group(1).split("\\n")) {
            if (line.startsWith("ACL ")) {
                lines.add(line.strip());
            }
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
        return lines;
    }
}
