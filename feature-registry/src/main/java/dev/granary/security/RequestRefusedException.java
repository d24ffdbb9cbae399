package dev.granary.security;

import dev.granary.error.ExitCodes;
import dev.granary.error.GranaryException;

/**
 * A call refused before it reaches its endpoint: a foreign browser origin (403 {@code CROSS_ORIGIN_REFUSED}), a
 * body that is not JSON (415 {@code UNSUPPORTED_MEDIA_TYPE}), a missing or unknown token (401), a missing role or
 * grant (403). The message names what is missing and never repeats a token. It carries who was refused and on
 * which project, for the audit log.
 */
public final class RequestRefusedException extends GranaryException {
    private final String actor;
    private final String project;

    RequestRefusedException(String code, int status, String field, String message) {
        this(code, status, field, message, null, null);
    }

    RequestRefusedException(String code, int status, String field, String message, ApiToken token, String project) {
        super(code, status, ExitCodes.FAILURE, field, message, null);
        this.actor = token == null ? "anonymous" : token.name() + " (" + token.id() + ")";
        this.project = project;
    }

    /** Who was refused: the token as {@code name (id)}, or {@code anonymous}. */
    public String actor() {
        return actor;
    }

    /** The project of the refused call, when known. */
    public String project() {
        return project;
    }
}
