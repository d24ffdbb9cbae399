package dev.granary.cli.remote;

import static dev.granary.cli.remote.ServerConnection.encode;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.catalog.SearchParameters;
import dev.granary.catalog.SearchResponse;
import dev.granary.cli.backend.FeatureLookup;
import dev.granary.cli.backend.PlannedChange;
import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.cli.backend.ServerRejectedException;
import dev.granary.cli.backend.StoredVersion;
import dev.granary.export.ReplayRequest;
import dev.granary.export.TrainingSet;
import dev.granary.offline.EntityQuery;
import dev.granary.export.TrainingSetRequest;
import dev.granary.materialization.MaterializationProgress;
import dev.granary.materialization.MaterializationResult;
import dev.granary.materialization.MaterializeRequest;
import dev.granary.offline.ProgressListener;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.VersionSummary;
import dev.granary.serving.OnlineQuery;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.json.SpecJson;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthRequest;
import dev.granary.statistics.StoredStatistics;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@link RepositoryBackend} over the REST API of the {@code granary serve} that owns the repository's embedded
 * stores ({@code docs/api.md}). Specs are sent as canonical JSON; materializations and exports are submitted as
 * jobs and followed to their end; paths are sent as given (the caller makes them absolute, since the server
 * resolves relative ones against the repository folder). Online lookups are in {@link OnlineLookups}.
 */
public final class ServerRepositoryBackend implements RepositoryBackend {
    private static final String AUTHOR_HEADER = "X-Granary-Author";

    private final ServerConnection server;
    private final JobWatcher jobs;

    /** The server listening on {@code base} (e.g. {@code http://localhost:6566}), process {@code pid}. */
    public ServerRepositoryBackend(URI base, long pid) {
        this.server = new ServerConnection(base, pid);
        this.jobs = new JobWatcher(server);
    }

    @Override
    public PlannedChange plan(RepoSpec spec, boolean checkData) {
        JsonNode plan = server.post("/api/v1/plan?skipDataChecks=" + !checkData, SpecJson.write(spec), Map.of());
        JsonNode diff = plan.path("diff");
        return new PlannedChange(plan.path("project").asText(), plan.path("currentVersion").asInt(),
                diff.path("empty").asBoolean(), diff.path("breaking").asBoolean(), diff.path("text").asText());
    }

    @Override
    public StoredVersion apply(RepoSpec spec, ApplyOptions options, boolean checkData) {
        StringBuilder path = new StringBuilder("/api/v1/apply?force=").append(options.force())
                .append("&skipDataChecks=").append(!checkData);
        if (options.basedOnVersion() != null) {
            path.append("&basedOnVersion=").append(options.basedOnVersion());
        }
        if (options.message() != null) {
            path.append("&message=").append(encode(options.message()));
        }
        return stored(server.post(path.toString(), SpecJson.write(spec), Map.of(AUTHOR_HEADER, options.author())));
    }

    @Override
    public List<VersionSummary> history(String project) {
        try {
            return server.json().convertValue(server.get("/api/v1/projects/" + encode(project) + "/versions"),
                    new TypeReference<List<VersionSummary>>() { });
        } catch (ServerRejectedException e) {
            if ("NOT_FOUND".equals(e.code()) && "project".equals(e.field())) {
                return List.of(); // the API answers 404 for a project without versions
            }
            throw e;
        }
    }

    @Override
    public StoredVersion rollback(String project, int version, String author) {
        return stored(server.post("/api/v1/projects/" + encode(project) + "/rollback/" + version, "",
                Map.of(AUTHOR_HEADER, author)));
    }

    @Override
    public List<String> projects() {
        List<String> names = new ArrayList<>();
        server.get("/api/v1/projects").forEach(project -> names.add(project.path("name").asText()));
        return names;
    }

    @Override
    public MaterializationResult materialize(MaterializeRequest request, MaterializationProgress progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start", request.start() == null ? null : request.start().toString());
        body.put("end", request.end().toString());
        body.put("views", request.views());
        body.put("incremental", request.incremental());
        String projectPath = "/api/v1/projects/" + encode(request.project());
        JsonNode submitted = server.post(projectPath + "/materializations", body);
        int views = request.views().isEmpty() ? onlineViews(projectPath) : request.views().size();
        // the bar shows views done of views total, as locally: the job's progress is that fraction, and its
        // message names the view being written ("writing view NAME", MaterializationJobs)
        String[] view = {""};
        JsonNode done = jobs.await(submitted, job -> {
            String message = job.path("message").asText("");
            view[0] = message.startsWith("writing view ") ? message.substring("writing view ".length()) : view[0];
            progress.update(view[0], job.path("rows").asLong(),
                    (int) Math.floor(job.path("progress").asDouble() * views), views);
        });
        progress.update(view[0], done.path("rows").asLong(), views, views);
        return server.json().convertValue(result(done), MaterializationResult.class);
    }

