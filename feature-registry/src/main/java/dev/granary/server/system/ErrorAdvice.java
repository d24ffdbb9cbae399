package dev.granary.server.system;

import dev.granary.error.FailureLog;
import dev.granary.error.GranaryException;
import dev.granary.security.ErrorRedaction;
import dev.granary.spec.SpecInvalidException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every error to an HTTP status and an {@link ErrorBody}: Granary's typed errors carry their own status,
 * Spring MVC's request errors become 4xx, anything else a 500 whose body says nothing of the internals (the
 * stack trace goes to the log only).
 */
@RestControllerAdvice
class ErrorAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorAdvice.class);

    private final ErrorRedaction redaction;

    ErrorAdvice(ErrorRedaction redaction) {
        this.redaction = redaction;
    }

    @ExceptionHandler(GranaryException.class)
    ResponseEntity<ErrorBody> granary(GranaryException e) {
        FailureLog.failed(e);
        return respond(HttpStatus.valueOf(e.httpStatus()), ErrorBody.of(e));
    }

    @ExceptionHandler(SpecInvalidException.class)
    ResponseEntity<ErrorBody> specInvalid(SpecInvalidException e) {
        String field = e.errors().isEmpty() ? null : e.errors().getFirst().path();
        return respond(HttpStatus.BAD_REQUEST, new ErrorBody("SPEC_INVALID", e.getMessage(), field, e.errors()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return respond(HttpStatus.BAD_REQUEST, ErrorBody.of("MALFORMED_REQUEST",
                "The request body is missing or is not valid JSON of the expected shape; send a JSON object"
                        + " as described in docs/api.md", "body"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorBody.of("UNSUPPORTED_MEDIA_TYPE",
                "Content type " + e.getContentType() + " is not supported; send Content-Type: application/json",
                "Content-Type"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, ErrorBody.of("NOT_ACCEPTABLE",
                "This endpoint answers with application/json; accept it", "Accept"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, ErrorBody.of("METHOD_NOT_ALLOWED",
                "Method " + e.getMethod() + " is not allowed here; use " + e.getSupportedHttpMethods(), null));
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ErrorBody> noRoute(Exception e) {
        return respond(HttpStatus.NOT_FOUND, ErrorBody.of("NOT_FOUND",
                "No such endpoint; see docs/api.md for the routes of the Granary API", null));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, ErrorBody.of("BAD_REQUEST",
                "Query parameter '" + e.getParameterName() + "' is required", e.getParameterName()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException e) {
        return respond(HttpStatus.BAD_REQUEST, ErrorBody.of("BAD_REQUEST",
                "Header '" + e.getHeaderName() + "' is required", e.getHeaderName()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return respond(HttpStatus.BAD_REQUEST, ErrorBody.of("BAD_REQUEST",
                "'" + e.getName() + "' must be of type " + expected + ", got '" + e.getValue() + "'", e.getName()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        LOG.error("Unexpected error while handling a request", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBody.internalError());
    }

    private ResponseEntity<ErrorBody> respond(HttpStatus status, ErrorBody body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body.redacted(redaction));
    }
}
