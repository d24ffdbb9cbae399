package dev.granary.flight;

import static java.util.Objects.requireNonNull;

import dev.granary.export.TrainingSets;
import dev.granary.security.Authenticator;
import dev.granary.security.ErrorRedaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code granary serve --flight-port N}: an Arrow Flight server beside the REST API, sharing its training-set
 * service and token checks. Closing it stops the calls under way and frees their memory.
 */
public final class TrainingSetFlightServer implements AutoCloseable {
    private final BufferAllocator allocator;
    private final EntityUploads uploads;
    private final TrainingSetProducer producer;
    private final ExecutorService executor;
    private final FlightServer server;

    private TrainingSetFlightServer(String host, int port, TrainingSets trainingSets, Authenticator authenticator,
                                    ErrorRedaction redaction) throws IOException {
        this.allocator = new RootAllocator();
        this.uploads = new EntityUploads();
        FlightErrors errors = new FlightErrors(redaction);
        this.producer = new TrainingSetProducer(trainingSets, uploads, allocator, errors);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "granary-flight-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = FlightServer.builder(allocator, Location.forGrpcInsecure(host, port), producer)
                .middleware(CallerMiddleware.KEY, new CallerMiddleware.Factory(authenticator, errors))
                .executor(executor)
                .build();
        server.start();
    }

    /**
     * Starts listening on {@code host:port} ({@code 0} picks a free port).
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static TrainingSetFlightServer start(String host, int port, TrainingSets trainingSets,
                                                Authenticator authenticator, ErrorRedaction redaction) {
        requireNonNull(trainingSets, "trainingSets is null");
        requireNonNull(authenticator, "authenticator is null");
        requireNonNull(redaction, "redaction is null");
        try {
            return new TrainingSetFlightServer(host, port, trainingSets, authenticator, redaction);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Arrow Flight server on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** How many training sets are being streamed now (a cancelled one stops counting once its work has stopped). */
    public int streaming() {
        return producer.streaming();
    }

    /** Arrow memory held now by streams and uploads under way. */
    public long allocatedBytes() {
        return allocator.getAllocatedMemory();
    }

    /** The most Arrow memory held at once by streams and uploads since the server started. */
    public long peakAllocatedBytes() {
        return allocator.getPeakMemoryAllocation();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        server.shutdown();
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
            server.close();
        }
        // a call's handler frees its Arrow memory just after gRPC counts the call as ended: wait for the handlers,
        // or the allocator would find their buffers still out and refuse to close
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
        uploads.close();
        allocator.close();
    }
}
