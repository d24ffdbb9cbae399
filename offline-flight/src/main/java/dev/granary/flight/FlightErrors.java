package dev.granary.flight;

import dev.granary.error.GranaryException;
import dev.granary.security.ErrorRedaction;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST API's errors as Flight statuses, mapped once: the HTTP status picks the code, the message is REST's. */
final class FlightErrors {
    private static final Logger LOG = LoggerFactory.getLogger(FlightErrors.class);

    private final ErrorRedaction redaction;

    FlightErrors(ErrorRedaction redaction) {
        this.redaction = redaction;
    }

    FlightRuntimeException of(Throwable error) {
        if (error instanceof FlightRuntimeException flight) {
            return flight;
        }
        if (error instanceof GranaryException e) {
            CallStatus status = switch (e.httpStatus()) {
                case 401 -> CallStatus.UNAUTHENTICATED;
                case 403 -> CallStatus.UNAUTHORIZED;
                case 404 -> CallStatus.NOT_FOUND;
                case 503 -> CallStatus.UNAVAILABLE;
                default -> e.httpStatus() < 500 ? CallStatus.INVALID_ARGUMENT : CallStatus.INTERNAL;
            };
            return status.withDescription(e.code() + ": " + redaction.apply(e.getMessage())).toRuntimeException();
        }
        if (error instanceof IllegalArgumentException e) {
            return CallStatus.INVALID_ARGUMENT.withDescription("BAD_REQUEST: " + redaction.apply(e.getMessage()))
                    .toRuntimeException();
        }
        LOG.error("Flight call failed", error);
        return CallStatus.INTERNAL.withDescription("INTERNAL_ERROR: an internal error; the server log has details")
                .toRuntimeException();
    }
}
