/**
 * {@link dev.granary.client.GranaryClient}, the Java client for serving code: online lookups over HTTP against
 * {@code granary serve} or straight against Redis when given its address and the spec, with the same typed
 * {@link dev.granary.client.OnlineFeatures} either way. The store client runs the server's own lookup core
 * ({@code dev.granary.client.lookup}); both read and write Feast's JSON with {@code dev.granary.client.feast} and
 * fail with the exceptions of {@code dev.granary.client.error}. Dependencies run one way: this package uses those
 * three, they never use it (checked by {@code PackageDependencyTest}). The module depends on the spec, the online
 * store, Jedis and Jackson only, never on the registry service, Spring or a web server (checked by the build).
 */
package dev.granary.client;
