package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The table {@link RoleMatrixTest} asserts: every endpoint of both ports as Spring maps it, the call that reaches it,
 * and the status each kind of caller gets. Rows whose route starts with {@code RESTRICTED} read restricted features
 * and name the one their refusal must name.
 */
final class AccessTable {
    private final String project;
    private final Supplier<Object> specJson;
    private final Supplier<String> jobId;
    private final Supplier<String> targetId;
    private final AtomicInteger outputs = new AtomicInteger();

    /**
     * @param specJson the spec the plan and apply rows send
     * @param jobId    the job the job-status row reads, known once the test started one
     * @param targetId the token the DELETE and grant rows act on, known once the test made it
     */
    AccessTable(String project, Supplier<Object> specJson, Supplier<String> jobId, Supplier<String> targetId) {
        this.project = project;
        this.specJson = specJson;
        this.jobId = jobId;
        this.targetId = targetId;
    }

    /** Any status but 401 and 403: the route is open to everyone. */
    static final int OPEN = -1;

    /** The kinds of caller, in the order of the table's columns. */
    enum Who { NONE, WRONG_PROJECT, READER, WRITER, ADMIN, REVOKED, EXPIRED, GRANTED }

    /** One call: where it goes and what it sends. */
    record Call(String method, Supplier<String> path, Supplier<Object> body, boolean servingPort,
                Map<String, String> headers) {
        Call(String method, Supplier<String> path, Supplier<Object> body, boolean servingPort) {
            this(method, path, body, servingPort, Map.of());
        }

        Call withHeader(String name, String value) {
            return new Call(method, path, body, servingPort, Map.of(name, value));
        }
    }

    /**
     * A row: the route as Spring maps it, the call, and the status for each {@link Who}; {@code restricted} names
     * the restricted feature a {@code RESTRICTED} row reads (its 403 must name it), null for other rows.
     */
    record Row(String route, Call call, int[] expected, String restricted) {
    }

    private static Row row(String route, Call call, int... expected) {
        assertThat(expected).hasSize(Who.values().length);
        return new Row(route, call, expected, null);
    }

    private static Row restricted(String route, String feature, Call call, int... expected) {
        assertThat(expected).hasSize(Who.values().length);
        return new Row("RESTRICTED " + route, call, expected, feature);
    }

    static Call get(String path) {
        return new Call("GET", () -> path, () -> null, false);
    }

    static Call post(String path, Supplier<Object> body) {
        return new Call("POST", () -> path, body, false);
    }

    //                         NONE WRONG READ WRITE ADMIN REVOKED EXPIRED GRANTED
    private static final int[] READ = {401, 403, 200, 200, 200, 401, 401, 200};
    private static final int[] WRITE = {401, 403, 403, 200, 200, 401, 401, 200};
    private static final int[] LIST = {401, 200, 200, 200, 200, 401, 401, 200};
    private static final int[] ADMIN = {401, 403, 403, 403, 200, 401, 401, 403};
    private static final int[] ADMIN_LIST = {401, 200, 403, 403, 200, 401, 401, 403};
    private static final int[] EVERYONE = {OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN};
    /** Restricted data: admins and the granted token only (readers lack the grant, writers too). */
    private static final int[] GRANTED_ONLY = {401, 403, 403, 403, 200, 401, 401, 200};
    /** A reader token of every project ('*'): none of the table's tokens is one ({@code RoleMatrixTest.metricsNeedAReaderOfEveryProject}). */
    private static final int[] EVERY_PROJECT = {401, 403, 403, 403, 403, 401, 401, 403};

