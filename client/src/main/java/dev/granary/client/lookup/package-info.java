/**
 * The lookup core the clients and the server share: {@link dev.granary.client.lookup.FeaturePlan} resolves
 * feature references against a spec, {@link dev.granary.client.lookup.OnlineLookup} checks entity keys and reads
 * the online store in one call, {@link dev.granary.client.lookup.LookupResult} holds the answer. Failures are the
 * client's exceptions ({@link dev.granary.client.error.LookupRejectedException} for bad input,
 * {@link dev.granary.client.error.LookupFailedException} for a failing store); the server maps them to its own
 * errors. Nothing here knows HTTP, Spring, the registry or the client classes of {@code dev.granary.client}.
 */
package dev.granary.client.lookup;
