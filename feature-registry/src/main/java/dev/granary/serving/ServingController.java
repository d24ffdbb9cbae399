package dev.granary.serving;

import dev.granary.security.AccessInterceptor;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feast's feature-server endpoints: {@code POST /get-online-features} and {@code POST /push}.
 *
 * <p>{@code /get-online-features} is the hot path of serving, so it reads and writes the bodies itself
 * ({@link FeastResponse#writeTo}) instead of through Spring's message converters (measured: content negotiation
 * and the converter chain cost more per lookup than the JSON). Both endpoints read their bodies with
 * {@link FeastRequests}, as the serving port does, so both ports give the same 400 for the same body. Errors still
 * reach {@code ErrorAdvice}: nothing is written before the lookup has succeeded.
 */
@RestController
class ServingController {
    private final OnlineFeatureService features;
    private final PushService push;
    private final ObjectMapper json;

    ServingController(OnlineFeatureService features, PushService push, ObjectMapper json) {
        this.features = features;
        this.push = push;
        this.json = json;
    }

    @PostMapping(path = "/get-online-features", consumes = MediaType.APPLICATION_JSON_VALUE)
    void getOnlineFeatures(HttpServletRequest request, HttpServletResponse response) throws IOException {
        OnlineQuery query = FeastRequests.lookup(json, request.getInputStream());
        FeastResponse answer = features.getOnlineFeatures(query, AccessInterceptor.current());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        answer.writeTo(response.getOutputStream());
    }

    @PostMapping(path = "/push", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    PushRequest.Result push(HttpServletRequest request) throws IOException {
        return push.push(FeastRequests.push(json, request.getInputStream()), AccessInterceptor.current());
    }
}
