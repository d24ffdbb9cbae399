package dev.granary.server.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}: errors raised outside Spring MVC (by the servlet container or a filter) get the same JSON body
 * as those {@link ErrorAdvice} handles, instead of Spring Boot's default page.
 */
@RestController
class ErrorEndpoint implements ErrorController {
    @RequestMapping(path = "/error", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            // asked for directly (GET /error): there is no error to report and no such endpoint
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.of("NOT_FOUND", "No endpoint /error; the API is described in docs/api.md",
                            null));
        }
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        String error = status.is4xxClientError() ? "BAD_REQUEST" : "INTERNAL_ERROR";
        if (status == HttpStatus.NOT_FOUND) {
            error = "NOT_FOUND";
        }
        String message = status.is4xxClientError()
                ? "The request was refused (" + status.value() + " " + status.getReasonPhrase() + "); see docs/api.md"
                : "The server failed to handle the request; the details are in the server log";
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(error, message, null));
    }
}
