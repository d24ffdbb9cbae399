package dev.granary.client;

import static java.util.Objects.requireNonNull;

import dev.granary.client.error.GranaryClientException;
import dev.granary.client.error.LookupFailedException;
import dev.granary.client.error.LookupRejectedException;
import dev.granary.client.feast.FeastAnswers;
import dev.granary.client.feast.FeastBodies;
import dev.granary.client.feast.FeastErrorDetail;
import dev.granary.client.feast.LookupAnswer;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link GranaryClient} over HTTP: {@code POST /get-online-features} in Feast's JSON shape. */
final class HttpGranaryClient implements GranaryClient {
    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    HttpGranaryClient(URI baseUri, Duration timeout) {
        requireNonNull(baseUri, "baseUri is null");
        this.endpoint = baseUri.resolve("/get-online-features");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public OnlineFeatures getOnlineFeatures(List<String> features, List<Map<String, Object>> entityRows,
                                            boolean fullFeatureNames) {
        Map<String, List<Object>> columns = EntityRows.columns(entityRows);
        return send(FeastBodies.lookupBody(null, List.copyOf(features), null, columns, fullFeatureNames),
                columns.size());
    }

    @Override
    public OnlineFeatures getOnlineFeatures(String featureService, List<Map<String, Object>> entityRows,
                                            boolean fullFeatureNames) {
        requireNonNull(featureService, "featureService is null");
        Map<String, List<Object>> columns = EntityRows.columns(entityRows);
        return send(FeastBodies.lookupBody(null, null, featureService, columns, fullFeatureNames), columns.size());
    }

    private OnlineFeatures send(byte[] body, int entityColumns) {
        HttpResponse<byte[]> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LookupFailedException("UNREACHABLE", "Cannot reach the Granary server at "
                    + endpoint + ": " + e.getMessage() + "; check that 'granary serve' runs there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupFailedException("INTERRUPTED", "Interrupted while waiting for " + endpoint, e);
        }
        if (response.statusCode() != 200) {
            throw answered(response.statusCode(), response.body());
        }
        try {
            return features(FeastAnswers.lookup(response.body()), entityColumns);
        } catch (IOException | IllegalArgumentException e) {
            throw new LookupFailedException("MALFORMED_ANSWER", endpoint + " answered with a body that is not a"
                    + " lookup answer (" + e.getMessage() + "); check that Granary listens there", e);
        }
    }

    /** The current spec of a project from {@code GET /api/v1/projects/{project}}. */
    static dev.granary.spec.RepoSpec fetchSpec(URI server, String project, Duration timeout) {
        URI uri = server.resolve("/api/v1/projects/" + java.net.URLEncoder.encode(project,
                java.nio.charset.StandardCharsets.UTF_8));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw answered(response.statusCode(), response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return dev.granary.spec.json.SpecJson.read(response.body());
        } catch (IOException e) {
            throw new LookupFailedException("UNREACHABLE", "Cannot read project '" + project + "' from "
                    + uri + ": " + e.getMessage() + "; check that 'granary serve' runs there", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LookupFailedException("INTERRUPTED", "Interrupted while reading " + uri, e);
        }
    }

    /**
     * The server's error body (Feast's or Granary's shape) as the client's exception: a 4xx status is the request's
     * fault, anything else the server's.
     */
    private static GranaryClientException answered(int status, byte[] body) {
        FeastErrorDetail error = FeastErrorDetail.read(status, body).orElseGet(() -> new FeastErrorDetail(
                "FeastError", "The server answered " + status, "HTTP_" + status, null, status));
        if (status >= 400 && status < 500) {
            return new LookupRejectedException(error.code(), error.field(), error.message(), null);
        }
        return new LookupFailedException(error.code(), error.message(), null);
    }

    private static OnlineFeatures features(LookupAnswer answer, int entityColumns) {
        List<LookupAnswer.Column> results = answer.results();
        int rows = results.isEmpty() ? 0 : results.get(0).values().size();
        List<List<Object>> keys = new ArrayList<>(entityColumns);
        for (int c = 0; c < entityColumns; c++) {
            keys.add(results.get(c).values());
        }
        List<List<FeatureValue>> features = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            features.add(new ArrayList<>(results.size() - entityColumns));
        }
        for (int c = entityColumns; c < results.size(); c++) {
            LookupAnswer.Column column = results.get(c);
            for (int r = 0; r < rows; r++) {
                FeatureStatus status = FeatureStatus.valueOf(column.statuses().get(r));
                Object value = status == FeatureStatus.PRESENT ? column.values().get(r) : null;
                features.get(r).add(new FeatureValue(value, column.eventTimes().get(r), status));
            }
        }
        return new OnlineFeatures(OnlineFeatures.Columns.of(answer.featureNames()), keys, features);
    }

    @Override
    public void close() {
        http.close();
    }
}