    /** Every row, the restricted ones last. */
    List<Row> rows() {
        String base = "/api/v1/projects/" + project;
        Supplier<Object> lookup = () -> Map.of("features", List.of("driver_stats:trips"),
                "entities", Map.of("driver_id", List.of(1)));
        Supplier<Object> push = () -> Map.of("feature_view", "driver_stats", "to", "online", "df", Map.of(
                "driver_id", List.of(2), "event_timestamp", List.of(Instant.now().toString()), "trips", List.of(7)));
        Supplier<Object> write = () -> Map.of("feature_view_name", "driver_stats", "df", Map.of(
                "driver_id", List.of(3), "event_timestamp", List.of(Instant.now().toString()), "trips", List.of(8)));
        Supplier<Object> materialize = () -> Map.of("start_ts", "2020-01-01T00:00:00",
                "end_ts", Instant.now().toString(), "feature_views", List.of("driver_stats"));
        Supplier<Object> incremental = () -> Map.of("end_ts", Instant.now().toString(),
                "feature_views", List.of("driver_stats"));
        List<Row> rows = new ArrayList<>();
        rows.add(row("GET /health", get("/health"), EVERYONE));
        rows.add(row("GET /ready", get("/ready"), EVERYONE));
        rows.add(row("* /error", get("/error"), EVERYONE));
        rows.add(row("GET /metrics", get("/metrics"), EVERY_PROJECT));
        rows.add(row("POST /api/v1/plan", post("/api/v1/plan", specJson), READ));
        rows.add(row("POST /api/v1/apply", post("/api/v1/apply", specJson), WRITE));
        rows.add(row("GET /api/v1/projects", get("/api/v1/projects"), LIST));
        rows.add(row("GET /api/v1/projects/{project}", get(base), READ));
        rows.add(row("GET /api/v1/projects/{project}/versions", get(base + "/versions"), READ));
        rows.add(row("GET /api/v1/projects/{project}/versions/{version}", get(base + "/versions/1"), READ));
        rows.add(row("POST /api/v1/projects/{project}/rollback/{version}", post(base + "/rollback/1", () -> null), WRITE));
        rows.add(row("GET /api/v1/projects/{project}/entities", get(base + "/entities"), READ));
        rows.add(row("GET /api/v1/projects/{project}/sources", get(base + "/sources"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-views", get(base + "/feature-views"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-views/{name}", get(base + "/feature-views/driver_stats"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-services", get(base + "/feature-services"), READ));
        rows.add(row("GET /api/v1/search", get("/api/v1/search?q=conv"), LIST));
        rows.add(row("GET /api/v1/projects/{project}/features/{view}/{feature}",
                get(base + "/features/driver_stats/conv_rate"), READ));
        rows.add(row("POST /api/v1/projects/{project}/statistics", post(base + "/statistics", () -> Map.of()), WRITE));
        rows.add(row("GET /api/v1/projects/{project}/feature-services/{service}/health",
                get(base + "/feature-services/drivers/health"), READ));
        rows.add(row("GET /api/v1/projects/{project}/feature-services/{service}/health/history",
                get(base + "/feature-services/drivers/health/history"), READ));
        rows.add(row("POST /api/v1/projects/{project}/training-sets", post(base + "/training-sets", () -> Map.of(
                "entities", "entities.parquet", "features", List.of("driver_stats:conv_rate"),
                "output", "out/m" + outputs.incrementAndGet() + ".parquet")), accepted(READ)));
        rows.add(row("POST /api/v1/projects/{project}/materializations", post(base + "/materializations", () -> Map.of(
                "start", "2020-01-01T00:00:00Z", "end", Instant.now().toString())), accepted(WRITE)));
        rows.add(row("GET /api/v1/jobs/{id}", new Call("GET", () -> "/api/v1/jobs/" + jobId.get(), () -> null, false), READ));
        rows.add(row("POST /get-online-features", post("/get-online-features", lookup), READ));
        rows.add(row("POST /push", post("/push", push), WRITE));
        rows.add(row("POST /write-to-online-store", post("/write-to-online-store", write), WRITE));
        rows.add(row("POST /materialize", post("/materialize", materialize), WRITE));
        rows.add(row("POST /materialize-incremental", post("/materialize-incremental", incremental), WRITE));
        rows.add(row("GET /api/v1/tokens", get("/api/v1/tokens"), ADMIN_LIST));
        rows.add(row("POST /api/v1/tokens", post("/api/v1/tokens", () -> Map.of("project", project, "role", "reader")),
                created(ADMIN)));
        rows.add(row("DELETE /api/v1/tokens/{id}", new Call("DELETE", () -> "/api/v1/tokens/" + targetId.get(),
                () -> null, false), ADMIN));
        rows.add(row("POST /api/v1/tokens/{id}/grants", new Call("POST", () -> "/api/v1/tokens/" + targetId.get()
                + "/grants", () -> Map.of("target", "driver_stats:conv_rate"), false), ADMIN));
        rows.add(row("GET /api/v1/audit", get("/api/v1/audit"), ADMIN_LIST));
        // the serving port
        rows.add(row("SERVING GET /health", new Call("GET", () -> "/health", () -> null, true), EVERYONE));
        rows.add(row("SERVING GET /metrics", new Call("GET", () -> "/metrics", () -> null, true), EVERY_PROJECT));
        rows.add(row("SERVING POST /get-online-features", new Call("POST", () -> "/get-online-features", lookup, true),
                READ));
        rows.add(row("SERVING POST /push", new Call("POST", () -> "/push", push, true), WRITE));
        rows.add(row("SERVING POST /write-to-online-store", new Call("POST", () -> "/write-to-online-store", write,
                true), WRITE));
        rows.add(row("SERVING POST /materialize", new Call("POST", () -> "/materialize", materialize, true), WRITE));
        rows.add(row("SERVING POST /materialize-incremental", new Call("POST", () -> "/materialize-incremental",
                incremental, true), WRITE));
        rows.addAll(restrictedRows(base));
        return rows;
    }

    /** Rows reading restricted features, on every endpoint that reads or writes feature values. */
    private List<Row> restrictedRows(String base) {
        Supplier<Object> view = () -> Map.of("features", List.of("customer_stats:level"),
                "entities", Map.of("customer_id", List.of("c1")));
        Supplier<Object> service = () -> Map.of("feature_service", "ranking",
                "entities", Map.of("driver_id", List.of(1), "customer_id", List.of("c1")));
        Supplier<Object> tagged = () -> Map.of("features", List.of("driver_recent:conv_rate"),
                "entities", Map.of("driver_id", List.of(1)));
        Supplier<Object> push = () -> Map.of("feature_view", "customer_stats", "to", "online", "df", Map.of(
                "customer_id", List.of("c9"), "event_timestamp", List.of(Instant.now().toString()),
                "level", List.of("pushed"), "score", List.of(1.5)));
        Supplier<Object> throughSource = () -> Map.of("push_source_name", "customers_push", "to", "online", "df",
                Map.of("customer_id", List.of("c7"), "event_timestamp", List.of(Instant.now().toString()),
                        "level", List.of("through"), "score", List.of(3.5)));
        Supplier<Object> write = () -> Map.of("feature_view_name", "customer_stats", "df", Map.of(
                "customer_id", List.of("c8"), "event_timestamp", List.of(Instant.now().toString()),
                "level", List.of("written"), "score", List.of(2.5)));
        List<Row> rows = new ArrayList<>();
        for (boolean serving : List.of(false, true)) {
            String on = serving ? "SERVING POST " : "POST ";
            rows.add(restricted(on + "/get-online-features", "customer_stats:level",
                    new Call("POST", () -> "/get-online-features", view, serving), GRANTED_ONLY));
            rows.add(restricted(on + "/get-online-features (a service holding one)", "customer_stats:level",
                    new Call("POST", () -> "/get-online-features", service, serving), GRANTED_ONLY));
            if (!serving) {
                rows.add(restricted("GET /api/v1/projects/{project}/feature-services/{service}/health (a service"
                        + " holding one)", "customer_stats:level", get(base + "/feature-services/ranking/health"),
                        GRANTED_ONLY));
                rows.add(restricted("GET /api/v1/projects/{project}/feature-services/{service}/health/history (a"
                        + " service holding one)", "customer_stats:level",
                        get(base + "/feature-services/ranking/health/history"), GRANTED_ONLY));
            }
            rows.add(restricted(on + "/get-online-features (a view tagged pii)", "driver_recent:conv_rate",
                    new Call("POST", () -> "/get-online-features", tagged, serving), GRANTED_ONLY));
            rows.add(restricted(on + "/push", "customer_stats:level", new Call("POST", () -> "/push", push, serving),
                    GRANTED_ONLY));
            rows.add(restricted(on + "/push (through a push source)", "customer_stats:level",
                    new Call("POST", () -> "/push", throughSource, serving), GRANTED_ONLY));
            rows.add(restricted(on + "/write-to-online-store", "customer_stats:level",
                    new Call("POST", () -> "/write-to-online-store", write, serving), GRANTED_ONLY));
        }
        rows.add(restricted("POST /api/v1/projects/{project}/training-sets", "driver_archive:trips",
                post(base + "/training-sets", () -> Map.of("entities", "entities.parquet",
                        "features", List.of("driver_stats:conv_rate", "driver_archive:trips"),
                        "output", "out/r" + outputs.incrementAndGet() + ".parquet")), accepted(GRANTED_ONLY)));
        rows.add(restricted("GET /api/v1/projects/{project}/features/{view}/{feature}", "customer_stats:score",
                get(base + "/features/customer_stats/score"), GRANTED_ONLY));
        rows.add(restricted("GET /api/v1/projects/{project}/features/{view}/{feature} (a restricted feature)",
                "driver_archive:trips", get(base + "/features/driver_archive/trips"), GRANTED_ONLY));
        return rows;
    }

    private static int[] accepted(int[] statuses) {
        return java.util.Arrays.stream(statuses).map(s -> s == 200 ? 202 : s).toArray();
    }

    private static int[] created(int[] statuses) {
        return java.util.Arrays.stream(statuses).map(s -> s == 200 ? 201 : s).toArray();
    }

    /** The restricted row of {@code route}. */
    Row restrictedRow(String route) {
        return rows().stream().filter(r -> r.route().equals("RESTRICTED " + route)).findFirst().orElseThrow();
    }
}
