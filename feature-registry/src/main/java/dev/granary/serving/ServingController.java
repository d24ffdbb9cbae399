package dev.granary.serving;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Feast's feature-server endpoints: {@code POST /get-online-features} and {@code POST /push}. */
@RestController
class ServingController {
    private final OnlineFeatureService features;
    private final PushService push;

    ServingController(OnlineFeatureService features, PushService push) {
        this.features = features;
        this.push = push;
    }

    @PostMapping(path = "/get-online-features", produces = MediaType.APPLICATION_JSON_VALUE)
    FeastResponse getOnlineFeatures(@RequestBody JsonNode body) {
        return features.getOnlineFeatures(FeastRequests.lookup(body));
    }

    @PostMapping(path = "/push", produces = MediaType.APPLICATION_JSON_VALUE)
    PushRequest.Result push(@RequestBody JsonNode body) {
        return push.push(FeastRequests.push(body));
    }
}
