package dev.granary.health.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.health.HealthStatus;
import java.time.Instant;
import java.util.List;

/**
 * One scheduled check of a feature service as the history keeps it: what was compared and, worst first, the
 * health of each feature (as the health report writes a feature: measures, causes, both sides' statistics).
 *
 * @param status   the worst status among {@code features}
 * @param features the features kept (all of the check's, or the one asked for), each as the report's JSON
 */
public record StoredCheck(Instant checkedAt, String mode, String reference, String current, HealthStatus status,
                          List<JsonNode> features) {
    public StoredCheck {
        requireNonNull(checkedAt, "checkedAt is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(current, "current is null");
        requireNonNull(status, "status is null");
        features = List.copyOf(features);
    }
}
