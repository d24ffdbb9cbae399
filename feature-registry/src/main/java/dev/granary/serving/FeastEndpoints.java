package dev.granary.serving;

import static java.util.Objects.requireNonNull;

import dev.granary.client.error.LookupRejectedException;
import dev.granary.client.feast.FeastBodies;
import dev.granary.client.feast.FeastErrorDetail;
import dev.granary.client.feast.LookupBody;
import dev.granary.client.feast.MaterializeBody;
import dev.granary.client.feast.RowsBody;
import dev.granary.error.BadRequestException;
import dev.granary.error.GranaryException;
import dev.granary.jobs.Job;
import dev.granary.materialization.MaterializationJobs;
import dev.granary.materialization.MaterializationProgress;
import dev.granary.materialization.MaterializeRequest;
import dev.granary.metrics.GranaryMetrics;
import dev.granary.security.Caller;
import dev.granary.security.Role;
import dev.granary.spec.TypedValues;
import dev.granary.spec.ValueMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints shaped like Feast's feature server, as both front ends (the main port's {@code ServingController} and
 * the serving port's {@code OnlineRequestHandler}) answer them: each reads its body with the one Feast codec
 * ({@link FeastBodies}), logs the fields it ignores at debug level and counts them, and calls the service. Errors leave as
 * {@link GranaryException}s; {@link #error} gives their Feast shape.
 */
public final class FeastEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(FeastEndpoints.class);

    private final OnlineFeatureService features;
    private final PushService push;
    private final MaterializationJobs materializations;
    private final CurrentSpecs specs;
    private final Clock clock;
    private final GranaryMetrics metrics;

    FeastEndpoints(OnlineFeatureService features, PushService push, MaterializationJobs materializations,
                   CurrentSpecs specs, Clock clock) {
        this(features, push, materializations, specs, clock, GranaryMetrics.quiet());
    }

    /** As above, counting the fields each endpoint ignores into {@code metrics} ({@code granary.feast.ignored.fields}). */
    FeastEndpoints(OnlineFeatureService features, PushService push, MaterializationJobs materializations,
                   CurrentSpecs specs, Clock clock, GranaryMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.features = requireNonNull(features, "features is null");
        this.push = requireNonNull(push, "push is null");
        this.materializations = requireNonNull(materializations, "materializations is null");
        this.specs = requireNonNull(specs, "specs is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Reads a {@code /get-online-features} body. */
    OnlineQuery lookupQuery(InputStream body) throws IOException {
        LookupBody read;
        try {
            read = FeastBodies.lookup(body);
        } catch (LookupRejectedException e) {
            throw ServingErrors.translate(e);
        }
        ignored("/get-online-features", read.ignored());
        return new OnlineQuery(read.project(), read.features(), read.featureService(), read.entities(),
                read.fullFeatureNames());
    }

    /** @throws dev.granary.security.RequestRefusedException unless {@code caller} reads the project */
    FeastResponse lookup(OnlineQuery query, Caller caller) {
        return features.getOnlineFeatures(query, caller);
    }

    /** Reads a {@code /push} body. */
    PushRequest pushRequest(InputStream body) throws IOException {
        RowsBody read = rows(body, false);
        ignored("/push", read.ignored());
        return new PushRequest(read.project(), read.target(), read.targetField(), read.df(),
                PushRequest.Target.parse(read.to()));
    }

    /** Reads a {@code /write-to-online-store} body: rows for the view, written online only. */
    PushRequest writeRequest(InputStream body) throws IOException {
        RowsBody read = rows(body, true);
        ignored("/write-to-online-store", read.ignored());
        return new PushRequest(read.project(), read.target(), read.targetField(), read.df(),
                PushRequest.Target.ONLINE);
    }

    /** A push or write: {@code caller} needs {@link Role#WRITER} on the project, as for {@code /push}. */
    PushRequest.Result push(PushRequest request, Caller caller) {
        return push.push(request, caller);
    }

    /** Reads a {@code /materialize} ({@code incremental} false) or {@code /materialize-incremental} body. */
    MaterializeRequest materializeRequest(InputStream body, boolean incremental) throws IOException {
        MaterializeBody read;
        try {
            read = FeastBodies.materialize(body);
        } catch (LookupRejectedException e) {
            throw ServingErrors.translate(e);
        }
        ignored(incremental ? "/materialize-incremental" : "/materialize", read.ignored());
        String project = specs.get(read.project()).spec().project();
        if (incremental) {
            return MaterializeRequest.incremental(project, required("end_ts", read.endTs()), read.featureViews());
        }
        if (read.disableEventTimestamp()) {
            // Feast's reading of the flag: every row up to now
            return MaterializeRequest.range(project, Instant.EPOCH, clock.instant(), read.featureViews());
        }
        Instant start = required("start_ts", read.startTs());
        Instant end = required("end_ts", read.endTs());
        if (!start.isBefore(end)) {
            throw new BadRequestException("start_ts", "'start_ts' " + start + " must be before 'end_ts' " + end);
        }
        return MaterializeRequest.range(project, start, end, read.featureViews());
    }

    /**
     * Runs a materialization to its end, as Feast's server does; its result as JSON. {@code caller} needs
     * {@link Role#WRITER} on the project, as for {@code POST /api/v1/projects/{project}/materializations}.
     */
    Object materialize(MaterializeRequest request, Caller caller) {
        caller.require(request.project(), Role.WRITER);
        return materializations.run(request, MaterializationProgress.NONE);
    }

    /** Queues a materialization ({@code ?async=true}): Feast's accepted answer with Granary's job to follow. */
    Map<String, Object> submit(MaterializeRequest request, Caller caller) {
        caller.require(request.project(), Role.WRITER);
        Job job = materializations.submit(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "accepted");
        answer.put("feature_views", request.views());
        answer.put("job", job);
        return answer;
    }

    /** The Feast shape of a Granary error ({@link FeastErrorDetail}). */
    static FeastErrorDetail error(GranaryException e) {
        return FeastErrorDetail.of(e.code(), e.field(), e.getMessage(), e.httpStatus());
    }

    private static RowsBody rows(InputStream body, boolean write) throws IOException {
        try {
            return write ? FeastBodies.write(body) : FeastBodies.push(body);
        } catch (LookupRejectedException e) {
            throw ServingErrors.translate(e);
        }
    }

    private static Instant required(String field, String text) {
        if (text == null) {
            throw new BadRequestException(field, "'" + field + "' is required: an ISO-8601 time such as"
                    + " 2026-11-20T00:00:00 (no zone = UTC)");
        }
        try {
            return TypedValues.instant(text);
        } catch (ValueMismatchException e) {
            throw new BadRequestException(field, e.messageFor(field));
        }
    }

    private void ignored(String endpoint, List<String> fields) {
        if (!fields.isEmpty()) {
            metrics.ignoredFields(endpoint, fields.size());
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: ignored fields {} (Granary does not use them)", endpoint, fields);
            }
        }
    }
}
