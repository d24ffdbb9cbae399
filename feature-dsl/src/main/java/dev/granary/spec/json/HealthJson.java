package dev.granary.spec.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthMeasure;
import dev.granary.spec.HealthThreshold;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.MonitorSpec;
import dev.granary.spec.SpecError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A feature service's {@code "logging": {"sampleRate": 0.01, "folder": "..."}} and
 * {@code "monitors": [{"target": "driver_stats", "thresholds": {"psi": 0.2}}]}, written only when declared so that
 * specs without them keep their canonical JSON.
 */
final class HealthJson {
    private HealthJson() {
    }

    static LoggingSpec logging(JsonFields service, List<SpecError> errors) {
        JsonNode node = service.raw("logging");
        if (node == null || node.isNull()) {
            return null;
        }
        String path = JsonFields.child(service.path(), "logging");
        Optional<JsonFields> fields = JsonFields.of(node, path, errors, "the logging settings");
        if (fields.isEmpty()) {
            return null;
        }
        JsonFields json = fields.get();
        json.rejectMisspelledFields(Set.of("sampleRate", "folder"));
        JsonNode rate = json.raw("sampleRate");
        if (rate == null || !rate.isNumber()) {
            json.error("sampleRate", rate == null ? "missing field 'sampleRate'"
                            : "expected a number but found " + JsonFields.kind(rate),
                    "add \"sampleRate\": the share of lookups to log, such as 0.01");
            return new LoggingSpec(1.0, json.optionalString("folder", ""));
        }
        return new LoggingSpec(rate.doubleValue(), json.optionalString("folder", ""));
    }

    static List<MonitorSpec> monitors(JsonFields service, List<SpecError> errors) {
        List<JsonNode> nodes = service.array("monitors", false, "");
        List<MonitorSpec> out = new ArrayList<>();
        String arrayPath = JsonFields.child(service.path(), "monitors");
        for (int i = 0; i < nodes.size(); i++) {
            Optional<JsonFields> fields = JsonFields.of(nodes.get(i), arrayPath + "[" + i + "]", errors, "a monitor");
            if (fields.isEmpty()) {
                continue;
            }
            JsonFields json = fields.get();
            json.rejectMisspelledFields(Set.of("target", "thresholds"));
            String target = json.optionalString("target", "");
            JsonNode thresholds = json.raw("thresholds");
            if (thresholds == null || !thresholds.isObject()) {
                json.error("thresholds", thresholds == null ? "missing field 'thresholds'"
                                : "expected an object but found " + JsonFields.kind(thresholds),
                        "add \"thresholds\": {\"psi\": 0.2, \"nullRateIncrease\": 0.05}");
                continue;
            }
            List<HealthThreshold> list = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : thresholds.properties()) {
                String field = "thresholds." + entry.getKey();
                Optional<HealthMeasure> measure = HealthMeasure.parse(entry.getKey());
                if (measure.isEmpty()) {
                    json.error(field, "unknown measure '" + entry.getKey() + "'", "use one of "
                            + HealthMeasure.names());
                } else if (!entry.getValue().isNumber()) {
                    json.error(field, "expected a number but found " + JsonFields.kind(entry.getValue()),
                            "write the alert threshold as a number, such as 0.2");
                } else {
                    list.add(new HealthThreshold(measure.get(), entry.getValue().doubleValue()));
                }
            }
            out.add(new MonitorSpec(target, list));
        }
        return out;
    }

    static void write(ObjectNode node, FeatureServiceSpec service) {
        service.loggingSpec().ifPresent(logging -> {
            ObjectNode out = node.putObject("logging");
            out.put("sampleRate", logging.sampleRate());
            if (!logging.folder().isEmpty()) {
                out.put("folder", logging.folder());
            }
        });
        if (!service.monitors().isEmpty()) {
            var array = node.putArray("monitors");
            for (MonitorSpec monitor : service.monitors()) {
                ObjectNode out = array.addObject();
                out.put("target", monitor.target());
                ObjectNode thresholds = out.putObject("thresholds");
                monitor.thresholds().forEach(t -> thresholds.put(t.measure().jsonName(), t.alert()));
            }
        }
    }
}
