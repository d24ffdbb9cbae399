/**
 * The one codec of Feast's feature-server JSON: {@link dev.granary.client.feast.FeastBodies} reads the request bodies
 * of {@code /get-online-features}, {@code /push}, {@code /write-to-online-store}, {@code /materialize} and
 * {@code /materialize-incremental} (both of the server's front ends use it) and writes lookup bodies (the Java client
 * and the CLI use it); {@link dev.granary.client.feast.FeastAnswers} reads lookup answers and error bodies;
 * {@link dev.granary.client.feast.FeastErrorDetail} is Feast's error body, written by the server and read back here.
 * Values are coerced to their declared types by {@link dev.granary.spec.TypedValues}, never here: the codec yields
 * JSON's own values. The server's answer writer lives with the server, its only user. No HTTP, no registry here.
 */
package dev.granary.client.feast;