    @Override
    public TrainingSet export(TrainingSetRequest request, ProgressListener progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entities", request.entities() == null ? null : request.entities().toString());
        body.put("features", request.features().isEmpty() ? null : request.features());
        body.put("featureService", request.featureService());
        body.put("output", request.output().toString());
        body.put("fullFeatureNames", request.fullFeatureNames());
        body.put("timestampColumn", request.timestampColumn());
        body.put("overwrite", request.overwrite());
        if (request.entityQuery() instanceof EntityQuery.AsOf asOf) {
            body.put("asOf", asOf.time().toString());
        } else if (request.entityQuery() instanceof EntityQuery.Range range) {
            body.put("rangeStart", range.start().toString());
            body.put("rangeEnd", range.end().toString());
            body.put("every", range.every() == null ? null : range.every().toString());
        }
        return awaitExport(request.project(), body, progress);
    }

    @Override
    public TrainingSet replay(ReplayRequest request, ProgressListener progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("replay", request.trainingSetId());
        body.put("output", request.output().toString());
        body.put("overwrite", request.overwrite());
        body.put("allowChangedInputs", request.allowChangedInputs());
        return awaitExport(request.project(), body, progress);
    }

    private TrainingSet awaitExport(String project, Map<String, Object> body, ProgressListener progress) {
        JsonNode submitted = server.post("/api/v1/projects/" + encode(project) + "/training-sets", body);
        JsonNode done = jobs.await(submitted, job -> progress.progress(job.path("message").asText("export"),
                Math.round(job.path("progress").asDouble() * 100), 100));
        progress.progress("export", 100, 100);
        return server.json().convertValue(result(done), TrainingSet.class);
    }

    @Override
    public FeatureLookup lookup(OnlineQuery query, Map<String, String> entity) {
        return new OnlineLookups(server).lookup(query, entity);
    }

    @Override
    public SearchResponse search(SearchParameters parameters) {
        StringJoiner query = new StringJoiner("&", "/api/v1/search?", "");
        query.add("q=" + encode(parameters.text()));
        parameters.filters().forEach((facet, values) -> values.forEach(v -> query.add(facet.key() + "=" + encode(v))));
        if (parameters.limit() != null) {
            query.add("limit=" + parameters.limit());
        }
        if (parameters.offset() != null) {
            query.add("offset=" + parameters.offset());
        }
        return server.json().convertValue(server.get(query.toString()), SearchResponse.class);
    }

    @Override
    public List<StoredStatistics> statistics(String project, List<String> views, Instant start, Instant end,
                                             ProgressListener progress) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("views", views);
        body.put("start", start == null ? null : start.toString());
        body.put("end", end == null ? null : end.toString());
        return server.json().convertValue(server.post("/api/v1/projects/" + encode(project) + "/statistics", body),
                new TypeReference<List<StoredStatistics>>() { });
    }

    @Override
    public HealthReport health(HealthRequest request) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        if (request.reference() != null) {
            query.add("reference=" + encode(request.reference()));
        }
        query.add("window=" + encode(request.window().toString()));
        query.add("baseline=" + encode(request.baseline().toString()));
        return server.json().convertValue(server.get("/api/v1/projects/" + encode(request.project())
                + "/feature-services/" + encode(request.service()) + "/health" + query), HealthReport.class);
    }

    @Override
    public void close() {
        server.close();
    }

    private static StoredVersion stored(JsonNode applied) {
        return new StoredVersion(applied.path("project").asText(), applied.path("version").asInt(),
                applied.path("changed").asBoolean(), applied.path("diff").path("text").asText());
    }

    private int onlineViews(String projectPath) {
        int online = 0;
        for (JsonNode view : server.get(projectPath + "/feature-views")) {
            online += view.path("online").asBoolean(true) ? 1 : 0;
        }
        return online;
    }

    /** The {@code result} of a succeeded job, which a server older than this CLI does not send. */
    private static JsonNode result(JsonNode job) {
        JsonNode result = job.get("result");
        if (result == null || result.isNull()) {
            throw new ServerRejectedException("NO_JOB_RESULT", 502, null, "job " + job.path("id").asText()
                    + " succeeded (" + job.path("message").asText() + ") but the server sent no result; is it an"
                    + " older Granary than this CLI? Restart 'granary serve' with this version");
        }
        return result;
    }
}
