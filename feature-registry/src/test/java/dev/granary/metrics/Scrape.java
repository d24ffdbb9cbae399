package dev.granary.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One read of {@code GET /metrics}: Prometheus' text parsed into samples. */
record Scrape(int status, String contentType, List<Sample> samples) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One line: a series (name and labels) and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    static Scrape of(int port) {
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Scrape(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of the one series {@code name} with (at least) {@code labels}; 0 when there is none. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
        if (found.size() > 1) {
            throw new AssertionError("more than one series " + name + labels + ": " + found);
        }
        return found.isEmpty() ? 0 : found.get(0).value();
    }

    /** Every series {@code name} with (at least) {@code labels}. */
    List<Sample> all(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, brace);
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                String inner = line.substring(brace + 1, line.lastIndexOf('}'));
                int i = 0;
                while (i < inner.length()) {
                    int eq = inner.indexOf('=', i);
                    int end = inner.indexOf('"', eq + 2);
                    while (inner.charAt(end - 1) == '\\') {
                        end = inner.indexOf('"', end + 1);
                    }
                    labels.put(inner.substring(i, eq), inner.substring(eq + 2, end));
                    i = end + 1;
                    if (i < inner.length() && inner.charAt(i) == ',') {
                        i++;
                    }
                }
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return samples;
    }
}
