package dev.granary.server.system;

import dev.granary.registry.Registry;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /health}: the process answers; {@code /ready}: its stores answer too. */
@RestController
class HealthController {
    private final Registry registry;

    HealthController(Registry registry) {
        this.registry = registry;
    }

    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "UP");
    }

    /** 200 when the registry database answers, 503 (with the reason) when it does not. */
    @GetMapping("/ready")
    ResponseEntity<Map<String, String>> ready() {
        try {
            registry.projects();
            return ResponseEntity.ok(Map.of("status", "READY", "registry", "UP"));
        } catch (RuntimeException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("status", "NOT_READY", "registry", "DOWN", "message", String.valueOf(e.getMessage())));
        }
    }
}
