package dev.granary.flight;

import dev.granary.export.TrainingSetBody;
import dev.granary.export.TrainingSets;
import dev.granary.security.AccessInterceptor;
import dev.granary.security.Caller;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.arrow.memory.BufferAllocator;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/projects/{project}/training-sets} with {@code Accept: application/vnd.apache.arrow.stream}:
 * the training set of the JSON job's body streamed back as an Arrow IPC stream while it is computed, for clients
 * without Flight; nothing is written on the server and nothing is recorded. The route is the job's (its access
 * rule, the reader role, applies); restricted features need a grant. Errors found before the first batch answer
 * as the REST API does (4xx with a JSON body); one after it cuts the stream short (no end-of-stream marker, the
 * connection closed), which Arrow readers report as an error.
 */
@RestController
final class ArrowTrainingSetController {
    /** A failure after the stream began: the answer can no longer be an error body. */
    static final class StreamCutShort extends RuntimeException {
        StreamCutShort(RuntimeException cause) {
            super("the Arrow stream of a training set failed after it began", cause);
        }
    }

    private final TrainingSets trainingSets;
    private final BufferAllocator allocator;

    ArrowTrainingSetController(TrainingSets trainingSets, BufferAllocator allocator) {
        this.trainingSets = trainingSets;
        this.allocator = allocator;
    }

    @PostMapping(path = "/api/v1/projects/{project}/training-sets", produces = ArrowHttpSink.MEDIA_TYPE)
    void stream(@PathVariable String project, @RequestBody TrainingSetBody body, HttpServletResponse response) {
        Caller caller = AccessInterceptor.current();
        try (BufferAllocator child = allocator.newChildAllocator("rest-training-set", 0, Long.MAX_VALUE);
             ArrowHttpSink sink = new ArrowHttpSink(child, response)) {
            try {
                if (body.output() != null || body.overwrite() != null) {
                    throw new dev.granary.error.BadRequestException("output", "a streamed training set is not"
                            + " written on the server; drop output and overwrite, or accept application/json to"
                            + " run an export job");
                }
                if (body.isReplay()) {
                    trainingSets.streamReplay(project, body.replay(), Boolean.TRUE.equals(body.allowChangedInputs()),
                            caller, sink);
                } else {
                    trainingSets.stream(body.request(project), null, caller, sink);
                }
                sink.completed();
            } catch (RuntimeException e) {
                if (sink.started()) {
                    throw new StreamCutShort(e);
                }
                throw e;
            }
        }
    }

    /**
     * Rethrown past the error advice, which would append a JSON body to the stream already sent: the container
     * logs the failure and closes the connection before the stream's end, so the client sees it fail.
     */
    @ExceptionHandler(StreamCutShort.class)
    void cutShort(StreamCutShort e) {
        throw e;
    }
}
