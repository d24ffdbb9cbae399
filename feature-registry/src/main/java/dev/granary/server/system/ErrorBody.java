package dev.granary.server.system;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.granary.error.GranaryException;
import dev.granary.spec.SpecError;
import java.util.List;

/**
 * The JSON body of every error response.
 *
 * @param error   a stable code ({@code SPEC_INVALID}, {@code NOT_FOUND}, {@code STALE_VERSION}...)
 * @param message what is wrong and how to fix it
 * @param field   the request field or spec path at fault, when there is one
 * @param errors  for an invalid spec: every problem with its path, message and fix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String field, List<SpecError> errors) {
    public ErrorBody {
        requireNonNull(error, "error is null");
        requireNonNull(message, "message is null");
        errors = errors == null ? null : List.copyOf(errors);
    }

    static ErrorBody of(String error, String message, String field) {
        return new ErrorBody(error, message, field, null);
    }

    /** The body of a Granary error (its status is {@link GranaryException#httpStatus()}). */
    public static ErrorBody of(GranaryException e) {
        return of(e.code(), e.getMessage(), e.field());
    }

    /** This body with {@code redaction} applied to the message and every spec error's message and fix. */
    public ErrorBody redacted(dev.granary.security.ErrorRedaction redaction) {
        return new ErrorBody(error, redaction.apply(message), field, errors == null ? null : errors.stream()
                .map(e -> new SpecError(e.path(), redaction.apply(e.message()), redaction.apply(e.fix()))).toList());
    }

    /** The body of a 500: says nothing of the internals, which go to the server log only. */
    public static ErrorBody internalError() {
        return of("INTERNAL_ERROR", "The server failed to handle the request; the details are in the server log", null);
    }
}
