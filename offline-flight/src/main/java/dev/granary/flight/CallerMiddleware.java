package dev.granary.flight;

import dev.granary.security.Authenticator;
import dev.granary.security.Caller;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/** Who calls: the REST API's bearer token checked by its {@link Authenticator}, once per call. */
final class CallerMiddleware implements FlightServerMiddleware {
    static final Key<CallerMiddleware> KEY = Key.of("granary-caller");

    final Caller caller;

    private CallerMiddleware(Caller caller) {
        this.caller = caller;
    }

    static final class Factory implements FlightServerMiddleware.Factory<CallerMiddleware> {
        private final Authenticator authenticator;
        private final FlightErrors errors;

        Factory(Authenticator authenticator, FlightErrors errors) {
            this.authenticator = authenticator;
            this.errors = errors;
        }

        @Override
        public CallerMiddleware onCallStarted(CallInfo info, CallHeaders headers, RequestContext context) {
            try {
                return new CallerMiddleware(authenticator.authenticate(headers.get("authorization")));
            } catch (RuntimeException e) {
                throw errors.of(e);
            }
        }
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
    }

    @Override
    public void onCallCompleted(CallStatus status) {
    }

    @Override
    public void onCallErrored(Throwable err) {
    }
}
