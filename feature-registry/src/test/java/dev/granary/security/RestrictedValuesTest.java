package dev.granary.security;

import static dev.granary.security.AccessTable.get;
import static dev.granary.security.AccessTable.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.health.HealthCheck;
import dev.granary.health.HealthRequest;
import dev.granary.health.monitor.HealthHistory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.granary.security.AccessTable.Call;
import dev.granary.security.AccessTable.Who;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The leak test: a caller without the grant of a restricted feature learns none of its values, statistics or
 * samples, from any endpoint or search, while a granted caller sees them where it looks.
 */
class RestrictedValuesTest extends SecuredServer {
    @Autowired
    HealthCheck healthCheck;
    @Autowired
    HealthHistory healthHistory;

    @Test
    void aCallerWithoutTheGrantLearnsNoRestrictedValueStatisticOrSample() {
        String base = "/api/v1/projects/" + P;
        awaitJob(jobId);
        HttpResponse<String> computed = send(post(base + "/statistics", Map::of), Who.ADMIN);
        assertThat(computed.statusCode()).as(computed.body()).isEqualTo(200);
        // the probes can see a leak: the secrets are where a granted caller looks
        assertThat(computed.body()).contains(SECRET_LEVEL).contains(SECRET_SCORE_TEXT);
        assertThat(send(get(base + "/features/customer_stats/score"), Who.GRANTED).body()).contains(SECRET_SCORE_TEXT);
        assertThat(send(get(base + "/features/customer_stats/level"), Who.GRANTED).body()).contains(SECRET_LEVEL);
        assertThat(send(TABLE.restrictedRow("POST /get-online-features").call(), Who.GRANTED).body()).contains(SECRET_LEVEL);
        assertThat(send(TABLE.restrictedRow("SERVING POST /get-online-features").call(), Who.ADMIN).body())
                .contains(SECRET_LEVEL);
        // a stored check of the service holding the restricted view: its statistics carry the restricted values
        healthHistory.record(healthCheck.check(new HealthRequest(P, "ranking", null, null, null)));
        assertThat(send(get(base + "/feature-services/ranking/health/history"), Who.GRANTED).body())
                .contains(SECRET_LEVEL);

        List<Call> probes = new ArrayList<>();
        TABLE.rows().forEach(r -> probes.add(r.call()));
        for (String q : List.of(SECRET_LEVEL, "level", "score", "customer_stats", "customer", "secret", "")) {
            probes.add(get("/api/v1/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)
                    + "&limit=100"));
        }
        probes.add(get("/api/v1/search?kind=numeric&limit=100"));
        probes.add(get("/api/v1/search?kind=categorical&limit=100"));
        probes.add(get(base + "/features/customer_stats/level"));
        probes.add(get(base + "/features/driver_recent/conv_rate"));
        probes.add(post(base + "/statistics", () -> Map.of("views", List.of("customer_stats"))));
        probes.add(new Call("GET", () -> "/api/v1/jobs/" + jobId, () -> null, false));
        List<String> leaks = new ArrayList<>();
        for (Who who : List.of(Who.READER, Who.WRITER)) {
            for (Call probe : probes) {
                String body = send(probe, who).body();
                if (body.contains(SECRET_LEVEL) || body.contains(SECRET_SCORE_TEXT)) {
                    leaks.add(probe.method() + " " + probe.path().get() + " as " + who + ": " + body);
                }
            }
        }
        assertThat(leaks).isEmpty();

        // the documented choice: names show in search, without statistics; unrestricted hits keep theirs
        JsonNode hits = json(send(get("/api/v1/search?q=score&limit=100"), Who.READER).body()).path("hits");
        List<JsonNode> restrictedHits = new ArrayList<>();
        hits.forEach(h -> {
            if (h.path("view").asText().equals("customer_stats") && h.path("name").asText().equals("score")) {
                restrictedHits.add(h);
            }
        });
        assertThat(restrictedHits).singleElement().satisfies(h -> {
            assertThat(h.path("stats").isObject()).isFalse();
            assertThat(h.path("restricted").asBoolean()).isTrue();
        });
        JsonNode open = json(send(get("/api/v1/search?q=acc_rate&limit=100"), Who.READER).body()).path("hits");
        List<JsonNode> withStats = new ArrayList<>();
        open.forEach(h -> {
            if (h.path("view").asText().equals("driver_stats") && h.path("stats").isObject()) {
                withStats.add(h);
            }
        });
        assertThat(withStats).as("an unrestricted feature's hit carries its statistics").isNotEmpty()
                .allSatisfy(h -> assertThat(h.path("restricted").asBoolean()).isFalse());
    }
}
