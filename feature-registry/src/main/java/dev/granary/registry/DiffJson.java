package dev.granary.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.spec.diff.SpecDiff;

/** Writes a diff as {@link DiffDocument} JSON for {@code registry_versions.diff_json} and reads its summary back. */
final class DiffJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DiffJson() {
    }

    static String write(SpecDiff diff) {
        try {
            return MAPPER.writeValueAsString(DiffDocument.of(diff));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a diff as JSON", e);
        }
    }

    static String summary(String diffJson) {
        try {
            JsonNode summary = MAPPER.readTree(diffJson).path("summary");
            return summary.isTextual() ? summary.asText() : "";
        } catch (JsonProcessingException e) {
            return "";
        }
    }
}
