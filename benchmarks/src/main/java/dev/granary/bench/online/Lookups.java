package dev.granary.bench.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The lookups of {@code ./bench online}, prepared before measuring so no request is built while timed: random
 * entity ids 1..N in sets of 1 or 100, as raw HTTP requests, id arrays for Jedis and entity rows for GranaryClient.
 */
final class Lookups {
    private Lookups() {
    }

    /** {@code count} complete {@code POST /get-online-features} requests of {@code perRequest} random entities. */
    static byte[][] httpRequests(int port, List<String> features, int entities, int perRequest, int count,
                                 SplittableRandom random) {
        byte[][] requests = new byte[count][];
        StringBuilder featureJson = new StringBuilder("[");
        for (int f = 0; f < features.size(); f++) {
            featureJson.append(f == 0 ? "" : ",").append('"').append(features.get(f)).append('"');
        }
        featureJson.append(']');
        for (int r = 0; r < count; r++) {
            StringBuilder ids = new StringBuilder();
            for (int e = 0; e < perRequest; e++) {
                ids.append(e == 0 ? "" : ",").append(1 + random.nextInt(entities));
            }
            byte[] body = ("{\"features\":" + featureJson + ",\"entities\":{\"user_id\":[" + ids + "]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /get-online-features HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            requests[r] = ByteBuffer.allocate(head.length + body.length).put(head).put(body).array();
        }
        return requests;
    }

    /** {@code count} sets of {@code perRequest} random entity ids. */
    static long[][] ids(int entities, int perRequest, int count, SplittableRandom random) {
        long[][] out = new long[count][perRequest];
        for (long[] row : out) {
            for (int e = 0; e < perRequest; e++) {
                row[e] = 1 + random.nextInt(entities);
            }
        }
        return out;
    }

    /** The id sets as GranaryClient's entity rows ({@code user_id -> id}). */
    static List<List<Map<String, Object>>> rows(long[][] ids) {
        List<List<Map<String, Object>>> out = new ArrayList<>(ids.length);
        for (long[] batch : ids) {
            List<Map<String, Object>> rows = new ArrayList<>(batch.length);
            for (long id : batch) {
                rows.add(Map.of("user_id", id));
            }
            out.add(rows);
        }
        return out;
    }
}
