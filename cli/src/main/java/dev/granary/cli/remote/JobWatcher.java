package dev.granary.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.cli.backend.JobFailedException;
import dev.granary.cli.backend.ServerUnreachableException;
import java.util.function.Consumer;

/**
 * Follows a job the server runs ({@code GET /api/v1/jobs/{id}}, five times a second) until it ends, handing each
 * record seen to a progress callback.
 */
final class JobWatcher {
    private static final long POLL_MILLIS = 200;

    private final ServerConnection server;

    JobWatcher(ServerConnection server) {
        this.server = requireNonNull(server, "server is null");
    }

    /**
     * Waits for the job and answers its {@code SUCCEEDED} record.
     *
     * @throws JobFailedException with the job's message when it ends {@code FAILED}
     */
    JsonNode await(JsonNode submitted, Consumer<JsonNode> progress) {
        String id = submitted.path("id").asText();
        JsonNode job = submitted;
        while (true) {
            String status = job.path("status").asText();
            if ("SUCCEEDED".equals(status)) {
                return job;
            }
            if ("FAILED".equals(status)) {
                throw new JobFailedException(job.path("message").asText("the job failed; see the server's log"));
            }
            progress.accept(job);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServerUnreachableException("interrupted while following job " + id + "; it goes on in the"
                        + " server (GET /api/v1/jobs/" + id + ")", e);
            }
            job = server.get("/api/v1/jobs/" + ServerConnection.encode(id));
        }
    }
}
