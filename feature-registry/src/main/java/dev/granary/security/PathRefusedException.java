package dev.granary.security;

import dev.granary.error.BadRequestException;

/**
 * A path given over the API that would reach outside the folders the server may use ({@code offline.root},
 * {@code offline.exportRoot}), or an output that exists and may not be overwritten. HTTP 400
 * {@code PATH_REFUSED}; the message quotes the path as the caller gave it, never the server's absolute roots.
 */
public final class PathRefusedException extends BadRequestException {
    public PathRefusedException(String field, String message) {
        super("PATH_REFUSED", field, message, null);
    }
}
