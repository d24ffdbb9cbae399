package dev.granary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.granary.cli.backend.RepositoryBackend;
import dev.granary.health.FeatureHealth;
import dev.granary.health.HealthReport;
import dev.granary.health.HealthRequest;
import dev.granary.health.HealthStatus;
import dev.granary.health.MeasureValue;
import dev.granary.spec.HealthMeasure;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Check a feature service's health: training/serving skew against a training set when the"
                + " service logs what it serves, else drift of its sources (a baseline against a recent window),"
                + " and the staleness of its views. Prints a table of features, worst first. Exit code 1 when any"
                + " feature alerts. See docs/health.md."})
final class HealthCommand implements Callable<Integer> {
    /** The measures shown as columns, in this order. */
    private static final List<HealthMeasure> COLUMNS = List.of(HealthMeasure.PSI, HealthMeasure.JS_DIVERGENCE,
            HealthMeasure.KS_DISTANCE, HealthMeasure.NULL_RATE_INCREASE, HealthMeasure.NOT_FOUND_RATE,
            HealthMeasure.STALENESS);

    @Mixin
    RepoOptions repo;
    @Parameters(index = "0", paramLabel = "SERVICE", description = "The feature service to check.")
    String service;
    @Option(names = "--reference", paramLabel = "TRAINING_SET_ID",
            description = "Compare the served values with this training set (default: the newest training set of"
                    + " the service's features, when the service logs).")
    String reference;
    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "24h",
            description = "The current window, ending now: 24h, 7d, 90m or PT24H (default: ${DEFAULT-VALUE}).")
    String window;
    @Option(names = "--baseline", paramLabel = "DURATION",
            description = "Drift only: the baseline window before the current one (default: 7 windows).")
    String baseline;
    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        try (Workspace workspace = repo.open();
             RepositoryBackend backend = repo.backend(workspace, RepositoryStore.REGISTRY)) {
            String project = backend.defaultProject(workspace.config().project());
            HealthReport report = backend.health(new HealthRequest(project, service, reference,
                    HealthRequest.parseWindow("--window", window), HealthRequest.parseWindow("--baseline", baseline)));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writerWithDefaultPrettyPrinter().writeValueAsString(report));
            } else {
                print(report, out);
            }
            out.flush();
            return report.status() == HealthStatus.ALERT ? 1 : 0;
        }
    }

    private static void print(HealthReport report, PrintWriter out) {
        out.println("Feature service " + report.service() + " of project " + report.project() + ": " + report.mode()
                + ", reference " + report.reference() + ", current " + report.current());
        String row = "%-36s  %-6s" + " %9s".repeat(COLUMNS.size()) + "  %s%n";
        Object[] header = new Object[COLUMNS.size() + 3];
        header[0] = "FEATURE";
        header[1] = "STATUS";
        for (int i = 0; i < COLUMNS.size(); i++) {
            header[i + 2] = COLUMNS.get(i).jsonName().length() > 9 ? abbreviation(COLUMNS.get(i))
                    : COLUMNS.get(i).jsonName();
        }
        header[header.length - 1] = "CAUSES";
        out.printf(Locale.ROOT, row, header);
        for (FeatureHealth feature : report.features()) {
            Object[] cells = new Object[COLUMNS.size() + 3];
            cells[0] = feature.name();
            cells[1] = feature.status().text();
            for (int i = 0; i < COLUMNS.size(); i++) {
                double v = feature.value(COLUMNS.get(i));
                cells[i + 2] = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
            }
            cells[cells.length - 1] = causes(feature);
            out.printf(Locale.ROOT, row, cells);
        }
        long alerts = report.features().stream().filter(f -> f.status() == HealthStatus.ALERT).count();
        long warnings = report.features().stream().filter(f -> f.status() == HealthStatus.WARN).count();
        out.println("Status " + report.status().text() + ": " + alerts + " alerting, " + warnings + " warning, "
                + (report.features().size() - alerts - warnings) + " ok.");
    }

    private static String causes(FeatureHealth feature) {
        String measures = feature.causes().stream().map(HealthCommand::cause).collect(Collectors.joining(", "));
        String categories = feature.newCategories().isEmpty() ? "" : " new: " + String.join(", ", feature.newCategories());
        String note = feature.note().isEmpty() ? "" : " (" + feature.note() + ")";
        return measures + categories + note;
    }

    private static String cause(MeasureValue m) {
        return String.format(Locale.ROOT, "%s %.4g >= %s %.4g", m.measure().jsonName(), m.value(),
                m.status() == HealthStatus.ALERT ? "alert" : "warn",
                m.status() == HealthStatus.ALERT ? m.threshold() : m.threshold() / 2);
    }

    private static String abbreviation(HealthMeasure measure) {
        return switch (measure) {
            case JS_DIVERGENCE -> "js";
            case KS_DISTANCE -> "ks";
            case NULL_RATE_INCREASE -> "nulls+";
            case NOT_FOUND_RATE -> "notFound";
            default -> measure.jsonName().substring(0, 9);
        };
    }
}
