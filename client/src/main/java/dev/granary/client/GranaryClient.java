package dev.granary.client;

import dev.granary.client.error.GranaryClientException;
import dev.granary.client.error.LookupFailedException;
import dev.granary.client.error.LookupRejectedException;
import dev.granary.online.OnlineStore;
import dev.granary.online.RedisConfig;
import dev.granary.spec.RepoSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Online lookups for serving code. Two modes return the same {@link OnlineFeatures} for the same data:
 * {@link #http(URI)} against {@code granary serve}'s {@code /get-online-features}, and {@link #redis} straight to
 * the Redis online store (one round trip per lookup, no server hop) given the project's spec.
 *
 * <p>Entity rows are maps of join key to value (integers for INT64 keys, strings for STRING keys); every row must
 * name the same keys. Thread-safe; close it to release connections.
 *
 * <p>Failures: {@link LookupRejectedException} with the code and field for bad input (unknown feature, missing
 * join key, wrong key type) or an unknown project; {@link LookupFailedException} when the server or the store
 * fails or cannot be reached.
 */
public interface GranaryClient extends AutoCloseable {

    /** Looks up {@code view:feature} references for the rows; results are named by feature. */
    default OnlineFeatures getOnlineFeatures(List<String> features, List<Map<String, Object>> entityRows) {
        return getOnlineFeatures(features, entityRows, false);
    }

    /** Looks up the features of a feature service for the rows; results are named by feature. */
    default OnlineFeatures getOnlineFeatures(String featureService, List<Map<String, Object>> entityRows) {
        return getOnlineFeatures(featureService, entityRows, false);
    }

    /** As {@link #getOnlineFeatures(List, List)}, naming results {@code view__feature} when asked. */
    OnlineFeatures getOnlineFeatures(List<String> features, List<Map<String, Object>> entityRows,
                                     boolean fullFeatureNames);

    /** As {@link #getOnlineFeatures(String, List)}, naming results {@code view__feature} when asked. */
    OnlineFeatures getOnlineFeatures(String featureService, List<Map<String, Object>> entityRows,
                                     boolean fullFeatureNames);

    @Override
    void close();

    /** A client of the server at {@code baseUri} (e.g. {@code http://localhost:6566}), 2 s request timeout. */
    static GranaryClient http(URI baseUri) {
        return new HttpGranaryClient(baseUri, Duration.ofSeconds(2));
    }

    /** A client reading the Redis store at {@code redisUrl} (default pool and timeouts) for {@code spec}'s project. */
    static GranaryClient redis(String redisUrl, RepoSpec spec) {
        return redis(RedisConfig.of(redisUrl), spec);
    }

    /**
     * A client reading the Redis store configured by {@code config} (its key prefix must be the server's) for
     * {@code spec}'s project. The spec is fixed: give the client a new one after an apply.
     */
    static GranaryClient redis(RedisConfig config, RepoSpec spec) {
        return new StoreGranaryClient(OnlineStore.redis(config), spec, true);
    }

    /**
     * A client reading the Redis store configured by {@code config} for {@code project}, with the project's current
     * spec fetched once from the server at {@code server} ({@code GET /api/v1/projects/{project}}).
     *
     * @throws GranaryClientException when the server cannot be reached or does not know the project
     */
    static GranaryClient redis(RedisConfig config, URI server, String project) {
        return redis(config, HttpGranaryClient.fetchSpec(server, project, Duration.ofSeconds(5)));
    }

    /** A client reading any open online store for {@code spec} (the caller keeps ownership of the store). */
    static GranaryClient store(OnlineStore store, RepoSpec spec) {
        return new StoreGranaryClient(store, spec, false);
    }
}
