package dev.granary.serving;

import dev.granary.error.FailureLog;
import dev.granary.error.GranaryException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Feast's error shape on the main port's Feast endpoints ({@link ServingController}): a JSON string holding
 * {@code module}, {@code class}, {@code message}. An advice rather than a handler in the controller, ordered after
 * the security package's refusal advice, so a refused call is still recorded in the audit log and answered as on
 * every other endpoint.
 */
@RestControllerAdvice(assignableTypes = ServingController.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class FeastErrorAdvice {
    @ExceptionHandler(GranaryException.class)
    ResponseEntity<byte[]> feastError(GranaryException e) {
        FailureLog.failed(e);
        var error = FeastEndpoints.error(e);
        return ResponseEntity.status(error.status()).contentType(MediaType.APPLICATION_JSON).body(error.body());
    }
}
