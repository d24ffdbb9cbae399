package dev.granary.serving;

import dev.granary.materialization.MaterializeRequest;
import dev.granary.security.AccessInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feast's feature-server endpoints on the main port: {@code /get-online-features}, {@code /push},
 * {@code /write-to-online-store}, {@code /materialize} and {@code /materialize-incremental}, through
 * {@link FeastEndpoints} as on the serving port, so both ports answer the same body the same way. Errors here take
 * Feast's shape ({@link FeastErrorAdvice}), so Feast's client raises its own exception classes.
 *
 * <p>{@code /get-online-features} is the hot path of serving, so it reads and writes the bodies itself
 * ({@link FeastResponse#writeTo}) instead of through Spring's message converters (measured: content negotiation
 * and the converter chain cost more per lookup than the JSON). Nothing is written before the lookup has succeeded.
 */
@RestController
class ServingController {
    private final FeastEndpoints feast;

    ServingController(FeastEndpoints feast) {
        this.feast = feast;
    }

    @PostMapping(path = "/get-online-features")
    void getOnlineFeatures(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UnsupportedBodyTypeException.check(request.getContentType());
        FeastResponse answer = feast.lookup(feast.lookupQuery(request.getInputStream()), AccessInterceptor.current());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        answer.writeTo(response.getOutputStream());
    }

    @PostMapping(path = "/push", produces = MediaType.APPLICATION_JSON_VALUE)
    PushRequest.Result push(HttpServletRequest request) throws IOException {
        UnsupportedBodyTypeException.check(request.getContentType());
        return feast.push(feast.pushRequest(request.getInputStream()), AccessInterceptor.current());
    }

    @PostMapping(path = "/write-to-online-store", produces = MediaType.APPLICATION_JSON_VALUE)
    PushRequest.Result write(HttpServletRequest request) throws IOException {
        UnsupportedBodyTypeException.check(request.getContentType());
        return feast.push(feast.writeRequest(request.getInputStream()), AccessInterceptor.current());
    }

    @PostMapping(path = "/materialize", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> materialize(HttpServletRequest request,
                                       @RequestParam(name = "async", defaultValue = "false") boolean async)
            throws IOException {
        return materialize(request, false, async);
    }

    @PostMapping(path = "/materialize-incremental", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> materializeIncremental(HttpServletRequest request,
                                                  @RequestParam(name = "async", defaultValue = "false") boolean async)
            throws IOException {
        return materialize(request, true, async);
    }

    private ResponseEntity<Object> materialize(HttpServletRequest request, boolean incremental, boolean async)
            throws IOException {
        UnsupportedBodyTypeException.check(request.getContentType());
        MaterializeRequest job = feast.materializeRequest(request.getInputStream(), incremental);
        return async ? ResponseEntity.status(HttpStatus.ACCEPTED).body(feast.submit(job, AccessInterceptor.current()))
                : ResponseEntity.ok(feast.materialize(job, AccessInterceptor.current()));
    }
}
