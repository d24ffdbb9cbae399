package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.registry.RegistryDatabase;
import dev.granary.spec.json.SpecJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The online API over real HTTP, asserting Feast's response shape field by field: every behaviour contract
 * ({@link LookupContract}, {@link PushContract}, {@link RegistryApiContract}, {@link ServingOpsContract}) against
 * one running server. Subclasses start the server on a store (embedded, Redis, the serving port); the repository
 * is applied over REST and materialized through the jobs API once per class: {@code driver_stats} and
 * {@code customer_stats} as of now, {@code driver_recent} (TTL 1 h) as of two hours ago so that its values are past
 * their TTL when read.
 */
abstract class OnlineApiContract implements LookupContract, PushContract, RegistryApiContract, ServingOpsContract {
    private static final Set<Class<?>> PREPARED = new HashSet<>();

    @LocalServerPort
    int port;
    @Autowired
    OnlineFeatureService service;
    @Autowired
    RegistryDatabase database;

    Http http;
    /** Where {@code /get-online-features} and {@code /push} are sent: the main port unless a subclass says. */
    Http serving;

    /** The port answering the online endpoints under test. */
    int servingPort() {
        return port;
    }

    @Override
    public Http http() {
        return http;
    }

    @Override
    public Http serving() {
        return serving;
    }

    @Override
    public OnlineFeatureService service() {
        return service;
    }

    @Override
    public RegistryDatabase database() {
        return database;
    }

    @BeforeEach
    void prepare() {
        http = new Http(port);
        serving = new Http(servingPort());
        synchronized (PREPARED) {
            if (!PREPARED.add(getClass())) {
                return;
            }
        }
        OnlineTestRepo repo = repo();
        assertThat(http.post("/api/v1/apply?author=test", SpecJson.write(repo.spec())).status()).isEqualTo(200);
        Instant now = repo.now();
        materialize(now.minus(Duration.ofDays(1)), now, List.of("driver_stats", "customer_stats"));
        materialize(now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(2)), List.of("driver_recent"));
    }

    private void materialize(Instant start, Instant end, List<String> views) {
        Http.Response submitted = http.post("/api/v1/projects/" + repo().project() + "/materializations",
                Map.of("start", start.toString(), "end", end.toString(), "views", views));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode job = http.awaitJob(submitted.json().path("id").asText());
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }
}
