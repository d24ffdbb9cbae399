/**
 * Online serving: resolving {@code view:feature} references and feature services against the current spec
 * ({@link dev.granary.client.lookup.FeaturePlan}), one multi-view online-store read per request
 * ({@link dev.granary.client.lookup.OnlineLookup}), the Feast-compatible {@code /get-online-features} and {@code /push}
 * endpoints (on the main port and on the Netty serving port, {@link dev.granary.serving.OnlineHttpServer}), lookup
 * counters, and opening the configured online store ({@link dev.granary.serving.OnlineStores}). Materialization and
 * the registry's own API live elsewhere.
 */
package dev.granary.serving;
