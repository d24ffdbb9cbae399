/**
 * {@link dev.granary.client.GranaryClient}, the Java client for serving code: online lookups over HTTP against
 * {@code granary serve} or straight against Redis when given its address and the spec, with the same typed
 * {@link dev.granary.client.OnlineFeatures} either way. It depends on the serving package's lookup logic, never
 * on the server's wiring.
 */
package dev.granary.client;
