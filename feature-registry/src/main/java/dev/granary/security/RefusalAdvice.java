package dev.granary.security;

import dev.granary.server.system.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;

/** Answers a refused call with its JSON error and records it in the audit log, wherever it was refused. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusalAdvice {
    private final AuditLog audit;

    RefusalAdvice(AuditLog audit) {
        this.audit = audit;
    }

    @ExceptionHandler(RequestRefusedException.class)
    ResponseEntity<ErrorBody> refused(RequestRefusedException e, HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        audit.denied(request.getMethod() + " " + (pattern != null ? pattern : request.getRequestURI()), e);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.valueOf(e.httpStatus()))
                .contentType(MediaType.APPLICATION_JSON);
        if (e.httpStatus() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"granary\"");
        }
        return response.body(ErrorBody.of(e));
    }
}
