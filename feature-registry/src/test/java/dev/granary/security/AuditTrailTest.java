package dev.granary.security;

import static dev.granary.security.AccessTable.get;
import static dev.granary.security.AccessTable.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import dev.granary.security.AccessTable.Call;
import dev.granary.security.AccessTable.Who;
import org.junit.jupiter.api.Test;

/** Who did what on the secured server: versions authored by their token's name, and the audit log. */
class AuditTrailTest extends SecuredServer {
    @Test
    void versionsAppliedWithATokenAreAuthoredByItsNameWhateverTheCallClaims() {
        var spec = SPEC;
        var smaller = new RepoSpec(spec.project(), spec.entities(), spec.sources(),
                spec.featureViews().stream().filter(v -> !v.name().equals("driver_archive")).toList(),
                spec.featureServices());
        Call apply = new Call("POST", () -> "/api/v1/apply?author=mallory&force=true", () -> SpecJson.write(smaller),
                false);
        HttpResponse<String> applied = send(apply, Who.WRITER);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        JsonNode history = json(send(get("/api/v1/projects/" + P + "/versions"), Who.READER).body());
        assertThat(history.get(0).path("author").asText()).isEqualTo(NAMES.get(Who.WRITER));
        assertThat(send(new Call("POST", () -> "/api/v1/projects/" + P + "/rollback/1", () -> null, false)
                .withHeader("X-Granary-Author", "mallory"), Who.WRITER).statusCode()).isEqualTo(200);
        history = json(send(get("/api/v1/projects/" + P + "/versions"), Who.READER).body());
        assertThat(history.get(0).path("author").asText()).isEqualTo(NAMES.get(Who.WRITER));
    }

    @Test
    void deniedCallsAreInTheAuditLogWithWhoAndWhy() {
        send(post("/api/v1/apply", () -> SpecJson.write(SPEC)), Who.READER);
        send(get("/api/v1/projects/" + P), Who.NONE);
        send(new Call("POST", () -> "/push", () -> Map.of("feature_view", "driver_stats", "df", Map.of()), true),
                Who.READER);
        send(TABLE.restrictedRow("SERVING POST /get-online-features").call(), Who.READER);
        send(TABLE.restrictedRow("POST /api/v1/projects/{project}/training-sets").call(), Who.WRITER);
        List<AuditLog.Entry> entries = new AuditLog(database.dataSource()).read(null, null, 10_000);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("POST /get-online-features");
            assertThat(e.actor()).contains(NAMES.get(Who.READER));
            assertThat(e.result()).isEqualTo("RESTRICTED_FEATURE");
            assertThat(e.detail()).contains("customer_stats:level");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("POST /api/v1/projects/{project}/training-sets");
            assertThat(e.actor()).contains(NAMES.get(Who.WRITER));
            assertThat(e.result()).isEqualTo("RESTRICTED_FEATURE");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("denied");
            assertThat(e.target()).isEqualTo("POST /api/v1/apply");
            assertThat(e.actor()).contains(NAMES.get(Who.READER));
            assertThat(e.result()).isEqualTo("FORBIDDEN");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("GET /api/v1/projects/{project}");
            assertThat(e.actor()).isEqualTo("anonymous");
            assertThat(e.result()).isEqualTo("TOKEN_REQUIRED");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("POST /push");
            assertThat(e.actor()).contains(NAMES.get(Who.READER));
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.action()).isEqualTo("apply"));
        for (AuditLog.Entry e : entries) {
            SECRETS.values().forEach(s -> assertThat(String.valueOf(e.detail())).doesNotContain(s));
        }
    }

    @Test
    void adminsReadTheAuditLogOfTheirProjectNewestFirst() {
        send(post("/api/v1/apply", () -> SpecJson.write(SPEC)), Who.WRITER);
        JsonNode rows = json(send(get("/api/v1/audit?project=" + P + "&since=2020-01-01T00:00:00Z&limit=50"),
                Who.ADMIN).body());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isPositive();
        rows.forEach(r -> assertThat(r.path("project").asText()).isEqualTo(P));
        assertThat(rows.get(0).path("action").asText()).isEqualTo("apply");
        assertThat(rows.get(0).path("actor").asText()).contains(NAMES.get(Who.WRITER));
        HttpResponse<String> other = send(get("/api/v1/audit?project=other"), Who.ADMIN);
        assertThat(other.statusCode()).isEqualTo(403);
    }
}
