/**
 * The client's exceptions: {@link dev.granary.client.error.GranaryClientException} and its two kinds,
 * {@link dev.granary.client.error.LookupRejectedException} (bad input, retrying does not help) and
 * {@link dev.granary.client.error.LookupFailedException} (the store or the server failed, a retry may succeed).
 * They live apart from {@code dev.granary.client} so the lookup core and the Feast codec, which raise them, depend
 * on this package only and the client package depends on them, never the reverse. No HTTP codes, no other
 * Granary types here.
 */
package dev.granary.client.error;
