/**
 * The lookup core the clients and the server share: {@link dev.granary.client.lookup.FeaturePlan} resolves
 * feature references against a spec, {@link dev.granary.client.lookup.OnlineLookup} checks entity keys and reads
 * the online store in one call, {@link dev.granary.client.lookup.LookupResult} holds the answer. Failures are the
 * client's exceptions ({@link dev.granary.client.LookupRejectedException} for bad input,
 * {@link dev.granary.client.LookupFailedException} for a failing store); the server maps them to its own errors.
 * Nothing here knows HTTP, Spring or the registry.
 */
package dev.granary.client.lookup;
