package dev.granary.error;

import static java.util.Objects.requireNonNull;

/**
 * Base of every error Granary reports to a user. It carries a stable machine code ({@code STALE_VERSION}), the
 * HTTP status it maps to, the CLI exit code ({@link ExitCodes#BAD_INPUT} or {@link ExitCodes#FAILURE}) and
 * optionally the field or path of the input at fault. Messages name the object and the fix.
 */
public abstract class GranaryException extends RuntimeException {
    private final String code;
    private final int httpStatus;
    private final int exitCode;
    private final String field;

    protected GranaryException(String code, int httpStatus, int exitCode, String field, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
        this.field = field;
    }

    /** A stable upper-case code for scripts, e.g. {@code NOT_FOUND}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** 2 for bad input (the user can fix the command or the files), 1 for other failures. */
    public int exitCode() {
        return exitCode;
    }

    /** The input field or spec path at fault, or {@code null} when the error is not about one field. */
    public String field() {
        return field;
    }
}
