package dev.granary.server.system;

import dev.granary.online.OnlineStore;
import dev.granary.registry.Registry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /health}: the process answers; {@code /ready}: its stores answer too. */
@RestController
class HealthController {
    private final Registry registry;
    private final ObjectProvider<OnlineStore> onlineStore;
    private final dev.granary.security.ErrorRedaction redaction;

    HealthController(Registry registry, ObjectProvider<OnlineStore> onlineStore,
                     dev.granary.security.ErrorRedaction redaction) {
        this.registry = registry;
        this.onlineStore = onlineStore;
        this.redaction = redaction;
    }

    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "UP");
    }

    /** 200 when the registry database and the online store answer, 503 (with the reason) when one does not. */
    @GetMapping("/ready")
    ResponseEntity<Map<String, String>> ready() {
        try {
            registry.projects();
        } catch (RuntimeException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("status", "NOT_READY", "registry", "DOWN", "message", String.valueOf(redaction.apply(e.getMessage()))));
        }
        OnlineStore online = onlineStore.getIfAvailable();
        if (online == null) {
            return ResponseEntity.ok(Map.of("status", "READY", "registry", "UP"));
        }
        try {
            online.ping();
            return ResponseEntity.ok(Map.of("status", "READY", "registry", "UP", "online", "UP"));
        } catch (RuntimeException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "NOT_READY",
                    "registry", "UP", "online", "DOWN", "message", String.valueOf(redaction.apply(e.getMessage()))));
        }
    }
}
